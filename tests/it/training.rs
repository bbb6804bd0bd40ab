//! TrainingDataService: recording, review, stats, and training batches
//! (de-duplicated, split, never overlapping, exported in a stable order).
use std::collections::HashSet;

use gamification::{
    cli::{ExportArgs, Format, export_batch},
    config::Config,
    proto::{
        CreateTrainingBatchRequest, DatasetSplit, ExportTrainingBatchRequest,
        GetReviewQueueRequest, GetTrainingStatsRequest, ListSamplesRequest,
        ListTrainingBatchesRequest, RecordSampleRequest, ReviewAction, ReviewSampleRequest,
        ReviewStatus, SampleSource, TrainingBatch, TrainingExample, TrainingSample,
    },
};
use tonic::Code;

use crate::helpers::{SERVICE_TOKEN, TestApp, expect_code, field_violations};

fn sample(text: &str, intent: &str, language: &str) -> RecordSampleRequest {
    RecordSampleRequest {
        text: text.into(),
        intent: intent.into(),
        language: language.into(),
        confidence: "0.9".into(),
        ..Default::default()
    }
}

async fn record(app: &TestApp, request: RecordSampleRequest) -> TrainingSample {
    app.training_as(Some(SERVICE_TOKEN))
        .record_sample(request)
        .await
        .expect("record")
        .into_inner()
        .sample
        .expect("sample")
}

/// Records samples and approves them all directly (a fixture, not a review).
async fn approved_samples(app: &TestApp, texts: &[(&str, &str, &str)]) {
    for (text, intent, language) in texts {
        record(app, sample(text, intent, language)).await;
    }
    app.exec("UPDATE training_samples SET approved = TRUE, review_status = 'approved'")
        .await;
}

fn batch_request(fraction: &str, seed: u64) -> CreateTrainingBatchRequest {
    CreateTrainingBatchRequest {
        validation_fraction: fraction.into(),
        seed,
        created_by: "ml-team".into(),
        ..Default::default()
    }
}

async fn create_batch(app: &TestApp, request: CreateTrainingBatchRequest) -> TrainingBatch {
    app.training()
        .create_training_batch(request)
        .await
        .expect("create batch")
        .into_inner()
        .batch
        .expect("batch")
}

async fn export(app: &TestApp, batch_id: &str) -> Vec<TrainingExample> {
    let mut stream = app
        .training()
        .export_training_batch(ExportTrainingBatchRequest {
            batch_id: batch_id.into(),
        })
        .await
        .expect("export")
        .into_inner();
    let mut rows = Vec::new();
    while let Some(message) = stream.message().await.expect("row") {
        rows.push(message.example.expect("example"));
    }
    rows
}

#[tokio::test]
async fn recorded_samples_wait_in_the_review_queue_highest_priority_first() {
    let app = TestApp::spawn().await;
    for (text, priority) in [("a", 1), ("b", 5), ("c", 5), ("d", 0)] {
        let mut request = sample(text, "greet", "en");
        request.review_priority = priority;
        let recorded = record(&app, request).await;
        assert_eq!(recorded.review_status, ReviewStatus::Pending as i32);
        assert_eq!(recorded.source, SampleSource::Conversation as i32);
        assert!(!recorded.approved);
    }
    let mut texts = Vec::new();
    let mut token = String::new();
    loop {
        let page = app
            .training()
            .get_review_queue(GetReviewQueueRequest {
                page_size: 3,
                page_token: token,
            })
            .await
            .expect("queue")
            .into_inner();
        texts.extend(page.samples.into_iter().map(|s| s.text));
        if page.next_page_token.is_empty() {
            break;
        }
        token = page.next_page_token;
    }
    assert_eq!(texts, ["b", "c", "a", "d"]);
}

#[tokio::test]
async fn a_bad_sample_is_refused_with_field_violations_and_nothing_is_written() {
    let app = TestApp::spawn().await;
    let mut bad = sample("", "Not An Intent", "en");
    bad.confidence = "-0.1".into();
    bad.entities_json = "{".into();
    bad.context_json = "nope".into();
    let status = expect_code(
        app.training().record_sample(bad).await,
        Code::InvalidArgument,
    );
    let fields: HashSet<String> = field_violations(&status).into_iter().map(|v| v.0).collect();
    let expected: HashSet<String> = [
        "text",
        "intent",
        "confidence",
        "entities_json",
        "context_json",
    ]
    .map(String::from)
    .into();
    assert_eq!(fields, expected);
    assert_eq!(app.count("SELECT COUNT(*) FROM training_samples").await, 0);
}

