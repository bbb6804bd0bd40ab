//! ConversationLogService: logging turns one by one and streamed, their
//! confidence buckets, listing, promotion to samples, stats and privacy.
use std::collections::HashSet;

use gamification::proto::{
    ConfidenceBucket, DeleteUserDataRequest, GetConversationStatsRequest,
    ListTrainingCandidatesRequest, ListTurnsRequest, LogTurnRequest, LogTurnsRequest,
    PromoteTurnToSampleRequest, PurgeExpiredTurnsRequest, ReviewStatus, Turn, TurnInput,
    UpsertUserRequest,
};
use tonic::Code;

use crate::helpers::{SERVICE_TOKEN, TestApp, expect_code, field_violations};

/// A turn whose user said `message`, in Hindi, in chat `chat`; set what a
/// test is about with the [`TurnFields`] methods, e.g.
/// `turn_saying("kal ka mausam").intent("weather").confidence("0.42")`.
pub fn turn_saying(message: &str) -> TurnInput {
    TurnInput {
        session_id: "chat".into(),
        user_message: message.into(),
        nlu_language: "hi".into(),
        ..Default::default()
    }
}

/// Named setters for the fields tests vary on a turn.
pub trait TurnFields {
    fn chat(self, session_id: &str) -> Self;
    fn intent(self, intent: &str) -> Self;
    fn confidence(self, confidence: &str) -> Self;
}

impl TurnFields for TurnInput {
    fn chat(mut self, session_id: &str) -> Self {
        self.session_id = session_id.into();
        self
    }

    fn intent(mut self, intent: &str) -> Self {
        self.nlu_intent = intent.into();
        self
    }

    fn confidence(mut self, confidence: &str) -> Self {
        self.nlu_confidence = confidence.into();
        self
    }
}

pub async fn log(app: &TestApp, input: TurnInput) -> Turn {
    app.conversations()
        .log_turn(LogTurnRequest {
            turn: Some(input),
            request_id: String::new(),
        })
        .await
        .expect("log turn")
        .into_inner()
        .turn
        .expect("turn")
}

#[tokio::test]
async fn turns_are_bucketed_at_the_settings_thresholds() {
    let app = TestApp::spawn().await;
    // Seeded thresholds: low below 0.5, high at or above 0.85.
    let cases = [
        ("0", ConfidenceBucket::Low, true),
        ("0.4999", ConfidenceBucket::Low, true),
        ("0.5", ConfidenceBucket::Medium, true),
        ("0.8499", ConfidenceBucket::Medium, true),
        ("0.85", ConfidenceBucket::High, false),
        ("1", ConfidenceBucket::High, false),
    ];
    for (confidence, bucket, candidate) in cases {
        let logged = log(
            &app,
            turn_saying("mujhe pizza chahiye")
                .chat("s1")
                .intent("order_food")
                .confidence(confidence),
        )
        .await;
        assert_eq!(
            logged.training_confidence_bucket, bucket as i32,
            "bucket of {confidence}"
        );
        assert_eq!(
            logged.is_training_candidate, candidate,
            "candidate at {confidence}"
        );
    }
    // Confident, but the runner-up is within the 0.1 margin.
    let mut close = turn_saying("pizza ya burger")
        .chat("s1")
        .intent("order_food")
        .confidence("0.9");
    close.nlu_alternate_intents_json = r#"[{"intent":"order_burger","confidence":0.85}]"#.into();
    assert!(log(&app, close).await.is_training_candidate);
    let stored = app
        .count("SELECT COUNT(*) FROM conversation_logs WHERE training_confidence_bucket = 'low'")
        .await;
    assert_eq!(stored, 2);
}

use crate::helpers::set_setting as set;

