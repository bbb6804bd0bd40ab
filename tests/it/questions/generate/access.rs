//! Who may generate, what bad input gets, what an admin's enabling does,
//! and concurrent calls.
use std::collections::HashSet;

use gamification::proto::{
    GenerateQuestionsRequest, ListQuestionsRequest, ReviewAction, SetQuestionEnabledRequest,
};
use tonic::Code;

use super::{by, generate, sample};
use crate::helpers::{SERVICE_TOKEN, TestApp, expect_code, field_violations};
use crate::questions::bank::list_all;

#[tokio::test]
async fn only_an_admin_generates_and_bad_input_names_each_field() {
    let app = TestApp::spawn().await;
    sample(
        &app,
        "where is my parcel now",
        "track_order",
        "en",
        ReviewAction::Approve,
    )
    .await;
    let service = app
        .questions_as(Some(SERVICE_TOKEN))
        .generate_questions(by("asha"))
        .await;
    expect_code(service, Code::PermissionDenied);
    let bad = GenerateQuestionsRequest {
        language: "hindi language".into(),
        intent: "Track Order".into(),
        max_questions: 501,
        difficulty: "expert".into(),
        created_by: " ".into(),
    };
    let status = expect_code(
        app.questions().generate_questions(bad).await,
        Code::InvalidArgument,
    );
    let fields: HashSet<String> = field_violations(&status)
        .into_iter()
        .map(|(f, _)| f)
        .collect();
    let expected = [
        "language",
        "intent",
        "max_questions",
        "difficulty",
        "created_by",
    ];
    assert_eq!(fields, expected.iter().map(|f| f.to_string()).collect());
    let negative = GenerateQuestionsRequest {
        max_questions: -1,
        ..by("asha")
    };
    expect_code(
        app.questions().generate_questions(negative).await,
        Code::InvalidArgument,
    );
    let count = "SELECT COUNT(*) FROM game_questions WHERE source_sample_id IS NOT NULL";
    assert_eq!(app.count(count).await, 0, "nothing was created");
}

#[tokio::test]
async fn an_admin_enables_a_draft_and_it_joins_the_playable_bank() {
    let app = TestApp::spawn().await;
    sample(
        &app,
        "please send two masala dosas",
        "order_food",
        "en",
        ReviewAction::Approve,
    )
    .await;
    let draft = generate(&app, by("asha")).await.questions.remove(0);
    let enabled = ListQuestionsRequest {
        enabled: Some(true),
        tag: "generated".into(),
        ..Default::default()
    };
    assert!(
        list_all(&app, enabled.clone()).await.is_empty(),
        "drafts are never drawn"
    );
    let request = SetQuestionEnabledRequest {
        id: draft.id,
        enabled: true,
    };
    app.questions()
        .set_question_enabled(request)
        .await
        .expect("enable");
    let playable: Vec<i32> = list_all(&app, enabled).await.iter().map(|q| q.id).collect();
    assert_eq!(playable, vec![draft.id]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_calls_at_once_never_make_two_questions_of_one_sample() {
    let app = TestApp::spawn().await;
    let mut ids = HashSet::new();
    for n in 0..30 {
        let text = format!("where is my order number {n} from the dhaba");
        ids.insert(sample(&app, &text, "track_order", "en", ReviewAction::Approve).await);
    }
    let (a, b) = tokio::join!(generate(&app, by("asha")), generate(&app, by("ravi")));
    let made: Vec<i32> = a
        .questions
        .iter()
        .chain(&b.questions)
        .map(|q| q.source_sample_id)
        .collect();
    assert_eq!(made.len(), ids.len(), "each sample once: {made:?}");
    assert_eq!(made.into_iter().collect::<HashSet<_>>(), ids);
    let rows = "SELECT COUNT(DISTINCT source_sample_id) FROM game_questions WHERE source_sample_id IS NOT NULL";
    assert_eq!(app.count(rows).await, 30);
}