#[tokio::test]
async fn review_approves_rejects_and_corrects_and_records_who() {
    let app = TestApp::spawn().await;
    let ids: Vec<i64> = [
        record(&app, sample("one", "greet", "en")).await.id,
        record(&app, sample("two", "greet", "en")).await.id,
        record(&app, sample("three", "greet", "en")).await.id,
    ]
    .into();
    let review = |sample_id, action: ReviewAction, intent: &str| ReviewSampleRequest {
        sample_id,
        action: action as i32,
        reviewer: "asha".into(),
        intent: intent.into(),
        ..Default::default()
    };
    expect_code(
        app.training_as(Some(SERVICE_TOKEN))
            .review_sample(review(ids[0], ReviewAction::Approve, ""))
            .await,
        Code::PermissionDenied,
    );
    let cases = [
        (
            ids[0],
            ReviewAction::Approve,
            "",
            ReviewStatus::Approved,
            true,
            "greet",
        ),
        (
            ids[1],
            ReviewAction::Reject,
            "",
            ReviewStatus::Rejected,
            false,
            "greet",
        ),
        (
            ids[2],
            ReviewAction::Correct,
            "farewell",
            ReviewStatus::Corrected,
            true,
            "farewell",
        ),
    ];
    for (id, action, intent, status, approved, final_intent) in cases {
        let reviewed = app
            .training()
            .review_sample(review(id, action, intent))
            .await
            .expect("review")
            .into_inner()
            .sample
            .expect("sample");
        assert_eq!(reviewed.review_status, status as i32, "{action:?}");
        assert_eq!(reviewed.approved, approved, "{action:?}");
        assert_eq!(reviewed.intent, final_intent, "{action:?}");
        assert_eq!(reviewed.approved_by, "asha");
        assert!(reviewed.approve_time.is_some());
    }
    expect_code(
        app.training()
            .review_sample(review(ids[0], ReviewAction::Correct, ""))
            .await,
        Code::InvalidArgument,
    );
    expect_code(
        app.training()
            .review_sample(review(9999, ReviewAction::Approve, ""))
            .await,
        Code::NotFound,
    );
    let approved = app
        .training()
        .list_samples(ListSamplesRequest {
            approved: Some(true),
            ..Default::default()
        })
        .await
        .expect("list")
        .into_inner()
        .samples;
    assert_eq!(approved.len(), 2);
}

#[tokio::test]
async fn training_stats_count_by_intent_language_status_and_source() {
    let app = TestApp::spawn().await;
    record(&app, sample("a", "greet", "hi")).await;
    record(&app, sample("b", "greet", "en")).await;
    let mut manual = sample("c", "order_food", "hi");
    manual.source = SampleSource::Manual as i32;
    record(&app, manual).await;
    let stats = app
        .training()
        .get_training_stats(GetTrainingStatsRequest {})
        .await
        .expect("stats")
        .into_inner();
    assert_eq!(stats.total_count, 3);
    let pairs = |rows: Vec<gamification::proto::CountByKey>| {
        rows.into_iter()
            .map(|c| (c.key, c.count))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        pairs(stats.by_intent),
        [("greet".into(), 2), ("order_food".into(), 1)]
    );
    assert_eq!(
        pairs(stats.by_language),
        [("en".into(), 1), ("hi".into(), 2)]
    );
    assert_eq!(pairs(stats.by_review_status), [("pending".into(), 3)]);
    assert_eq!(
        pairs(stats.by_source),
        [("conversation".into(), 2), ("manual".into(), 1)]
    );
}