#[tokio::test]
async fn changed_thresholds_and_text_limit_apply_to_the_next_turn() {
    let app = TestApp::spawn().await;
    set(&app, "confidence_low_threshold", "0.7").await;
    set(&app, "confidence_high_threshold", "0.95").await;
    set(&app, "candidate_margin_threshold", "0.3").await;
    set(&app, "max_text_length", "10").await;
    let cases = [
        ("0.6999", ConfidenceBucket::Low),
        ("0.7", ConfidenceBucket::Medium),
        ("0.95", ConfidenceBucket::High),
    ];
    for (confidence, bucket) in cases {
        let logged = log(
            &app,
            turn_saying("short")
                .chat("s")
                .intent("greet")
                .confidence(confidence),
        )
        .await;
        assert_eq!(
            logged.training_confidence_bucket, bucket as i32,
            "{confidence}"
        );
    }
    let mut close = turn_saying("short")
        .chat("s")
        .intent("greet")
        .confidence("0.96");
    close.nlu_alternate_intents_json = r#"{"farewell": 0.7}"#.into();
    assert!(
        log(&app, close).await.is_training_candidate,
        "margin 0.26 < 0.3"
    );
    let status = expect_code(
        app.conversations()
            .log_turn(LogTurnRequest {
                turn: Some(
                    turn_saying("eleven char")
                        .chat("s")
                        .intent("greet")
                        .confidence("0.9"),
                ),
                request_id: String::new(),
            })
            .await,
        Code::InvalidArgument,
    );
    assert_eq!(field_violations(&status)[0].0, "user_message");
}

