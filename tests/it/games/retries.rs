//! Retries, duplicates, concurrency and out-of-order answers.
use gamification::proto::{CompleteGameRequest, GetGameSessionRequest, SubmitAnswerRequest};
use tonic::Code;

use super::{
    GameRequest, answer, correct_answer, game_app, game_of, new_user, start_game, submit, usage_of,
};
use crate::helpers::{expect_code, field_violations};

#[tokio::test]
async fn starting_again_in_the_same_chat_returns_the_active_game() {
    let app = game_app().await;
    let user = new_user(&app, 10).await;
    let first = start_game(&app, game_of(user).difficulty("easy").chat("chat-r")).await;
    let again = app
        .games()
        .start_game(game_of(user).difficulty("easy").chat("chat-r"))
        .await
        .expect("start again")
        .into_inner();
    assert!(again.resumed);
    assert_eq!(again.game_session.expect("session").id, first.id);
    assert_eq!(app.count("SELECT COUNT(*) FROM game_sessions").await, 1);
}

#[tokio::test]
async fn the_same_answer_twice_scores_once_and_a_different_one_is_refused() {
    let app = game_app().await;
    let user = new_user(&app, 11).await;
    let game = start_game(&app, game_of(user).difficulty("easy").chat("chat-d")).await;
    let question = game.current_question.clone().expect("question");
    let correct = correct_answer(&app, question.question_id).await;
    let first = submit(&app, answer(&game, &correct)).await;
    let second = submit(&app, answer(&game, &correct)).await;
    assert!(first.correct && second.correct && second.replayed && !first.replayed);
    assert_eq!((first.score, second.score), (1, 1), "scored once");

    let other = question
        .options
        .iter()
        .find(|o| **o != correct)
        .expect("another option");
    let refused = app.games().submit_answer(answer(&game, other)).await;
    expect_code(refused, Code::FailedPrecondition);
    assert_eq!(app.count("SELECT COUNT(*) FROM game_answers").await, 1);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM game_sessions WHERE score = 1")
            .await,
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_concurrent_submissions_of_one_answer_score_exactly_once() {
    let app = game_app().await;
    let user = new_user(&app, 12).await;
    let game = start_game(&app, game_of(user).chat("chat-c")).await;
    let question = game.current_question.clone().expect("question");
    let correct = correct_answer(&app, question.question_id).await;
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let mut client = app.games();
            let request = answer(&game, &correct);
            tokio::spawn(async move { client.submit_answer(request).await })
        })
        .collect();
    let mut fresh = 0;
    for task in tasks {
        match task.await.expect("task") {
            Ok(response) => {
                let response = response.into_inner();
                assert!(response.correct);
                assert_eq!(response.score, 1);
                fresh += usize::from(!response.replayed);
            }
            // A lost race may be told to retry; it must not have scored.
            Err(status) => assert_eq!(status.code(), Code::Aborted, "{status:?}"),
        }
    }
    assert_eq!(fresh, 1, "exactly one submission scored");
    assert_eq!(app.count("SELECT COUNT(*) FROM game_answers").await, 1);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM game_sessions WHERE score = 1")
            .await,
        1
    );
    assert_eq!(usage_of(&app, question.question_id).await.0, 1);
}

#[tokio::test]
async fn answers_out_of_order_or_bad_are_refused_and_change_nothing() {
    let app = game_app().await;
    let user = new_user(&app, 13).await;
    let game = start_game(&app, game_of(user).chat("chat-o")).await;
    let plan = app
        .text(&format!(
            "SELECT CAST(mission_data AS TEXT) FROM game_sessions WHERE id = {}",
            game.id
        ))
        .await;
    let plan: serde_json::Value = serde_json::from_str(&plan).expect("plan");
    let second = plan["questions"][1]["question_id"]
        .as_i64()
        .expect("second id") as i32;
    let request = |question_id: i32, text: &str| SubmitAnswerRequest {
        game_session_id: game.id,
        question_id,
        answer: text.into(),
    };
    let current = game.current_question.clone().expect("current").question_id;
    expect_code(
        app.games().submit_answer(request(second, "greeting")).await,
        Code::FailedPrecondition,
    );
    expect_code(
        app.games().submit_answer(request(99_999, "greeting")).await,
        Code::FailedPrecondition,
    );
    let empty = expect_code(
        app.games().submit_answer(request(current, "  ")).await,
        Code::InvalidArgument,
    );
    assert_eq!(field_violations(&empty)[0].0, "answer");
    let long = "x".repeat(501);
    expect_code(
        app.games().submit_answer(request(current, &long)).await,
        Code::InvalidArgument,
    );
    let not_an_option = app
        .games()
        .submit_answer(request(current, "sing a song"))
        .await;
    assert_eq!(
        field_violations(&expect_code(not_an_option, Code::InvalidArgument))[0].0,
        "answer"
    );
    let missing = SubmitAnswerRequest {
        game_session_id: 424_242,
        question_id: current,
        answer: "greeting".into(),
    };
    expect_code(app.games().submit_answer(missing).await, Code::NotFound);
    assert_eq!(app.count("SELECT COUNT(*) FROM game_answers").await, 0);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM game_questions WHERE usage_count > 0")
            .await,
        0
    );

    // A finished game takes no more answers.
    let done = app
        .games()
        .complete_game(CompleteGameRequest {
            game_session_id: game.id,
        })
        .await;
    let done = done
        .expect("complete early")
        .into_inner()
        .game_session
        .expect("session");
    assert_eq!(done.status, "completed");
    assert_eq!(
        done.reward.expect("reward").completion_bonus,
        "0.00",
        "no bonus when unfinished"
    );
    assert_eq!(done.reward_status, "", "nothing to pay");
    let late = app
        .games()
        .submit_answer(request(current, "greeting"))
        .await;
    expect_code(late, Code::FailedPrecondition);
}

