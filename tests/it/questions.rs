//! QuestionService: the question bank, written by admins.
mod bank;
mod generate;

use gamification::proto::{
    CreateQuestionRequest, GetQuestionRequest, ImportQuestionsRequest, ListQuestionsRequest,
    QuestionInput, SetQuestionEnabledRequest, UpdateQuestionRequest,
};
use tonic::Code;

use crate::helpers::{SERVICE_TOKEN, TestApp, expect_code, field_violations};

fn intent(text: &str) -> QuestionInput {
    QuestionInput {
        game_type: "intent_quest".into(),
        language: "en".into(),
        question_text: text.into(),
        correct_answer: "order_food".into(),
        answer_options: vec!["order_food".into(), "greeting".into(), "complaint".into()],
        difficulty: "hard".into(),
        reward_amount: "2.50".into(),
        tags: vec!["festival".into(), "diwali".into()],
        ..Default::default()
    }
}

const COUNT: &str = "SELECT COUNT(*) FROM game_questions";

#[tokio::test]
async fn an_admin_creates_reads_updates_and_disables_a_question() {
    let app = TestApp::spawn().await;
    let created = app
        .questions()
        .create_question(CreateQuestionRequest {
            question: Some(intent("Send two boxes of kaju katli")),
            request_id: String::new(),
        })
        .await
        .expect("create")
        .into_inner()
        .question
        .expect("question");
    assert_eq!(
        (created.reward_amount.as_str(), created.usage_count),
        ("2.50", 0)
    );
    assert_eq!(
        created.tags,
        vec!["festival".to_string(), "diwali".to_string()]
    );
    assert!(created.enabled && created.success_rate.is_empty());

    let mut changed = intent("Send three boxes of kaju katli");
    changed.tags = vec!["sweets".into()];
    changed.reward_amount = String::new();
    let updated = app
        .questions()
        .update_question(UpdateQuestionRequest {
            id: created.id,
            question: Some(changed),
        })
        .await
        .expect("update")
        .into_inner()
        .question
        .expect("question");
    assert_eq!(updated.question_text, "Send three boxes of kaju katli");
    assert_eq!(
        (updated.tags.len(), updated.reward_amount.as_str()),
        (1, "")
    );

    let disabled = app
        .questions()
        .set_question_enabled(SetQuestionEnabledRequest {
            id: created.id,
            enabled: false,
        })
        .await
        .expect("disable")
        .into_inner()
        .question
        .expect("question");
    assert!(!disabled.enabled);
    let read = app
        .questions_as(Some(SERVICE_TOKEN))
        .get_question(GetQuestionRequest { id: created.id })
        .await
        .expect("get")
        .into_inner()
        .question
        .expect("question");
    assert_eq!(read.tags, vec!["sweets".to_string()]);
    assert!(!read.enabled);
    expect_code(
        app.questions()
            .get_question(GetQuestionRequest { id: 999_999 })
            .await,
        Code::NotFound,
    );
}

#[tokio::test]
async fn bad_or_duplicate_questions_are_refused_and_change_nothing() {
    let app = TestApp::spawn().await;
    let before = app.count(COUNT).await;
    let mut wrong = intent("Hello");
    wrong.correct_answer = "track_order".into();
    wrong.reward_amount = "1.005".into();
    let status = expect_code(
        app.questions()
            .create_question(CreateQuestionRequest {
                question: Some(wrong),
                request_id: String::new(),
            })
            .await,
        Code::InvalidArgument,
    );
    let fields: Vec<String> = field_violations(&status)
        .into_iter()
        .map(|(f, _)| f)
        .collect();
    assert_eq!(
        fields,
        vec!["reward_amount".to_string(), "correct_answer".to_string()]
    );
    // A fill-in whose accepted answers do not include its answer.
    let phrasing = QuestionInput {
        game_type: "language_master".into(),
        question_text: "Fill the gap: 'Can I get the ___, please?'".into(),
        correct_answer: "bill".into(),
        answer_options: vec!["check".into(), "receipt".into()],
        ..Default::default()
    };
    expect_code(
        app.questions()
            .create_question(CreateQuestionRequest {
                question: Some(phrasing),
                request_id: String::new(),
            })
            .await,
        Code::InvalidArgument,
    );
    let service = app
        .questions_as(Some(SERVICE_TOKEN))
        .create_question(CreateQuestionRequest {
            question: Some(intent("Hi")),
            request_id: String::new(),
        })
        .await;
    expect_code(service, Code::PermissionDenied);
    let seeded = intent("I want to order a chicken biryani");
    let duplicate = app
        .questions()
        .create_question(CreateQuestionRequest {
            question: Some(seeded),
            request_id: String::new(),
        })
        .await;
    expect_code(duplicate, Code::AlreadyExists);
    assert_eq!(app.count(COUNT).await, before);
}

