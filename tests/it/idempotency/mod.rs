//! Idempotent writes (AIP-155): a request_id makes a retried write return
//! the first result and write nothing; reusing it for something else is
//! FAILED_PRECONDITION (REQUEST_ID_REUSED); ids are forgotten after the
//! retention.
mod stream;
mod writes;

use gamification::{
    clock::Clock,
    proto::{GetSettingRequest, LogTurnRequest, Turn, TurnInput},
};
use tonic::{Code, Status};
use tonic_types::StatusExt;

use crate::{
    conversations::{TurnFields, turn_saying},
    helpers::{TestApp, expect_code, field_violations},
};

pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

pub async fn log_turn(app: &TestApp, input: TurnInput, request_id: &str) -> Result<Turn, Status> {
    let request = LogTurnRequest {
        turn: Some(input),
        request_id: request_id.into(),
    };
    let response = app.conversations().log_turn(request).await?;
    Ok(response.into_inner().turn.expect("turn"))
}

/// Asserts a FAILED_PRECONDITION with reason REQUEST_ID_REUSED naming the id.
#[track_caller]
pub fn assert_reused<T: std::fmt::Debug>(result: Result<T, Status>, request_id: &str) {
    let status = expect_code(result, Code::FailedPrecondition);
    let info = status
        .get_error_details()
        .error_info()
        .cloned()
        .expect("ErrorInfo");
    assert_eq!(info.reason, "REQUEST_ID_REUSED");
    assert_eq!(info.domain, "gamification.v1");
    assert_eq!(
        info.metadata.get("request_id").map(String::as_str),
        Some(request_id)
    );
}

const TURNS: &str = "SELECT COUNT(*) FROM conversation_logs";

#[tokio::test]
async fn log_turn_twice_with_one_request_id_logs_one_turn_and_returns_its_id() {
    let app = TestApp::spawn().await;
    let id = new_id();
    let first = log_turn(
        &app,
        turn_saying("kal ka mausam")
            .chat("wa-1")
            .intent("weather")
            .confidence("0.4"),
        &id,
    )
    .await
    .expect("first");
    let again = log_turn(
        &app,
        turn_saying("kal ka mausam")
            .chat("wa-1")
            .intent("weather")
            .confidence("0.4"),
        &id,
    )
    .await
    .expect("retry");
    assert_eq!(again.id, first.id);
    assert_eq!(again, first, "the retry gets the first result");
    assert_eq!(app.count(TURNS).await, 1);

    // Without a request_id every call writes (as before).
    for _ in 0..2 {
        log_turn(
            &app,
            turn_saying("kal ka mausam")
                .chat("wa-1")
                .intent("weather")
                .confidence("0.4"),
            "",
        )
        .await
        .expect("no id");
    }
    assert_eq!(app.count(TURNS).await, 3);
}

#[tokio::test]
async fn one_request_id_with_a_different_turn_is_failed_precondition_request_id_reused() {
    let app = TestApp::spawn().await;
    let id = new_id();
    log_turn(
        &app,
        turn_saying("namaste")
            .chat("wa-1")
            .intent("greet")
            .confidence("0.9"),
        &id,
    )
    .await
    .expect("first");
    let other = log_turn(
        &app,
        turn_saying("namaste ji")
            .chat("wa-1")
            .intent("greet")
            .confidence("0.9"),
        &id,
    )
    .await;
    assert_reused(other, &id);
    assert_eq!(app.count(TURNS).await, 1, "nothing written");
}

#[tokio::test]
async fn a_request_id_that_is_not_a_uuid_is_invalid_argument() {
    let app = TestApp::spawn().await;
    for bad in ["42", "not-a-uuid", "00000000-0000-0000-0000-000000000000"] {
        let status = expect_code(
            log_turn(
                &app,
                turn_saying("namaste")
                    .chat("wa-1")
                    .intent("greet")
                    .confidence("0.9"),
                bad,
            )
            .await,
            Code::InvalidArgument,
        );
        let fields: Vec<String> = field_violations(&status)
            .into_iter()
            .map(|(f, _)| f)
            .collect();
        assert_eq!(fields, ["request_id"], "{bad}");
    }
    assert_eq!(app.count(TURNS).await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_calls_with_one_request_id_log_one_turn() {
    let app = TestApp::spawn().await;
    let id = new_id();
    let calls: Vec<_> = (0..8)
        .map(|_| {
            let mut client = app.conversations();
            let request = LogTurnRequest {
                turn: Some(
                    turn_saying("ek saath")
                        .chat("wa-1")
                        .intent("greet")
                        .confidence("0.9"),
                ),
                request_id: id.clone(),
            };
            tokio::spawn(async move { client.log_turn(request).await })
        })
        .collect();
    let mut ids = Vec::new();
    for call in calls {
        let response = call.await.expect("task").expect("every call gets the turn");
        ids.push(response.into_inner().turn.expect("turn").id);
    }
    assert!(
        ids.windows(2).all(|w| w[0] == w[1]),
        "one turn for all: {ids:?}"
    );
    assert_eq!(app.count(TURNS).await, 1);
}

#[tokio::test]
async fn the_sweep_forgets_request_ids_older_than_the_retention() {
    let start = chrono::DateTime::parse_from_rfc3339("2026-03-01T10:00:00Z")
        .expect("time")
        .to_utc();
    let app = TestApp::spawn_with_clock(Clock::manual(start), |_| {}).await;
    let hours: i64 = app
        .settings()
        .get_setting(GetSettingRequest {
            key: "idempotency_retention_hours".into(),
        })
        .await
        .expect("seeded")
        .into_inner()
        .setting
        .expect("setting")
        .value
        .parse()
        .expect("a number");
    assert_eq!(hours, 24);
    let (old, young) = (new_id(), new_id());
    let old_turn = log_turn(
        &app,
        turn_saying("purana")
            .chat("wa-1")
            .intent("greet")
            .confidence("0.9"),
        &old,
    )
    .await
    .expect("old");
    app.clock.advance(chrono::Duration::hours(23));
    let young_turn = log_turn(
        &app,
        turn_saying("naya")
            .chat("wa-1")
            .intent("greet")
            .confidence("0.9"),
        &young,
    )
    .await
    .expect("young");
    app.clock.advance(chrono::Duration::hours(2));

    let purge = gamification::idempotency::sweep::purge_expired;
    assert_eq!(
        purge(&app.db, hours, app.clock.now()).await.expect("sweep"),
        1
    );

    let retried_young = log_turn(
        &app,
        turn_saying("naya")
            .chat("wa-1")
            .intent("greet")
            .confidence("0.9"),
        &young,
    )
    .await
    .expect("young again");
    assert_eq!(retried_young.id, young_turn.id, "kept within the retention");
    let retried_old = log_turn(
        &app,
        turn_saying("purana")
            .chat("wa-1")
            .intent("greet")
            .confidence("0.9"),
        &old,
    )
    .await
    .expect("old again");
    assert_ne!(retried_old.id, old_turn.id, "forgotten: a new write");
    assert_eq!(app.count(TURNS).await, 3);
}
