//! Crowd labelling: crowd questions on a sample, votes weighted by each
//! player's accuracy on gold questions, approval by the agreement of
//! measured players, escalation on disagreement and after too many votes.
use gamification::proto::{
    CreateCrowdQuestionRequest, GameSession, GetPlayerReliabilityRequest,
    GetPlayerReliabilityResponse, ListSamplesRequest, RecordSampleRequest,
};

use crate::{
    games::{GameRequest, answer, correct_answer, game_app, game_of, set, start_game, submit},
    helpers::{SERVICE_TOKEN, TestApp},
};

mod concurrency;
mod escalation;
mod measured;
mod report;
mod setup;
mod simulated;
mod sweep;

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

/// Plays a whole medium intent_quest game: `label` on the crowd question,
/// gold questions right (`careful`) or wrong.
pub async fn play(app: &TestApp, user: i32, crowd: i32, label: &str, careful: bool) -> GameSession {
    play_at(app, user, "medium", crowd, label, careful).await
}

async fn play_at(
    app: &TestApp,
    user: i32,
    difficulty: &str,
    crowd: i32,
    label: &str,
    careful: bool,
) -> GameSession {
    let chat = format!("crowd-{user}-{}", rand_suffix(app).await);
    let mut game = start_game(app, game_of(user).difficulty(difficulty).chat(&chat)).await;
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

/// Makes a player measured by playing: an easy and a hard game of gold
/// questions only (no crowd question may be open yet, or they would vote
/// on it), right or wrong. Returns their gold record.
pub async fn measure(app: &TestApp, user: i32, careful: bool) -> GetPlayerReliabilityResponse {
    for difficulty in ["easy", "hard"] {
        play_at(app, user, difficulty, 0, "", careful).await;
    }
    let record = reliability(app, user).await;
    assert!(
        record.gold_answered >= 5,
        "{user} is measured after two games: {record:?}"
    );
    record
}

pub async fn reliability(app: &TestApp, user_id: i32) -> GetPlayerReliabilityResponse {
    app.crowd_as(Some(SERVICE_TOKEN))
        .get_player_reliability(GetPlayerReliabilityRequest { user_id })
        .await
        .expect("reliability")
        .into_inner()
}

/// A vote already stored (cast while its player was asked, e.g. before an
/// admin raised `min_gold_answers`): players whose votes would not count
/// are not drawn crowd questions any more.
pub async fn stored_vote(app: &TestApp, sample: i32, user: i32, label: &str) {
    app.exec(&format!(
        "INSERT INTO label_votes (sample_id, user_id, intent, weight, created_at) \
         VALUES ({sample}, {user}, '{label}', '0', CURRENT_TIMESTAMP)"
    ))
    .await;
}

/// The votes stored on a sample.
pub async fn votes(app: &TestApp, sample: i32) -> i64 {
    app.count(&format!(
        "SELECT COUNT(*) FROM label_votes WHERE sample_id = {sample}"
    ))
    .await
}

/// Whether a game drew a question (its plan names it).
pub async fn drew(app: &TestApp, game: &GameSession, question: i32) -> bool {
    let plan = app
        .text(&format!(
            "SELECT CAST(mission_data AS TEXT) FROM game_sessions WHERE id = {}",
            game.id
        ))
        .await;
    let plan: serde_json::Value = serde_json::from_str(&plan).expect("plan");
    plan["questions"]
        .as_array()
        .expect("questions")
        .iter()
        .any(|item| item["question_id"].as_i64() == Some(i64::from(question)))
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

/// The seeded rule, written out so the tests read on their own: 3 votes,
/// 2 of them by measured players (5 gold answers, accuracy 0.6 or more)
/// agreeing 0.8 or more; at most 7 votes.
pub async fn crowd_app() -> TestApp {
    let app = game_app().await;
    set(&app, "auto_approve_min_votes", "3").await;
    set(&app, "auto_approve_min_measured_voters", "2").await;
    set(&app, "min_gold_answers", "5").await;
    set(&app, "auto_approve_agreement", "0.8").await;
    set(&app, "min_player_reliability", "0.6").await;
    set(&app, "max_votes_per_sample", "7").await;
    app
}
