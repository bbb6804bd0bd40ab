//! Switches, limits, caps and the rules against repeats and bots.
use gamification::proto::AbandonGameRequest;
use tonic::Code;

use super::{
    GameRequest, answer, correct_answer, game_app, game_of, new_user, play_out, set, start_game,
    submit,
};
use crate::helpers::{TestApp, expect_code, field_violations};

#[tokio::test]
async fn bad_start_requests_get_their_own_status_and_create_nothing() {
    let app = game_app().await;
    let user = new_user(&app, 20).await;
    let unknown = app
        .games()
        .start_game(game_of(user).kind("chess").chat("c"))
        .await;
    let unknown = expect_code(unknown, Code::InvalidArgument);
    assert_eq!(field_violations(&unknown)[0].0, "game_type");
    let no_chat = app.games().start_game(game_of(user).chat("")).await;
    assert_eq!(
        field_violations(&expect_code(no_chat, Code::InvalidArgument))[0].0,
        "session_id"
    );
    let nobody = app.games().start_game(game_of(987_654).chat("c")).await;
    expect_code(nobody, Code::NotFound);

    set(&app, "enabled_game_types", r#"["tone_detective"]"#).await;
    let disabled = app.games().start_game(game_of(user).chat("c")).await;
    expect_code(disabled, Code::FailedPrecondition);
    set(&app, "games_enabled", "false").await;
    let off = app
        .games()
        .start_game(game_of(user).kind("tone_detective").chat("c"))
        .await;
    expect_code(off, Code::FailedPrecondition);
    assert_eq!(app.count("SELECT COUNT(*) FROM game_sessions").await, 0);
}

#[tokio::test]
async fn the_daily_game_limit_and_the_cooldown_are_enforced() {
    let app = game_app().await;
    let user = new_user(&app, 21).await;
    set(&app, "daily_game_limit", "2").await;
    for chat in ["a", "b"] {
        let game = start_game(&app, game_of(user).kind("tone_detective").chat(chat)).await;
        abandon(&app, game.id).await;
    }
    let third = app
        .games()
        .start_game(game_of(user).kind("tone_detective").chat("c"))
        .await;
    expect_code(third, Code::ResourceExhausted);
    assert_eq!(app.count("SELECT COUNT(*) FROM game_sessions").await, 2);

    let other = new_user(&app, 22).await;
    set(&app, "game_cooldown_seconds", "3600").await;
    let game = start_game(&app, game_of(other).kind("tone_detective").chat("a")).await;
    abandon(&app, game.id).await;
    let soon = app
        .games()
        .start_game(game_of(other).kind("tone_detective").chat("b"))
        .await;
    let soon = expect_code(soon, Code::ResourceExhausted);
    assert!(soon.message().contains("cooldown"), "{}", soon.message());
}

async fn abandon(app: &TestApp, game_session_id: i32) {
    let game = app
        .games()
        .abandon_game(AbandonGameRequest { game_session_id })
        .await
        .expect("abandon")
        .into_inner()
        .game_session
        .expect("session");
    assert_eq!(
        (game.status.as_str(), game.reward_status.as_str()),
        ("abandoned", "")
    );
}

#[tokio::test]
async fn the_daily_reward_cap_reduces_the_second_game_of_the_day() {
    let app = game_app().await;
    let user = new_user(&app, 23).await;
    set(&app, "daily_reward_cap", "20.00").await;
    let first = start_game(&app, game_of(user).chat("a")).await;
    let first = play_out(&app, first, &[]).await.reward.expect("reward");
    assert_eq!((first.amount.as_str(), first.capped), ("15.00", false));
    let second = start_game(&app, game_of(user).kind("tone_detective").chat("b")).await;
    let second = play_out(&app, second, &[]).await;
    let reward = second.reward.expect("reward");
    assert_eq!((reward.amount.as_str(), reward.capped), ("5.00", true));
    assert_eq!(reward.loyalty_points, 50, "points are not capped");
    let third = start_game(&app, game_of(user).kind("entity_hunter").chat("c")).await;
    let third = play_out(&app, third, &[]).await;
    assert_eq!(third.reward.expect("reward").amount, "0.00");
    assert_eq!(third.reward_status, "", "nothing to pay");
}

#[tokio::test]
async fn answers_faster_than_the_minimum_are_suspicious_and_earn_nothing() {
    let app = TestApp::spawn().await;
    let user = new_user(&app, 24).await;
    let game = start_game(&app, game_of(user).difficulty("easy").chat("bot")).await;
    let question = game.current_question.clone().expect("question");
    let correct = correct_answer(&app, question.question_id).await;
    let response = submit(&app, answer(&game, &correct)).await;
    assert!(response.suspicious);
    assert_eq!(response.score, 0);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM game_answers WHERE suspicious")
            .await,
        1
    );
}