#[tokio::test]
async fn a_batch_deduplicates_splits_by_intent_and_marks_its_samples_used() {
    let app = TestApp::spawn().await;
    // Distinct messages: "greeting number 0" and "greeting number 1" would
    // be near duplicates, kept on one side.
    let mut texts: Vec<(String, &str, &str)> = DISHES
        .iter()
        .map(|dish| (format!("hello {dish}"), "greet", "hi"))
        .chain(
            DISHES
                .iter()
                .map(|dish| (format!("order {dish}"), "order_food", "hi")),
        )
        .collect();
    texts.push(("  HELLO   pizza ".into(), "greet", "hi"));
    texts.push(("english text".into(), "greet", "en"));
    let refs: Vec<(&str, &str, &str)> =
        texts.iter().map(|(t, i, l)| (t.as_str(), *i, *l)).collect();
    approved_samples(&app, &refs).await;
    let mut request = batch_request("0.2", 7);
    request.languages = vec!["hi".into()];
    let batch = create_batch(&app, request).await;
    assert_eq!((batch.sample_count, batch.duplicate_count), (20, 1));
    for intent in ["greet", "order_food"] {
        let validation = batch
            .counts
            .iter()
            .find(|c| c.intent == intent && c.split == DatasetSplit::Validation as i32)
            .map(|c| c.count);
        assert_eq!(validation, Some(2), "20% of {intent}");
    }
    let used = app
        .count(&format!(
            "SELECT COUNT(*) FROM training_samples WHERE used_in_training AND training_batch_id = '{}'",
            batch.id
        ))
        .await;
    assert_eq!(used, 21, "kept samples and the duplicate are used");
    // Nothing in Hindi is left; the English sample is.
    let mut again = batch_request("0.2", 7);
    again.languages = vec!["hi".into()];
    expect_code(
        app.training().create_training_batch(again).await,
        Code::FailedPrecondition,
    );
    let listed = app
        .training()
        .list_training_batches(ListTrainingBatchesRequest::default())
        .await
        .expect("list")
        .into_inner()
        .batches;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].counts.len(), 4, "two intents by two splits");
}

#[tokio::test]
async fn a_capped_batch_reads_on_past_duplicates_until_it_is_full_and_takes_only_what_it_holds() {
    let app = TestApp::spawn().await;
    // The oldest 30 samples are one message (exact duplicates), more than
    // the first page of candidates a batch of 4 reads (4 + 1 + 16 = 21);
    // distinct ones follow.
    let mut texts: Vec<(String, &str, &str)> = (0..30)
        .map(|_| ("mujhe pizza chahiye".to_string(), "order_food", "hi"))
        .collect();
    texts.extend(
        DISHES
            .iter()
            .map(|dish| (format!("hello {dish}"), "greet", "hi")),
    );
    let refs: Vec<(&str, &str, &str)> =
        texts.iter().map(|(t, i, l)| (t.as_str(), *i, *l)).collect();
    approved_samples(&app, &refs).await;
    let mut request = batch_request("0.25", 3);
    request.max_samples = 4;
    let batch = create_batch(&app, request).await;
    assert_eq!(
        batch.sample_count, 4,
        "the batch is filled past the duplicates"
    );
    assert_eq!(batch.duplicate_count, 29);
    let used = app
        .count("SELECT COUNT(*) FROM training_samples WHERE used_in_training")
        .await;
    assert_eq!(
        used, 33,
        "the 4 kept and the 29 duplicates; the rest stay for later"
    );
}

