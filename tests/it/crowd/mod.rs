//! Crowd labelling: crowd questions on a sample, votes weighted by each
//! player's accuracy on gold questions, approval by agreement, escalation
//! on disagreement.
use gamification::proto::{
    CreateCrowdQuestionRequest, GameSession, GetPlayerReliabilityRequest, ListSamplesRequest,
    RecordSampleRequest,
};

use crate::{
    games::{answer, correct_answer, game_app, new_user, set, start, start_game, submit},
    helpers::{SERVICE_TOKEN, TestApp},
};

mod concurrency;
mod setup;

pub const OPTIONS: [&str; 3] = ["order_food", "greeting", "cancel_order"];

/// A sample the NLU was unsure about, pending review.
pub async fn unsure_sample(app: &TestApp) -> i32 {
    app.training()
        .record_sample(RecordSampleRequest {
            text: "ek aur wala bhej do bhai".into(),
            intent: "small_talk".into(),
            confidence: "0.31".into(),
            language: "en".into(),
            ..Default::default()
        })
        .await
        .expect("sample")
        .into_inner()
        .sample
        .expect("sample")
        .id as i32
}

pub async fn crowd_question(app: &TestApp, sample_id: i32) -> i32 {
    app.crowd()
        .create_crowd_question(CreateCrowdQuestionRequest {
            sample_id,
            question_text: "send one more of those please".into(),
            answer_options: OPTIONS.map(String::from).to_vec(),
            language: "en".into(),
            difficulty: String::new(),
        })
        .await
        .expect("crowd question")
        .into_inner()
        .question_id
}

/// Plays a whole intent_quest game: `label` on the crowd question, gold
/// questions right (`careful`) or wrong.
pub async fn play(app: &TestApp, user: i32, crowd: i32, label: &str, careful: bool) -> GameSession {
    let chat = format!("crowd-{user}-{}", rand_suffix(app).await);
    let mut game = start_game(app, start(user, "intent_quest", "medium", "en", &chat)).await;
    while let Some(question) = game.current_question.clone() {
        let text = if question.question_id == crowd {
            label.to_string()
        } else {
            let right = correct_answer(app, question.question_id).await;
            match careful {
                true => right,
                false => question
                    .options
                    .iter()
                    .find(|o| **o != right)
                    .cloned()
                    .expect("another option"),
            }
        };
        game = submit(app, answer(&game, &text))
            .await
            .game_session
            .expect("session");
    }
    game
}

async fn rand_suffix(app: &TestApp) -> i64 {
    app.count("SELECT COUNT(*) FROM game_sessions").await
}

pub async fn sample_row(app: &TestApp, id: i32) -> String {
    app.text(&format!(
        "SELECT intent || '|' || COALESCE(review_status, '') || '|' || COALESCE(approved_by, '') \
         || '|' || COALESCE(review_priority, 0) \
         FROM training_samples WHERE id = {id}"
    ))
    .await
}

/// The confidence as TrainingDataService reports it.
pub async fn confidence(app: &TestApp, id: i32) -> String {
    let samples = app
        .training()
        .list_samples(ListSamplesRequest {
            page_size: 100,
            ..Default::default()
        })
        .await
        .expect("samples")
        .into_inner()
        .samples;
    let sample = samples
        .into_iter()
        .find(|s| s.id == i64::from(id))
        .expect("the sample");
    sample.confidence
}

pub async fn crowd_app() -> TestApp {
    let app = game_app().await;
    set(&app, "auto_approve_min_votes", "3").await;
    set(&app, "auto_approve_agreement", "0.8").await;
    set(&app, "min_player_reliability", "0.6").await;
    app
}