#[tokio::test]
async fn a_bad_turn_is_refused_with_every_fault_and_nothing_is_written() {
    let app = TestApp::spawn().await;
    let mut bad = turn_saying("")
        .chat("s1")
        .intent("Order-Food")
        .confidence("1.5");
    bad.nlu_entities_json = "{not json".into();
    bad.conversation_context_json = "[1,".into();
    let status = expect_code(
        app.conversations()
            .log_turn(LogTurnRequest {
                turn: Some(bad),
                request_id: String::new(),
            })
            .await,
        Code::InvalidArgument,
    );
    let fields: HashSet<String> = field_violations(&status).into_iter().map(|v| v.0).collect();
    for field in [
        "user_message",
        "nlu_intent",
        "nlu_confidence",
        "nlu_entities_json",
        "conversation_context_json",
    ] {
        assert!(fields.contains(field), "{field} reported in {fields:?}");
    }
    let too_long = turn_saying(&"a".repeat(2001))
        .chat("s1")
        .intent("greet")
        .confidence("0.9");
    expect_code(
        app.conversations()
            .log_turn(LogTurnRequest {
                turn: Some(too_long),
                request_id: String::new(),
            })
            .await,
        Code::InvalidArgument,
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM conversation_logs").await, 0);
}

#[tokio::test]
async fn streamed_turns_keep_the_good_ones_around_bad_items() {
    let app = TestApp::spawn().await;
    let bad_at = [3usize, 250, 599];
    let items: Vec<LogTurnsRequest> = (0..600)
        .map(|i| {
            let confidence = if bad_at.contains(&i) { "2" } else { "0.7" };
            LogTurnsRequest {
                turn: Some(
                    turn_saying(&format!("message {i}"))
                        .chat("stream")
                        .intent("greet")
                        .confidence(confidence),
                ),
                request_id: String::new(),
            }
        })
        .collect();
    let report = app
        .conversations()
        .log_turns(tokio_stream::iter(items))
        .await
        .expect("log turns")
        .into_inner();
    assert_eq!(report.accepted_count, 597);
    let rejected: Vec<i32> = report.rejected.iter().map(|r| r.index).collect();
    assert_eq!(rejected, [3, 250, 599]);
    assert!(report.rejected[0].reasons[0].starts_with("nlu_confidence"));
    assert_eq!(
        app.count("SELECT COUNT(*) FROM conversation_logs").await,
        597
    );
    let lost = app
        .count("SELECT COUNT(*) FROM conversation_logs WHERE user_message IN ('message 3', 'message 250')")
        .await;
    assert_eq!(lost, 0);
}

/// Now plus `offset` seconds.
fn at(offset: i64) -> prost_types::Timestamp {
    prost_types::Timestamp {
        seconds: chrono::Utc::now().timestamp() + offset,
        nanos: 0,
    }
}

async fn page(app: &TestApp, request: ListTurnsRequest) -> (Vec<i64>, String) {
    let response = app
        .conversations()
        .list_turns(request)
        .await
        .expect("list")
        .into_inner();
    let ids = response.turns.iter().map(|t| t.id).collect();
    (ids, response.next_page_token)
}

#[tokio::test]
async fn keyset_pages_see_each_turn_exactly_once_while_new_turns_arrive() {
    let app = TestApp::spawn().await;
    let mut logged = Vec::new();
    for i in 0..25 {
        logged.push(
            log(
                &app,
                turn_saying(&format!("m{i}"))
                    .chat("s")
                    .intent("greet")
                    .confidence("0.9"),
            )
            .await
            .id,
        );
    }
    let mut seen = Vec::new();
    let mut token = String::new();
    loop {
        let (ids, next) = page(
            &app,
            ListTurnsRequest {
                page_size: 10,
                page_token: token,
                ..Default::default()
            },
        )
        .await;
        seen.extend(ids);
        // New turns arrive between pages.
        log(
            &app,
            turn_saying("late")
                .chat("s")
                .intent("greet")
                .confidence("0.9"),
        )
        .await;
        if next.is_empty() {
            break;
        }
        token = next;
    }
    logged.reverse();
    assert_eq!(
        seen, logged,
        "newest first, each once, none of the late ones"
    );
}

#[tokio::test]
async fn turns_are_filtered_by_session_user_intent_bucket_and_channel() {
    let app = TestApp::spawn().await;
    let mut web = turn_saying("hello")
        .chat("a")
        .intent("greet")
        .confidence("0.3");
    web.user_id = Some(7);
    log(&app, web).await;
    let mut whatsapp = turn_saying("order")
        .chat("b")
        .intent("order_food")
        .confidence("0.95");
    whatsapp.channel = "whatsapp".into();
    log(&app, whatsapp).await;
    let cases = [
        (
            ListTurnsRequest {
                session_id: "a".into(),
                ..Default::default()
            },
            1,
            "session",
        ),
        (
            ListTurnsRequest {
                user_id: Some(7),
                ..Default::default()
            },
            1,
            "user",
        ),
        (
            ListTurnsRequest {
                intent: "order_food".into(),
                ..Default::default()
            },
            1,
            "intent",
        ),
        (
            ListTurnsRequest {
                bucket: ConfidenceBucket::High as i32,
                ..Default::default()
            },
            1,
            "bucket",
        ),
        (
            ListTurnsRequest {
                channel: "web".into(),
                ..Default::default()
            },
            1,
            "channel",
        ),
        (ListTurnsRequest::default(), 2, "no filter"),
        (
            ListTurnsRequest {
                start_time: Some(at(-3600)),
                ..Default::default()
            },
            2,
            "since an hour ago",
        ),
        (
            ListTurnsRequest {
                end_time: Some(at(-3600)),
                ..Default::default()
            },
            0,
            "before an hour ago",
        ),
    ];
    for (request, expected, what) in cases {
        assert_eq!(page(&app, request).await.0.len(), expected, "{what}");
    }
}

#[tokio::test]
async fn a_promoted_candidate_becomes_an_approved_sample_once() {
    let app = TestApp::spawn().await;
    let unsure = log(
        &app,
        turn_saying("kal ka mausam")
            .chat("s")
            .intent("weather")
            .confidence("0.3"),
    )
    .await;
    log(
        &app,
        turn_saying("namaste")
            .chat("s")
            .intent("greet")
            .confidence("0.99"),
    )
    .await;
    let candidates = app
        .conversations()
        .list_training_candidates(ListTrainingCandidatesRequest::default())
        .await
        .expect("candidates")
        .into_inner()
        .turns;
    assert_eq!(
        candidates.iter().map(|t| t.id).collect::<Vec<_>>(),
        [unsure.id]
    );

    let promote = PromoteTurnToSampleRequest {
        turn_id: unsure.id,
        intent: "weather_forecast".into(),
        entities_json: r#"{"date":"tomorrow"}"#.into(),
        reviewer: "asha".into(),
        request_id: String::new(),
    };
    expect_code(
        app.conversations_as(Some(SERVICE_TOKEN))
            .promote_turn_to_sample(promote.clone())
            .await,
        Code::PermissionDenied,
    );
    let admin = || app.conversations_as(Some(crate::helpers::ADMIN_TOKEN));
    let sample = admin()
        .promote_turn_to_sample(promote.clone())
        .await
        .expect("promote")
        .into_inner()
        .sample
        .expect("sample");
    assert_eq!(sample.text, "kal ka mausam");
    assert_eq!(sample.intent, "weather_forecast");
    assert!(sample.approved);
    assert_eq!(sample.approved_by, "asha");
    assert_eq!(sample.review_status, ReviewStatus::Corrected as i32);
    expect_code(
        admin().promote_turn_to_sample(promote).await,
        Code::AlreadyExists,
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM training_samples").await, 1);
    let left = app
        .conversations()
        .list_training_candidates(ListTrainingCandidatesRequest::default())
        .await
        .expect("candidates")
        .into_inner()
        .turns;
    assert!(left.is_empty(), "a promoted turn is no longer a candidate");
}

#[tokio::test]
async fn conversation_stats_are_exact_per_intent_and_language() {
    let app = TestApp::spawn().await;
    for (intent, confidence, ms) in [
        ("greet", "0.9", 10),
        ("greet", "0.2", 30),
        ("order", "0.6", 20),
    ] {
        let mut input = turn_saying("text")
            .chat("s")
            .intent(intent)
            .confidence(confidence);
        input.nlu_processing_time_ms = Some(ms);
        log(&app, input).await;
    }
    let stats = app
        .conversations()
        .get_conversation_stats(GetConversationStatsRequest::default())
        .await
        .expect("stats")
        .into_inner();
    assert_eq!(stats.turn_count, 3);
    assert_eq!(stats.training_candidate_count, 2);
    let greet = stats
        .intents
        .iter()
        .find(|i| i.intent == "greet")
        .expect("greet");
    assert_eq!(greet.turn_count, 2);
    assert_eq!(greet.mean_confidence, "0.5500");
    assert_eq!(greet.low_confidence_share, "0.5000");
    assert_eq!(greet.mean_nlu_processing_time_ms, 20.0);
    assert_eq!(stats.languages.len(), 1);
    assert_eq!(stats.languages[0].language, "hi");
}

#[tokio::test]
async fn the_retention_sweep_deletes_only_expired_turns_and_samples_keep_their_text() {
    let app = TestApp::spawn().await;
    let old = log(
        &app,
        turn_saying("purana sandesh")
            .chat("s")
            .intent("greet")
            .confidence("0.3"),
    )
    .await;
    log(
        &app,
        turn_saying("naya sandesh")
            .chat("s")
            .intent("greet")
            .confidence("0.3"),
    )
    .await;
    app.conversations_as(Some(crate::helpers::ADMIN_TOKEN))
        .promote_turn_to_sample(PromoteTurnToSampleRequest {
            turn_id: old.id,
            intent: "greet".into(),
            reviewer: "asha".into(),
            ..Default::default()
        })
        .await
        .expect("promote");
    app.exec(&format!(
        "UPDATE conversation_logs SET created_at = '2020-01-01 00:00:00' WHERE id = {}",
        old.id
    ))
    .await;
    let purged = app
        .conversations_as(Some(crate::helpers::ADMIN_TOKEN))
        .purge_expired_turns(PurgeExpiredTurnsRequest {})
        .await
        .expect("purge")
        .into_inner();
    assert_eq!(purged.deleted_count, 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM conversation_logs").await, 1);
    let kept = app
        .count("SELECT COUNT(*) FROM training_samples WHERE text = 'purana sandesh'")
        .await;
    assert_eq!(kept, 1, "the sample keeps its text");
}

#[tokio::test]
async fn delete_user_data_leaves_no_trace_of_the_user_in_logs_memory_or_samples() {
    let app = TestApp::spawn().await;
    let user = app
        .users()
        .upsert_user(UpsertUserRequest {
            php_user_id: Some(42),
            phone: "+919812345678".into(),
            ..Default::default()
        })
        .await
        .expect("user")
        .into_inner()
        .user
        .expect("user");
    let mut by_id = turn_saying("mera order")
        .chat("s")
        .intent("order_food")
        .confidence("0.3");
    by_id.user_id = Some(user.id);
    let theirs = log(&app, by_id).await;
    let mut by_phone = turn_saying("anonymous")
        .chat("s")
        .intent("greet")
        .confidence("0.9");
    by_phone.phone_number = "+919812345678".into();
    log(&app, by_phone).await;
    log(
        &app,
        turn_saying("someone else")
            .chat("other")
            .intent("greet")
            .confidence("0.9"),
    )
    .await;
    app.exec(&format!(
        "INSERT INTO conversation_memory (user_id, role, content, turn_number, session_id) \
         VALUES ({0}, 'user', 'hi', 1, 's'), ({0}, 'assistant', 'hello', 2, 's')",
        user.id
    ))
    .await;
    let admin = || app.conversations_as(Some(crate::helpers::ADMIN_TOKEN));
    admin()
        .promote_turn_to_sample(PromoteTurnToSampleRequest {
            turn_id: theirs.id,
            intent: "order_food".into(),
            reviewer: "asha".into(),
            ..Default::default()
        })
        .await
        .expect("promote");
    expect_code(
        app.conversations()
            .delete_user_data(DeleteUserDataRequest {
                user_id: user.id,
                ..Default::default()
            })
            .await,
        Code::PermissionDenied,
    );
    let erased = admin()
        .delete_user_data(DeleteUserDataRequest {
            user_id: user.id,
            requested_by: "privacy-desk".into(),
        })
        .await
        .expect("delete")
        .into_inner();
    assert_eq!(
        (
            erased.conversation_logs_deleted,
            erased.conversation_memory_deleted,
            erased.training_samples_deleted
        ),
        (2, 2, 1)
    );
    let traces = [
        format!(
            "SELECT COUNT(*) FROM conversation_logs WHERE user_id = {}",
            user.id
        ),
        "SELECT COUNT(*) FROM conversation_logs WHERE phone_number = '+919812345678'".into(),
        format!(
            "SELECT COUNT(*) FROM conversation_memory WHERE user_id = {}",
            user.id
        ),
        format!(
            "SELECT COUNT(*) FROM training_samples WHERE user_id = {}",
            user.id
        ),
    ];
    for sql in traces {
        assert_eq!(app.count(&sql).await, 0, "{sql}");
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM conversation_logs").await, 1);
    let text_gone = app
        .count("SELECT COUNT(*) FROM training_samples WHERE text = 'mera order'")
        .await;
    assert_eq!(text_gone, 0, "the sample of their message is deleted");
    assert_eq!(
        app.text(&format!(
            "SELECT requested_by FROM gamification_deletion_audit WHERE id = {}",
            erased.audit_id
        ))
        .await,
        "privacy-desk"
    );
}

/// LogTurn calls arriving together are written in groups (group commit);
/// each caller still gets its own turn, and a retried request id its first
/// turn, as if each had been written alone.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_log_turn_calls_are_written_together_and_each_gets_its_own_turn() {
    let app = TestApp::spawn().await;
    let calls = 200;
    let tasks: Vec<_> = (0..calls)
        .map(|n| {
            let mut client = app.conversations();
            let turn = turn_saying(&format!("message {n}")).chat(&format!("chat-{}", n % 7));
            tokio::spawn(async move {
                let request = LogTurnRequest {
                    turn: Some(turn),
                    request_id: String::new(),
                };
                client.log_turn(request).await.map(|r| r.into_inner())
            })
        })
        .collect();
    let mut ids = HashSet::new();
    let mut times = HashSet::new();
    for (n, task) in tasks.into_iter().enumerate() {
        let turn = task
            .await
            .expect("task")
            .expect("logged")
            .turn
            .expect("turn");
        let input = turn.input.expect("input");
        assert_eq!(
            input.user_message,
            format!("message {n}"),
            "call {n} got its own turn"
        );
        assert_eq!(input.session_id, format!("chat-{}", n % 7));
        ids.insert(turn.id);
        times.insert(format!("{:?}", turn.create_time));
    }
    assert_eq!(ids.len(), calls, "one id per call");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM conversation_logs").await,
        i64::try_from(calls).expect("count")
    );
    // Calls written together share their transaction's time.
    assert!(
        times.len() < calls,
        "{} write times for {calls} calls: nothing was grouped",
        times.len()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn request_ids_hold_inside_a_group_commit() {
    let app = TestApp::spawn().await;
    let shared = uuid::Uuid::new_v4().to_string();
    let call = |turn: TurnInput, request_id: String| {
        let mut client = app.conversations();
        tokio::spawn(async move {
            let request = LogTurnRequest {
                turn: Some(turn),
                request_id,
            };
            client.log_turn(request).await.map(|r| r.into_inner())
        })
    };
    // One request id sent at once for two different turns, three times for
    // one and once for the other, among plain calls: whichever turn is
    // written first owns the id; its repeats get that turn, the other turn's
    // call is refused.
    let mut keyed = Vec::new();
    let mut others = Vec::new();
    for n in 0..30 {
        others.push(call(turn_saying(&format!("other {n}")), String::new()));
        if n % 10 == 0 {
            keyed.push(("retried", call(turn_saying("retried"), shared.clone())));
        }
        if n == 15 {
            keyed.push((
                "something else",
                call(turn_saying("something else"), shared.clone()),
            ));
        }
    }
    let mut logged = Vec::new();
    let mut refused = Vec::new();
    for (message, task) in keyed {
        match task.await.expect("task") {
            Ok(response) => logged.push((message, response.turn.expect("turn").id)),
            Err(status) => {
                assert_eq!(status.code(), Code::FailedPrecondition, "{status:?}");
                refused.push(message);
            }
        }
    }
    for task in others {
        task.await
            .expect("task")
            .expect("plain calls are unaffected");
    }
    let winners: HashSet<(&str, i64)> = logged.iter().copied().collect();
    assert_eq!(winners.len(), 1, "one turn for one request id: {logged:?}");
    let (winner, _) = logged[0];
    assert!(refused.iter().all(|m| *m != winner), "{refused:?}");
    assert_eq!(logged.len() + refused.len(), 4);
    let stored = "SELECT COUNT(*) FROM conversation_logs WHERE user_message IN ('retried', 'something else')";
    assert_eq!(app.count(stored).await, 1);
}

/// Makes the database refuse every turn whose user said `poison`: a
/// trigger stands for any constraint another application adds (no
/// constraint of the schema can be broken by a turn the checks pass).
pub async fn refuse_poison(app: &TestApp) {
    if cfg!(postgres_tests) {
        app.exec(
            "CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
             IF NEW.user_message = 'poison' THEN RAISE EXCEPTION 'poison'; END IF; RETURN NEW; END $$",
        )
        .await;
        app.exec(
            "CREATE TRIGGER no_poison BEFORE INSERT ON conversation_logs \
             FOR EACH ROW EXECUTE FUNCTION refuse_poison()",
        )
        .await;
    } else {
        app.exec(
            "CREATE TRIGGER no_poison BEFORE INSERT ON conversation_logs \
             WHEN NEW.user_message = 'poison' BEGIN SELECT RAISE(ABORT, 'poison'); END",
        )
        .await;
    }
}

/// A turn the checks let through but the database refuses (here a trigger
/// stands for any constraint another application adds) costs only itself:
/// its chunk (a COPY on PostgreSQL, a multi-row INSERT on SQLite) is
/// written again row by row and the others are kept.
#[tokio::test]
async fn a_turn_the_database_refuses_is_reported_and_its_chunk_is_kept() {
    let app = TestApp::spawn().await;
    refuse_poison(&app).await;
    let items: Vec<LogTurnsRequest> = (0..20)
        .map(|i| {
            let message = if i == 7 {
                "poison".to_string()
            } else {
                format!("message {i}")
            };
            LogTurnsRequest {
                turn: Some(turn_saying(&message).chat("stream")),
                request_id: String::new(),
            }
        })
        .collect();
    let report = app
        .conversations()
        .log_turns(tokio_stream::iter(items))
        .await
        .expect("log turns")
        .into_inner();
    assert_eq!(report.accepted_count, 19);
    let rejected: Vec<i32> = report.rejected.iter().map(|r| r.index).collect();
    assert_eq!(rejected, [7]);
    assert!(
        report.rejected[0].reasons[0].contains("database refused"),
        "{:?}",
        report.rejected
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM conversation_logs").await,
        19
    );
}

mod rollup;
mod streams;