#[tokio::test]
async fn a_bad_batch_request_is_refused_and_nothing_is_taken() {
    let app = TestApp::spawn().await;
    approved_samples(&app, &[("hello", "greet", "en")]).await;
    for fraction in ["1", "-0.1", "1.5", "lots"] {
        let status = expect_code(
            app.training()
                .create_training_batch(batch_request(fraction, 1))
                .await,
            Code::InvalidArgument,
        );
        assert_eq!(
            field_violations(&status)[0].0,
            "validation_fraction",
            "{fraction}"
        );
    }
    let mut bad_intent = batch_request("0.1", 1);
    bad_intent.intents = vec!["Greet!".into()];
    expect_code(
        app.training().create_training_batch(bad_intent).await,
        Code::InvalidArgument,
    );
    expect_code(
        app.training_as(Some(SERVICE_TOKEN))
            .create_training_batch(batch_request("0.1", 1))
            .await,
        Code::PermissionDenied,
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM training_batches").await, 0);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM training_samples WHERE used_in_training")
            .await,
        0
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_batches_never_share_a_sample() {
    let app = TestApp::spawn().await;
    let texts: Vec<String> = (0..40).map(|i| format!("sample text {i}")).collect();
    let refs: Vec<(&str, &str, &str)> = texts.iter().map(|t| (t.as_str(), "greet", "hi")).collect();
    approved_samples(&app, &refs).await;
    let calls: Vec<_> = (0..4u64)
        .map(|seed| {
            let mut client = app.training();
            tokio::spawn(async move {
                let mut request = batch_request("0.25", seed);
                request.max_samples = 15;
                client.create_training_batch(request).await
            })
        })
        .collect();
    let mut results = Vec::new();
    for call in calls {
        results.push(call.await.expect("task"));
    }
    let mut total = 0;
    for result in results {
        match result {
            Ok(response) => total += response.into_inner().batch.expect("batch").sample_count,
            Err(status) => assert!(
                matches!(status.code(), Code::FailedPrecondition | Code::Aborted),
                "unexpected {status:?}"
            ),
        }
    }
    assert_eq!(total, 40, "every sample taken once");
    let shared = app
        .count("SELECT COUNT(*) FROM (SELECT sample_id FROM training_batch_items GROUP BY sample_id HAVING COUNT(*) > 1) t")
        .await;
    assert_eq!(shared, 0);
    let mismatched = app
        .count("SELECT COUNT(*) FROM training_batch_items i JOIN training_samples s ON s.id = i.sample_id WHERE s.training_batch_id <> i.batch_id")
        .await;
    assert_eq!(mismatched, 0);
}

#[tokio::test]
async fn export_is_the_same_on_every_call_and_a_used_sample_cannot_be_re_reviewed() {
    let app = TestApp::spawn().await;
    let texts: Vec<String> = (0..30).map(|i| format!("text {i}")).collect();
    let refs: Vec<(&str, &str, &str)> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| {
            (
                t.as_str(),
                if i % 3 == 0 { "greet" } else { "order_food" },
                "hi",
            )
        })
        .collect();
    approved_samples(&app, &refs).await;
    let batch = create_batch(&app, batch_request("0.3", 99)).await;
    let first = export(&app, &batch.id).await;
    assert_eq!(first.len(), 30);
    let validation = first
        .iter()
        .filter(|e| e.split == DatasetSplit::Validation as i32)
        .count();
    assert_eq!(validation, 9, "30% of 10 greet and of 20 order_food");
    let sample_id = first[0].sample_id;
    expect_code(
        app.training()
            .review_sample(ReviewSampleRequest {
                sample_id,
                action: ReviewAction::Reject as i32,
                reviewer: "asha".into(),
                ..Default::default()
            })
            .await,
        Code::FailedPrecondition,
    );
    assert_eq!(export(&app, &batch.id).await, first);
    expect_code(
        app.training()
            .export_training_batch(ExportTrainingBatchRequest {
                batch_id: "tb-unknown".into(),
            })
            .await,
        Code::NotFound,
    );

    // The command-line export writes the same rows.
    let dir = tempfile::tempdir().expect("dir");
    let config = Config::for_database(app.database.url.clone());
    for (format, file) in [(Format::Jsonl, "batch.jsonl"), (Format::Csv, "batch.csv")] {
        let args = ExportArgs {
            batch_id: batch.id.clone(),
            output: dir.path().join(file),
            format,
            split: None,
        };
        let rows = export_batch(&config, &args).await.expect("export file");
        assert_eq!(rows, 30);
        let written = std::fs::read_to_string(&args.output).expect("file");
        let lines: Vec<&str> = written.lines().collect();
        if format == Format::Jsonl {
            let row: serde_json::Value = serde_json::from_str(lines[0]).expect("json line");
            assert_eq!(row["text"], first[0].text.as_str());
            assert_eq!(
                row["split"],
                if first[0].split == DatasetSplit::Train as i32 {
                    "train"
                } else {
                    "validation"
                }
            );
        } else {
            assert_eq!(lines[0], "text,intent,entities,language,split,sample_id");
            assert_eq!(lines.len(), 31);
        }
    }
}

#[tokio::test]
async fn a_bad_list_request_reports_every_bad_field_at_once() {
    let app = TestApp::spawn().await;
    let request = ListSamplesRequest {
        page_size: -1,
        page_token: "not a token".into(),
        review_status: 42,
        source: 42,
        ..Default::default()
    };
    let status = expect_code(
        app.training().list_samples(request).await,
        Code::InvalidArgument,
    );
    let fields: HashSet<String> = field_violations(&status).into_iter().map(|v| v.0).collect();
    let expected = ["page_size", "page_token", "review_status", "source"];
    assert_eq!(fields, expected.into_iter().map(String::from).collect());
}

/// Ten or more digits in a row once separators are gone, or an `@`
/// between word characters: what a phone number or e-mail leaves.
fn leaks_contact(text: &str) -> bool {
    let digits: String = text
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')' | '+'))
        .collect();
    let mut run = 0;
    for c in digits.chars() {
        run = if c.is_numeric() { run + 1 } else { 0 };
        if run >= 10 {
            return true;
        }
    }
    text.split_whitespace().any(|word| {
        word.split_once('@')
            .is_some_and(|(a, b)| !a.is_empty() && !b.is_empty())
    })
}