#[tokio::test]
async fn agreeing_players_approve_the_sample_with_the_agreement_as_confidence() {
    let app = crowd_app().await;
    let sample = unsure_sample(&app).await;
    let crowd = crowd_question(&app, sample).await;
    let users = [
        new_user(&app, 1).await,
        new_user(&app, 2).await,
        new_user(&app, 3).await,
    ];

    for (i, user) in users.iter().enumerate() {
        let game = play(&app, *user, crowd, "order_food", true).await;
        assert_eq!(game.question_count, 5, "the crowd question and gold ones");
        if i < 2 {
            let row = sample_row(&app, sample).await;
            assert_eq!(
                row,
                "small_talk|pending||0",
                "{} votes decide nothing",
                i + 1
            );
        }
    }
    assert_eq!(
        sample_row(&app, sample).await,
        "order_food|corrected|crowd|0",
        "three agreeing votes approve with the crowd's label"
    );
    assert_eq!(
        confidence(&app, sample).await,
        "1.0000",
        "confidence = the agreement"
    );
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM label_votes WHERE sample_id = {sample}"
        ))
        .await,
        3
    );
    let enabled =
        format!("SELECT COUNT(*) FROM game_questions WHERE id = {crowd} AND enabled = TRUE");
    assert_eq!(
        app.count(&enabled).await,
        0,
        "a decided sample's question leaves the games"
    );

    let reliability = app
        .crowd_as(Some(SERVICE_TOKEN))
        .get_player_reliability(GetPlayerReliabilityRequest { user_id: users[0] })
        .await
        .expect("reliability")
        .into_inner();
    assert_eq!(
        (reliability.gold_answered, reliability.gold_correct),
        (4, 4)
    );
    assert_eq!(
        (reliability.accuracy.as_str(), reliability.counts),
        ("1.0000", true)
    );
}

#[tokio::test]
async fn disagreeing_players_raise_the_samples_review_priority() {
    let app = crowd_app().await;
    let sample = unsure_sample(&app).await;
    let crowd = crowd_question(&app, sample).await;
    for (n, label) in [(1, "order_food"), (2, "greeting"), (3, "cancel_order")] {
        let user = new_user(&app, n).await;
        play(&app, user, crowd, label, true).await;
    }
    let row = sample_row(&app, sample).await;
    assert_eq!(
        row, "small_talk|pending||103",
        "disputed: still pending, escalated"
    );
    let queue = app
        .training()
        .get_review_queue(gamification::proto::GetReviewQueueRequest {
            page_size: 1,
            ..Default::default()
        })
        .await
        .expect("queue")
        .into_inner();
    assert_eq!(
        queue.samples.first().map(|s| s.id as i32),
        Some(sample),
        "first in the queue"
    );
}

#[tokio::test]
async fn players_who_fail_gold_questions_do_not_count() {
    let app = crowd_app().await;
    let sample = unsure_sample(&app).await;
    let crowd = crowd_question(&app, sample).await;
    let careless = [new_user(&app, 1).await, new_user(&app, 2).await];
    for user in careless {
        play(&app, user, crowd, "greeting", false).await;
    }
    let weak = app
        .crowd_as(Some(SERVICE_TOKEN))
        .get_player_reliability(GetPlayerReliabilityRequest {
            user_id: careless[0],
        })
        .await
        .expect("reliability")
        .into_inner();
    assert_eq!(
        (weak.gold_answered, weak.accuracy.as_str(), weak.counts),
        (4, "0.0000", false)
    );

    let careful = [
        new_user(&app, 3).await,
        new_user(&app, 4).await,
        new_user(&app, 5).await,
    ];
    play(&app, careful[0], crowd, "order_food", true).await;
    play(&app, careful[1], crowd, "order_food", true).await;
    let row = sample_row(&app, sample).await;
    assert_eq!(
        row, "small_talk|pending||0",
        "four votes, two counting: undecided"
    );
    play(&app, careful[2], crowd, "order_food", true).await;
    assert_eq!(
        sample_row(&app, sample).await,
        "order_food|corrected|crowd|0",
        "the careless players' votes neither count nor weigh against"
    );
    assert_eq!(confidence(&app, sample).await, "1.0000");
}