#[tokio::test]
async fn an_idle_game_expires_and_takes_no_answers() {
    let app = game_app().await;
    let user = new_user(&app, 14).await;
    let game = start_game(&app, game_of(user).difficulty("easy").chat("chat-x")).await;
    app.exec(&format!(
        "UPDATE game_sessions SET updated_at = '2020-01-01 00:00:00', started_at = '2020-01-01 00:00:00' WHERE id = {}",
        game.id
    ))
    .await;
    let question = game.current_question.clone().expect("question");
    let correct = correct_answer(&app, question.question_id).await;
    let status = expect_code(
        app.games().submit_answer(answer(&game, &correct)).await,
        Code::FailedPrecondition,
    );
    assert!(status.message().contains("expired"), "{}", status.message());
    let stored = app
        .games()
        .get_game_session(GetGameSessionRequest {
            game_session_id: game.id,
        })
        .await
        .expect("get")
        .into_inner()
        .game_session
        .expect("session");
    assert_eq!(stored.status, "expired");
    assert_eq!(app.count("SELECT COUNT(*) FROM game_answers").await, 0);
}

#[tokio::test]
async fn the_sweep_expires_idle_games_only() {
    let app = game_app().await;
    let (user, other) = (new_user(&app, 15).await, new_user(&app, 17).await);
    let idle = start_game(&app, game_of(user).difficulty("easy").chat("idle")).await;
    let busy = start_game(
        &app,
        game_of(other)
            .kind("tone_detective")
            .difficulty("easy")
            .chat("busy"),
    )
    .await;
    app.exec(&format!(
        "UPDATE game_sessions SET updated_at = '2020-01-01 00:00:00' WHERE id = {}",
        idle.id
    ))
    .await;
    let settings = gamification::settings::Snapshot::default();
    let expired = gamification::games::expire_idle_games(&app.db, &settings, &app.clock)
        .await
        .expect("sweep");
    assert_eq!(expired, 1);
    let sql = |id: i32, status: &str| {
        format!("SELECT COUNT(*) FROM game_sessions WHERE id = {id} AND status = '{status}'")
    };
    assert_eq!(app.count(&sql(idle.id, "expired")).await, 1);
    assert_eq!(app.count(&sql(busy.id, "active")).await, 1);
}

#[tokio::test]
async fn starting_in_a_chat_whose_game_went_idle_opens_a_new_game() {
    let app = game_app().await;
    let user = new_user(&app, 16).await;
    let old = start_game(
        &app,
        game_of(user)
            .kind("tone_detective")
            .difficulty("easy")
            .chat("chat-i"),
    )
    .await;
    app.exec(&format!(
        "UPDATE game_sessions SET updated_at = '2020-01-01 00:00:00' WHERE id = {}",
        old.id
    ))
    .await;
    let again = app
        .games()
        .start_game(
            game_of(user)
                .kind("tone_detective")
                .difficulty("easy")
                .chat("chat-i"),
        )
        .await
        .expect("start")
        .into_inner();
    assert!(!again.resumed);
    assert_ne!(again.game_session.expect("session").id, old.id);
    let expired = format!(
        "SELECT COUNT(*) FROM game_sessions WHERE id = {} AND status = 'expired'",
        old.id
    );
    assert_eq!(app.count(&expired).await, 1);
}

/// A game already in play when its row learned its progress (the upgrade
/// counts the answers; the next question is unknown) plays on: the
/// question after the current one is read on its own, and from then on
/// the row knows it again.
#[tokio::test]
async fn a_game_whose_row_does_not_know_its_next_question_plays_to_the_end() {
    let app = game_app().await;
    let user = new_user(&app, 14).await;
    let mut game = start_game(&app, game_of(user).chat("chat-upgraded")).await;
    let first = game.current_question.clone().expect("question");
    let correct = correct_answer(&app, first.question_id).await;
    game = submit(&app, answer(&game, &correct))
        .await
        .game_session
        .expect("session");
    app.exec(&format!(
        "UPDATE game_sessions SET next_question_id = NULL WHERE id = {}",
        game.id
    ))
    .await;
    let mut shown = vec![first.question_id];
    while let Some(question) = game.current_question.clone() {
        assert_eq!(question.position as usize, shown.len(), "asked in order");
        shown.push(question.question_id);
        let correct = correct_answer(&app, question.question_id).await;
        let reply = submit(&app, answer(&game, &correct)).await;
        assert!(reply.correct, "question {} scored", question.question_id);
        game = reply.game_session.expect("session");
    }
    assert_eq!(game.status, "completed");
    assert_eq!(shown.len() as i32, game.question_count);
    assert_eq!(
        game.score, game.question_count,
        "every answer right counted"
    );
    let stored = app
        .count(&format!(
            "SELECT CAST(answers_count AS BIGINT) FROM game_sessions WHERE id = {}",
            game.id
        ))
        .await;
    assert_eq!(stored, i64::from(game.question_count));
}