#[tokio::test]
async fn questions_are_listed_by_filters_across_pages() {
    let app = TestApp::spawn().await;
    let list = |request: ListQuestionsRequest| {
        let mut client = app.questions();
        async move {
            client
                .list_questions(request)
                .await
                .expect("list")
                .into_inner()
        }
    };
    let hindi_tone = ListQuestionsRequest {
        game_type: "tone_detective".into(),
        language: "hi".into(),
        difficulty: "medium".into(),
        page_size: 20,
        ..Default::default()
    };
    let first = list(hindi_tone.clone()).await;
    assert_eq!(first.questions.len(), 20);
    let second = list(ListQuestionsRequest {
        page_token: first.next_page_token.clone(),
        ..hindi_tone
    })
    .await;
    assert_eq!(
        second.questions.len(),
        5,
        "25 medium Hindi tone questions in all (5 + 20 starters)"
    );
    assert!(second.next_page_token.is_empty());
    let pages = || first.questions.iter().chain(&second.questions);
    assert!(pages().all(|q| q.language == "hi" && q.difficulty == "medium"));
    let ids: std::collections::HashSet<i32> = pages().map(|q| q.id).collect();
    assert_eq!(ids.len(), 25, "no row twice across pages");

    let tagged = bank::list_all(
        &app,
        ListQuestionsRequest {
            tag: "entity_hunter".into(),
            ..Default::default()
        },
    )
    .await;
    assert!(!tagged.is_empty());
    assert!(tagged.iter().all(|q| q.game_type == "entity_hunter"));
    let disabled = list(ListQuestionsRequest {
        enabled: Some(false),
        ..Default::default()
    })
    .await;
    assert!(disabled.questions.is_empty());
}

#[tokio::test]
async fn an_import_reports_each_rejected_row_and_imports_the_rest() {
    let app = TestApp::spawn().await;
    let before = app.count(COUNT).await;
    let mut bad = intent("Where is my parcel?");
    bad.game_type = "chess".into();
    let rows = vec![
        intent("Get me a thali"),
        bad,
        intent("Get me a thali"),
        intent("Get me two samosas"),
    ];
    let stream = tokio_stream::iter(
        rows.into_iter()
            .map(|q| ImportQuestionsRequest { question: Some(q) }),
    );
    let response = app
        .questions()
        .import_questions(stream)
        .await
        .expect("import")
        .into_inner();
    assert_eq!(response.imported_count, 2);
    let rejected: Vec<i32> = response.rejections.iter().map(|r| r.row).collect();
    assert_eq!(rejected, vec![1, 2]);
    assert!(
        response.rejections[0].reason.contains("game_type"),
        "{:?}",
        response.rejections
    );
    assert!(
        response.rejections[1].reason.contains("already exists"),
        "{:?}",
        response.rejections
    );
    assert_eq!(app.count(COUNT).await, before + 2);
}

#[tokio::test]
async fn a_language_master_fill_in_keeps_its_accepted_answers_and_a_prompt_has_none() {
    let app = TestApp::spawn().await;
    let create = |question: QuestionInput| {
        let mut client = app.questions();
        async move {
            let request = CreateQuestionRequest {
                question: Some(question),
                request_id: String::new(),
            };
            let response = client.create_question(request).await.expect("create");
            response.into_inner().question.expect("question")
        }
    };
    let fill_in = create(QuestionInput {
        game_type: "language_master".into(),
        question_text: "Fill the gap: 'Can I get the ___, please?'".into(),
        correct_answer: "bill".into(),
        answer_options: vec!["bill".into(), "check".into()],
        ..Default::default()
    })
    .await;
    assert_eq!(fill_in.answer_options, vec!["bill", "check"]);
    let prompt = create(QuestionInput {
        game_type: "language_master".into(),
        question_text: "How would you ask for the bill?".into(),
        question_context: "Without using the word 'bill'".into(),
        correct_answer: "ask_bill".into(),
        tags: vec!["forbid:bill".into()],
        ..Default::default()
    })
    .await;
    assert!(prompt.answer_options.is_empty());
    assert_eq!(prompt.tags, vec!["forbid:bill"]);
    let stored = app
        .count(&format!(
            "SELECT COUNT(*) FROM game_questions WHERE id = {} AND answer_options IS NULL",
            prompt.id
        ))
        .await;
    assert_eq!(stored, 1, "a prompt stores no options at all");
}