#[tokio::test]
async fn an_export_contains_no_phone_number_or_email() {
    let app = TestApp::spawn().await;
    let texts = [
        (
            "mera number 98123 45678 hai, call karo",
            "request_call",
            "hi",
        ),
        ("+91-98123-45678 pe whatsapp karo", "request_call", "hi"),
        ("मेरा नंबर ९८१२३४५६७८ है", "request_call", "hi"),
        (
            "mail the bill to asha.k@example.co.in",
            "send_invoice",
            "en",
        ),
        ("paise rahul@okaxis pe bhejo", "payment", "hi"),
        ("my otp is 482913", "verify", "en"),
        ("order 2 pizzas at 7 pm", "order_food", "en"),
    ];
    approved_samples(&app, &texts).await;
    let mut with_entities = sample("call 0091 98123 45678", "request_call", "en");
    with_entities.entities_json = r#"{"phone": "098123 45678"}"#.into();
    record(&app, with_entities).await;
    app.exec("UPDATE training_samples SET approved = TRUE, review_status = 'approved'")
        .await;
    let batch = create_batch(&app, batch_request("0.25", 3)).await;
    let rows = export(&app, &batch.id).await;
    assert_eq!(rows.len(), texts.len() + 1);
    for row in &rows {
        assert!(!leaks_contact(&row.text), "{}", row.text);
        assert!(!leaks_contact(&row.entities_json), "{}", row.entities_json);
    }
    let texts: HashSet<&str> = rows.iter().map(|r| r.text.as_str()).collect();
    for expected in [
        "mera number [phone] hai, call karo",
        "मेरा नंबर [phone] है",
        "mail the bill to [email]",
        "paise [upi] pe bhejo",
        "my otp is [number]",
        "order 2 pizzas at 7 pm",
    ] {
        assert!(texts.contains(expected), "{expected} in {texts:?}");
    }
    // The file export reads the same rows.
    let dir = tempfile::tempdir().expect("dir");
    let config = Config::for_database(app.database.url.clone());
    let args = ExportArgs {
        batch_id: batch.id.clone(),
        output: dir.path().join("batch.jsonl"),
        format: Format::Jsonl,
        split: None,
    };
    export_batch(&config, &args).await.expect("export file");
    let written = std::fs::read_to_string(&args.output).expect("file");
    for line in written.lines() {
        let row: serde_json::Value = serde_json::from_str(line).expect("json line");
        let text = row["text"].as_str().expect("text");
        assert!(!leaks_contact(text), "{text}");
    }
}

const DISHES: [&str; 10] = [
    "pizza",
    "biryani",
    "paneer tikka",
    "masala dosa",
    "chole bhature",
    "veg thali",
    "gulab jamun",
    "butter naan",
    "dal makhani",
    "samosa",
];

fn split_of(rows: &[TrainingExample], text: &str) -> Option<i32> {
    rows.iter().find(|r| r.text == text).map(|r| r.split)
}

