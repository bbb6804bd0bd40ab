//! Switches, limits, caps and the rules against repeats and bots.
use gamification::proto::AbandonGameRequest;
use tonic::Code;

use rust_decimal::Decimal;

use super::{
    answer, correct_answer, game_app, last_answer_pending, new_user, play_out, set, start,
    start_game, submit,
};
use crate::helpers::{TestApp, expect_code, field_violations};

#[tokio::test]
async fn bad_start_requests_get_their_own_status_and_create_nothing() {
    let app = game_app().await;
    let user = new_user(&app, 20).await;
    let unknown = app
        .games()
        .start_game(start(user, "chess", "medium", "en", "c"))
        .await;
    let unknown = expect_code(unknown, Code::InvalidArgument);
    assert_eq!(field_violations(&unknown)[0].0, "game_type");
    let no_chat = app
        .games()
        .start_game(start(user, "intent_quest", "medium", "en", ""))
        .await;
    assert_eq!(
        field_violations(&expect_code(no_chat, Code::InvalidArgument))[0].0,
        "session_id"
    );
    let nobody = app
        .games()
        .start_game(start(987_654, "intent_quest", "medium", "en", "c"))
        .await;
    expect_code(nobody, Code::NotFound);

    set(&app, "enabled_game_types", r#"["tone_detective"]"#).await;
    let disabled = app
        .games()
        .start_game(start(user, "intent_quest", "medium", "en", "c"))
        .await;
    expect_code(disabled, Code::FailedPrecondition);
    set(&app, "games_enabled", "false").await;
    let off = app
        .games()
        .start_game(start(user, "tone_detective", "medium", "en", "c"))
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
        let game = start_game(&app, start(user, "tone_detective", "medium", "en", chat)).await;
        abandon(&app, game.id).await;
    }
    let third = app
        .games()
        .start_game(start(user, "tone_detective", "medium", "en", "c"))
        .await;
    expect_code(third, Code::ResourceExhausted);
    assert_eq!(app.count("SELECT COUNT(*) FROM game_sessions").await, 2);

    let other = new_user(&app, 22).await;
    set(&app, "game_cooldown_seconds", "3600").await;
    let game = start_game(&app, start(other, "tone_detective", "medium", "en", "a")).await;
    abandon(&app, game.id).await;
    let soon = app
        .games()
        .start_game(start(other, "tone_detective", "medium", "en", "b"))
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
    let first = start_game(&app, start(user, "intent_quest", "medium", "en", "a")).await;
    let first = play_out(&app, first, &[]).await.reward.expect("reward");
    assert_eq!((first.amount.as_str(), first.capped), ("15.00", false));
    let second = start_game(&app, start(user, "tone_detective", "medium", "en", "b")).await;
    let second = play_out(&app, second, &[]).await;
    let reward = second.reward.expect("reward");
    assert_eq!((reward.amount.as_str(), reward.capped), ("5.00", true));
    assert_eq!(reward.loyalty_points, 50, "points are not capped");
    let third = start_game(&app, start(user, "entity_hunter", "medium", "en", "c")).await;
    let third = play_out(&app, third, &[]).await;
    assert_eq!(third.reward.expect("reward").amount, "0.00");
    assert_eq!(third.reward_status, "", "nothing to pay");
}

#[tokio::test]
async fn answers_faster_than_the_minimum_are_suspicious_and_earn_nothing() {
    let app = TestApp::spawn().await;
    let user = new_user(&app, 24).await;
    let game = start_game(&app, start(user, "intent_quest", "easy", "en", "bot")).await;
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

#[tokio::test]
async fn a_question_answered_recently_is_not_asked_again() {
    let app = game_app().await;
    let user = new_user(&app, 25).await;
    // One game as long as the bank of easy English intent questions uses them all.
    let bank = app
        .count(
            "SELECT COUNT(*) FROM game_questions WHERE game_type = 'intent_quest' \
             AND difficulty = 'easy' AND language = 'en' AND enabled = TRUE",
        )
        .await;
    set(&app, "questions_per_game", &bank.to_string()).await;
    let game = start_game(&app, start(user, "intent_quest", "easy", "en", "a")).await;
    assert_eq!(i64::from(game.question_count), bank);
    play_out(&app, game, &[]).await;
    let again = app
        .games()
        .start_game(start(user, "intent_quest", "easy", "en", "b"))
        .await;
    expect_code(again, Code::FailedPrecondition);
    let someone_else = new_user(&app, 26).await;
    let theirs = start_game(&app, start(someone_else, "intent_quest", "easy", "en", "a")).await;
    assert_eq!(
        i64::from(theirs.question_count),
        bank,
        "other players still get them"
    );
}

#[tokio::test]
async fn two_games_completing_at_once_never_pay_more_than_the_cap_together() {
    let app = game_app().await;
    let user = new_user(&app, 27).await;
    set(&app, "daily_reward_cap", "20.00").await;
    let mut last_answers = Vec::new();
    for (game_type, chat) in [("intent_quest", "a"), ("tone_detective", "b")] {
        last_answers
            .push(last_answer_pending(&app, start(user, game_type, "medium", "en", chat)).await);
    }
    let tasks: Vec<_> = last_answers
        .into_iter()
        .map(|request| {
            let mut client = app.games();
            tokio::spawn(async move { client.submit_answer(request).await })
        })
        .collect();
    let mut total = Decimal::ZERO;
    let mut capped = 0;
    for task in tasks {
        let response = task.await.expect("task").expect("submit").into_inner();
        let reward = response
            .game_session
            .expect("session")
            .reward
            .expect("reward");
        total += reward.amount.parse::<Decimal>().expect("amount");
        capped += usize::from(reward.capped);
    }
    assert_eq!(
        total,
        Decimal::new(2000, 2),
        "15.00 + 15.00 capped to 20.00 together"
    );
    assert_eq!(capped, 1);
}
