//! GenerateQuestions: approved samples become disabled intent_quest drafts
//! with personal data replaced and the intents confused with theirs as
//! options; once per sample, even under concurrent calls.
mod access;

use gamification::proto::{
    GenerateQuestionsRequest, GenerateQuestionsResponse, LogTurnRequest,
    PromoteTurnToSampleRequest, RecordSampleRequest, ReviewAction, ReviewSampleRequest, SkipReason,
    TurnInput, UpsertUserRequest,
};

use crate::helpers::{ADMIN_TOKEN, SERVICE_TOKEN, TestApp};

/// A sample recorded by the NLU backend, then reviewed by an admin.
async fn sample(
    app: &TestApp,
    text: &str,
    intent: &str,
    language: &str,
    action: ReviewAction,
) -> i32 {
    let request = RecordSampleRequest {
        text: text.into(),
        intent: intent.into(),
        language: language.into(),
        ..Default::default()
    };
    let recorded = app
        .training_as(Some(SERVICE_TOKEN))
        .record_sample(request)
        .await;
    let id = recorded
        .expect("record")
        .into_inner()
        .sample
        .expect("sample")
        .id;
    if action != ReviewAction::Unspecified {
        let review = ReviewSampleRequest {
            sample_id: id,
            action: action as i32,
            reviewer: "asha".into(),
            ..Default::default()
        };
        app.training().review_sample(review).await.expect("review");
    }
    id as i32
}

