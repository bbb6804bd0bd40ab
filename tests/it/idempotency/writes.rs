//! RecordSample, CreateQuestion and PromoteTurnToSample with a request_id:
//! a retry returns the first result (where it would otherwise be a second
//! row or ALREADY_EXISTS), concurrent duplicates write once, and reuse for
//! another request is REQUEST_ID_REUSED.
use gamification::proto::{
    CreateQuestionRequest, PromoteTurnToSampleRequest, QuestionInput, RecordSampleRequest,
};

use super::{assert_reused, log_turn, new_id};
use crate::{
    conversations::{TurnFields, turn_saying},
    helpers::TestApp,
};

fn sample(text: &str, request_id: &str) -> RecordSampleRequest {
    RecordSampleRequest {
        text: text.into(),
        intent: "order_food".into(),
        language: "hi".into(),
        confidence: "0.9".into(),
        request_id: request_id.into(),
        ..Default::default()
    }
}

fn question(text: &str, request_id: &str) -> CreateQuestionRequest {
    CreateQuestionRequest {
        question: Some(QuestionInput {
            game_type: "intent_quest".into(),
            language: "en".into(),
            question_text: text.into(),
            correct_answer: "order_food".into(),
            answer_options: vec!["order_food".into(), "greeting".into()],
            ..Default::default()
        }),
        request_id: request_id.into(),
    }
}

fn promotion(turn_id: i64, intent: &str, request_id: &str) -> PromoteTurnToSampleRequest {
    PromoteTurnToSampleRequest {
        turn_id,
        intent: intent.into(),
        reviewer: "asha".into(),
        request_id: request_id.into(),
        ..Default::default()
    }
}

const SAMPLES: &str = "SELECT COUNT(*) FROM training_samples";
const QUESTIONS: &str = "SELECT COUNT(*) FROM game_questions";

#[tokio::test]
async fn record_sample_with_one_request_id_records_once() {
    let app = TestApp::spawn().await;
    let id = new_id();
    let before = app.count(SAMPLES).await;
    let record = |request| async {
        let response = app.training().record_sample(request).await?;
        Ok::<_, tonic::Status>(response.into_inner().sample.expect("sample"))
    };
    let first = record(sample("mujhe pizza chahiye", &id))
        .await
        .expect("first");
    let again = record(sample("mujhe pizza chahiye", &id))
        .await
        .expect("retry");
    assert_eq!(again.id, first.id);
    assert_eq!(app.count(SAMPLES).await, before + 1);
    assert_reused(record(sample("mujhe burger chahiye", &id)).await, &id);
    assert_eq!(app.count(SAMPLES).await, before + 1);
}

#[tokio::test]
async fn create_question_retried_returns_the_first_question_instead_of_already_exists() {
    let app = TestApp::spawn().await;
    let id = new_id();
    let before = app.count(QUESTIONS).await;
    let create = |request| async {
        let response = app.questions().create_question(request).await?;
        Ok::<_, tonic::Status>(response.into_inner().question.expect("question"))
    };
    let first = create(question("Send two boxes of kaju katli", &id))
        .await
        .expect("first");
    let again = create(question("Send two boxes of kaju katli", &id))
        .await
        .expect("retry");
    assert_eq!(again.id, first.id);
    assert_eq!(app.count(QUESTIONS).await, before + 1);
    assert_reused(create(question("Send three boxes", &id)).await, &id);
    // Without the id, the same text is still a duplicate.
    let status = create(question("Send two boxes of kaju katli", "")).await;
    assert_eq!(
        status.expect_err("duplicate").code(),
        tonic::Code::AlreadyExists
    );
}

#[tokio::test]
async fn promote_turn_retried_returns_the_first_sample_instead_of_already_exists() {
    let app = TestApp::spawn().await;
    let logged = log_turn(
        &app,
        turn_saying("kal ka mausam")
            .chat("wa-1")
            .intent("weather")
            .confidence("0.3"),
        "",
    )
    .await
    .expect("turn");
    let id = new_id();
    let promote = |request| async {
        let response = app
            .conversations_as(Some(crate::helpers::ADMIN_TOKEN))
            .promote_turn_to_sample(request)
            .await?;
        Ok::<_, tonic::Status>(response.into_inner().sample.expect("sample"))
    };
    let first = promote(promotion(logged.id, "weather_forecast", &id))
        .await
        .expect("first");
    let again = promote(promotion(logged.id, "weather_forecast", &id))
        .await
        .expect("retry");
    assert_eq!(again.id, first.id);
    assert_reused(promote(promotion(logged.id, "small_talk", &id)).await, &id);
    let other_id = promote(promotion(logged.id, "weather_forecast", &new_id())).await;
    assert_eq!(
        other_id.expect_err("a turn is promoted once").code(),
        tonic::Code::AlreadyExists
    );
    assert_eq!(app.count(SAMPLES).await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_duplicates_of_create_question_and_promote_turn_write_once() {
    let app = TestApp::spawn().await;
    let before = app.count(QUESTIONS).await;
    let id = new_id();
    let creates: Vec<_> = (0..6)
        .map(|_| {
            let mut client = app.questions();
            let request = question("Ek plate samosa bhejo", &id);
            tokio::spawn(async move { client.create_question(request).await })
        })
        .collect();
    let mut question_ids = Vec::new();
    for call in creates {
        let response = call
            .await
            .expect("task")
            .expect("no ALREADY_EXISTS for a retry");
        question_ids.push(response.into_inner().question.expect("question").id);
    }
    assert!(
        question_ids.windows(2).all(|w| w[0] == w[1]),
        "{question_ids:?}"
    );
    assert_eq!(app.count(QUESTIONS).await, before + 1);

    let logged = log_turn(
        &app,
        turn_saying("kal ka mausam")
            .chat("wa-1")
            .intent("weather")
            .confidence("0.3"),
        "",
    )
    .await
    .expect("turn");
    let id = new_id();
    let promotes: Vec<_> = (0..6)
        .map(|_| {
            let mut client = app.conversations_as(Some(crate::helpers::ADMIN_TOKEN));
            let request = promotion(logged.id, "weather_forecast", &id);
            tokio::spawn(async move { client.promote_turn_to_sample(request).await })
        })
        .collect();
    let mut sample_ids = Vec::new();
    for call in promotes {
        let response = call
            .await
            .expect("task")
            .expect("no ALREADY_EXISTS for a retry");
        sample_ids.push(response.into_inner().sample.expect("sample").id);
    }
    assert!(
        sample_ids.windows(2).all(|w| w[0] == w[1]),
        "{sample_ids:?}"
    );
    assert_eq!(app.count(SAMPLES).await, 1);
}