#[tokio::test]
async fn a_batch_has_no_near_duplicate_across_splits_nor_against_an_earlier_validation_set() {
    let app = TestApp::spawn().await;
    // Each dish: a message, a near duplicate (spelling, case, punctuation)
    // and a Devanagari message with its nukta-less spelling.
    let mut first: Vec<(String, &str, &str)> = Vec::new();
    for dish in DISHES {
        first.push((format!("mujhe {dish} chahiye"), "order_food", "hi"));
        first.push((format!("Mujhe {dish} chaiyeee!"), "order_food", "hi"));
        first.push((format!("{dish} ka price kya hai"), "ask_price", "hi"));
        first.push((format!("{dish} ka price kyaa hai??"), "ask_price", "hi"));
    }
    first.push(("मुझे पिज़्ज़ा चाहिए".into(), "order_food", "hi"));
    first.push(("मुझे पिज्जा चाहिए।".into(), "order_food", "hi"));
    let rows: Vec<(&str, &str, &str)> =
        first.iter().map(|(t, i, l)| (t.as_str(), *i, *l)).collect();
    approved_samples(&app, &rows).await;
    let batch = create_batch(&app, batch_request("0.3", 11)).await;
    let exported = export(&app, &batch.id).await;
    assert_eq!(
        exported.len(),
        first.len(),
        "near duplicates are kept, together"
    );
    let validation = DatasetSplit::Validation as i32;
    assert!(exported.iter().any(|r| r.split == validation));
    for pair in first.chunks(2) {
        assert_eq!(
            split_of(&exported, &pair[0].0),
            split_of(&exported, &pair[1].0),
            "{} and {} on one side",
            pair[0].0,
            pair[1].0
        );
    }
    assert_eq!(batch.content_hash.len(), 64);
    let manifest: serde_json::Value = serde_json::from_str(&batch.manifest_json).expect("manifest");
    assert_eq!(manifest["settings"]["near_duplicate_threshold"], "0.9");
    assert_eq!(
        manifest["counts"]["order_food"]["train"]
            .as_u64()
            .unwrap_or(0)
            + manifest["counts"]["order_food"]["validation"]
                .as_u64()
                .unwrap_or(0),
        22
    );

    // The same messages again, spelled differently, and a conflict.
    let mut second: Vec<(String, &str, &str)> = DISHES
        .iter()
        .map(|dish| (format!("MUJHE {dish} CHAHIYE !!!"), "order_food", "hi"))
        .collect();
    second.push(("kal ka mausam batao".into(), "weather", "hi"));
    second.push(("Kal ka mausam batao!".into(), "small_talk", "hi"));
    second.push(("mera order cancel karo".into(), "cancel_order", "hi"));
    for (text, intent, language) in &second {
        record(&app, sample(text, intent, language)).await;
    }
    app.exec(
        "UPDATE training_samples SET approved = TRUE, review_status = 'approved' \
         WHERE used_in_training IS NULL OR used_in_training = FALSE",
    )
    .await;
    let later = create_batch(&app, batch_request("0.5", 12)).await;
    let again = export(&app, &later.id).await;
    let was_validation: Vec<&str> = DISHES
        .iter()
        .copied()
        .filter(|dish| split_of(&exported, &format!("mujhe {dish} chahiye")) == Some(validation))
        .collect();
    assert!(!was_validation.is_empty());
    for dish in DISHES {
        let text = format!("MUJHE {dish} CHAHIYE !!!");
        if was_validation.contains(&dish) {
            assert_eq!(
                split_of(&again, &text),
                None,
                "{text}: validation in batch 1"
            );
        } else {
            assert_eq!(
                split_of(&again, &text),
                Some(DatasetSplit::Train as i32),
                "{text}: train in batch 1, so train again"
            );
        }
    }
    assert_eq!(later.earlier_validation_count, was_validation.len() as i64);
    assert_eq!(later.conflict_count, 2);
    assert!(split_of(&again, "kal ka mausam batao").is_none());
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM training_samples WHERE text LIKE '%al ka mausam batao%' \
             AND approved = FALSE AND review_status = 'pending'"
        )
        .await,
        2,
        "conflicting labels go back to review"
    );
    assert!(split_of(&again, "mera order cancel karo").is_some());
}

#[tokio::test]
async fn min_confidence_keeps_human_approved_hard_cases_and_sources_filter() {
    let app = TestApp::spawn().await;
    let mut human = sample("yeh wala nahi, doosra wala", "change_order", "hi");
    human.confidence = "0.64".into();
    record(&app, human).await;
    let mut crowd = sample("jaldi bhejo yaar", "expedite", "hi");
    crowd.confidence = "0.7".into();
    record(&app, crowd).await;
    let mut sure_crowd = sample("order kab tak aayega", "order_status", "hi");
    sure_crowd.confidence = "0.95".into();
    record(&app, sure_crowd).await;
    app.exec(
        "UPDATE training_samples SET approved = TRUE, review_status = 'approved', \
         approved_by = CASE WHEN intent = 'change_order' THEN 'asha' ELSE 'crowd' END",
    )
    .await;
    let mut request = batch_request("", 1);
    request.min_confidence = "0.8".into();
    request.approval_sources = vec!["human".into(), "crowd".into()];
    let batch = create_batch(&app, request).await;
    let mut texts: Vec<String> = export(&app, &batch.id)
        .await
        .into_iter()
        .map(|r| r.text)
        .collect();
    texts.sort();
    assert_eq!(
        texts,
        ["order kab tak aayega", "yeh wala nahi, doosra wala"]
    );

    let mut bad = batch_request("", 1);
    bad.approval_sources = vec!["robot".into()];
    let status = app
        .training()
        .create_training_batch(bad)
        .await
        .expect_err("bad source");
    assert_eq!(
        field_violations(&status),
        [(
            "approval_sources[0]".to_string(),
            "must be human, crowd or game".to_string()
        )]
    );
}