/// A logged turn: what the NLU said, with the alternates it considered.
async fn turn(app: &TestApp, message: &str, intent: &str, alternates: &[&str]) -> i64 {
    let alternates: Vec<String> = alternates
        .iter()
        .map(|a| format!(r#"{{"intent":"{a}","confidence":0.2}}"#))
        .collect();
    let turn = TurnInput {
        session_id: "wa-1".into(),
        user_message: message.into(),
        nlu_intent: intent.into(),
        nlu_confidence: "0.6".into(),
        nlu_language: "en".into(),
        nlu_alternate_intents_json: format!("[{}]", alternates.join(",")),
        ..Default::default()
    };
    let logged = app
        .conversations()
        .log_turn(LogTurnRequest {
            turn: Some(turn),
            request_id: String::new(),
        })
        .await;
    logged.expect("log").into_inner().turn.expect("turn").id
}

fn by(created_by: &str) -> GenerateQuestionsRequest {
    GenerateQuestionsRequest {
        created_by: created_by.into(),
        ..Default::default()
    }
}

async fn generate(app: &TestApp, request: GenerateQuestionsRequest) -> GenerateQuestionsResponse {
    let response = app.questions().generate_questions(request).await;
    response.expect("generate").into_inner()
}

fn skipped(response: &GenerateQuestionsResponse, reason: SkipReason) -> Vec<i32> {
    let group = response.skipped.iter().find(|s| s.reason == reason as i32);
    group.map(|s| s.sample_ids.clone()).unwrap_or_default()
}

fn sorted(items: &[String]) -> Vec<&str> {
    let mut items: Vec<&str> = items.iter().map(String::as_str).collect();
    items.sort();
    items
}

/// The samples of the first test, by what should become of them.
struct Traffic {
    /// Promoted from a turn the NLU labeled refund_request: track_order.
    promoted: i32,
    hindi: i32,
    too_short: i32,
    mostly_data: i32,
}

/// A user, turns showing what track_order gets confused with, and samples
/// in every review state.
async fn traffic(app: &TestApp) -> Traffic {
    let user = UpsertUserRequest {
        phone: "+919812300001".into(),
        first_name: "Meera".into(),
        last_name: "Iyer".into(),
        ..Default::default()
    };
    app.users().upsert_user(user).await.expect("user");
    // The NLU hesitates between tracking, cancelling and complaining...
    let alternates = ["cancel_order", "complaint"];
    turn(app, "where is my food", "track_order", &alternates).await;
    turn(app, "food kab aayega", "track_order", &alternates[..1]).await;
    // ...and once called a tracking question a refund; a reviewer fixed it.
    let text = "Meera here, is my biryani coming or not? call 98123 45678";
    let said_refund = turn(app, text, "refund_request", &[]).await;
    let promote = PromoteTurnToSampleRequest {
        turn_id: said_refund,
        intent: "track_order".into(),
        reviewer: "asha".into(),
        ..Default::default()
    };
    let mut admin = app.conversations_as(Some(ADMIN_TOKEN));
    let promoted = admin
        .promote_turn_to_sample(promote)
        .await
        .expect("promote");
    let hindi = "मेरा ऑर्डर कहाँ है? मेरा नंबर 9876543210 है";
    let approve = ReviewAction::Approve;
    let traffic = Traffic {
        promoted: promoted.into_inner().sample.expect("sample").id as i32,
        hindi: sample(app, hindi, "track_order", "hi", approve).await,
        too_short: sample(app, "hi", "greeting", "en", approve).await,
        mostly_data: sample(
            app,
            "9812345678 meera.iyer@gmail.com",
            "greeting",
            "en",
            approve,
        )
        .await,
    };
    let pending = ReviewAction::Unspecified;
    sample(
        app,
        "cancel the pizza please",
        "cancel_order",
        "en",
        pending,
    )
    .await;
    let rejected = ReviewAction::Reject;
    sample(
        app,
        "book a cab to the airport",
        "book_table",
        "en",
        rejected,
    )
    .await;
    traffic
}

#[tokio::test]
async fn approved_samples_become_disabled_drafts_with_scrubbed_text_and_confused_intents() {
    let app = TestApp::spawn().await;
    let traffic = traffic(&app).await;

    let first = generate(&app, by("asha")).await;

    assert_eq!(first.examined_count, 4, "approved samples only");
    let drafts = &first.questions;
    let sources: Vec<i32> = drafts.iter().map(|q| q.source_sample_id).collect();
    assert_eq!(
        sources,
        vec![traffic.promoted, traffic.hindi],
        "oldest first"
    );
    let english = &drafts[0];
    assert_eq!(
        english.question_text,
        "[name] here, is my biryani coming or not? call [phone]"
    );
    assert_eq!(
        sorted(&english.answer_options),
        ["cancel_order", "complaint", "refund_request", "track_order"],
        "the intents confused with track_order"
    );
    assert_eq!(drafts[1].question_text, "मेरा ऑर्डर कहाँ है? मेरा नंबर [phone] है");
    for draft in drafts {
        assert!(!draft.enabled, "a draft waits for an admin");
        assert_eq!(
            (
                draft.game_type.as_str(),
                draft.correct_answer.as_str(),
                draft.difficulty.as_str()
            ),
            ("intent_quest", "track_order", "medium")
        );
        assert_eq!(
            (draft.tags.clone(), draft.created_by.as_str()),
            (vec!["generated".to_string()], "asha")
        );
    }
    assert_eq!(
        skipped(&first, SkipReason::TooShort),
        vec![traffic.too_short]
    );
    let mostly_data = skipped(&first, SkipReason::MostlyPlaceholders);
    assert_eq!(mostly_data, vec![traffic.mostly_data]);

    let again = generate(&app, by("asha")).await;
    assert!(
        again.questions.is_empty(),
        "a sample makes one question, ever"
    );
    assert_eq!(
        again.examined_count, 2,
        "only the unusable ones are looked at again"
    );
    let count = "SELECT COUNT(*) FROM game_questions WHERE source_sample_id IS NOT NULL";
    assert_eq!(app.count(count).await, 2);
}

#[tokio::test]
async fn filters_and_the_maximum_choose_which_samples_become_drafts() {
    let app = TestApp::spawn().await;
    let texts = [
        "where is my parcel now",
        "has the rider left yet",
        "cancel my thali order",
    ];
    let mut ids = Vec::new();
    for (n, text) in texts.iter().enumerate() {
        let intent = if n < 2 { "track_order" } else { "cancel_order" };
        ids.push(sample(&app, text, intent, "en", ReviewAction::Approve).await);
    }
    sample(
        &app,
        "मेरा पार्सल कहाँ पहुँचा?",
        "track_order",
        "hi",
        ReviewAction::Approve,
    )
    .await;
    let request = GenerateQuestionsRequest {
        language: "en".into(),
        intent: "track_order".into(),
        max_questions: 1,
        difficulty: "hard".into(),
        created_by: "asha".into(),
    };
    let one = generate(&app, request.clone()).await;
    let made: Vec<(i32, &str)> = one
        .questions
        .iter()
        .map(|q| (q.source_sample_id, q.difficulty.as_str()))
        .collect();
    assert_eq!(made, vec![(ids[0], "hard")]);
    let next = generate(&app, request).await;
    let made: Vec<i32> = next.questions.iter().map(|q| q.source_sample_id).collect();
    assert_eq!(
        made,
        vec![ids[1]],
        "the next one; cancel and Hindi are filtered out"
    );
}
