//! Concurrent LogTurns streams without request ids: on PostgreSQL their
//! chunks share COPYs (the shared COPY writer), on SQLite each is one
//! INSERT. Either way every stream lands exactly its own rows, and a row
//! the database refuses costs only its own stream that one row.
use gamification::proto::{LogTurnsRequest, LogTurnsResponse};

use super::{TurnFields, refuse_poison, turn_saying};
use crate::helpers::TestApp;

const STREAMS: usize = 24;
const TURNS: usize = 100;

/// A server whose COPY writer gathers many chunks: one writer, so the
/// chunks arriving while it writes wait (up to 50 ms) to share the next COPY.
async fn gathering_app() -> TestApp {
    TestApp::spawn_with(|config| {
        config.log_turns_copy_writers = 1;
        config.log_turns_copy_window_ms = 50;
        config.log_turns_copy_max_rows = 2000;
    })
    .await
}

/// Stream `stream`'s turns, `poison` at the given index.
fn items(stream: usize, poison_at: Option<usize>) -> Vec<LogTurnsRequest> {
    (0..TURNS)
        .map(|i| {
            let message = if poison_at == Some(i) {
                "poison".to_string()
            } else {
                format!("stream {stream} turn {i}")
            };
            LogTurnsRequest {
                turn: Some(turn_saying(&message).chat(&format!("stream-{stream}"))),
                request_id: String::new(),
            }
        })
        .collect()
}

/// Sends every stream at once; the reports in stream order.
async fn send_all(app: &TestApp, poison: Option<(usize, usize)>) -> Vec<LogTurnsResponse> {
    let calls: Vec<_> = (0..STREAMS)
        .map(|stream| {
            let mut client = app.conversations();
            let poison_at = poison.and_then(|(s, i)| (s == stream).then_some(i));
            let items = items(stream, poison_at);
            tokio::spawn(async move { client.log_turns(tokio_stream::iter(items)).await })
        })
        .collect();
    let mut reports = Vec::new();
    for call in calls {
        let report = call.await.expect("joined").expect("log turns");
        reports.push(report.into_inner());
    }
    reports
}

async fn rows_of(app: &TestApp, stream: usize) -> i64 {
    app.count(&format!(
        "SELECT COUNT(*) FROM conversation_logs WHERE session_id = 'stream-{stream}'"
    ))
    .await
}

#[tokio::test]
async fn concurrent_log_turns_streams_each_land_exactly_their_rows() {
    let app = gathering_app().await;
    let reports = send_all(&app, None).await;
    for (stream, report) in reports.iter().enumerate() {
        assert_eq!(report.accepted_count, TURNS as i32, "stream {stream}");
        assert!(report.rejected.is_empty(), "stream {stream}: {report:?}");
        assert_eq!(rows_of(&app, stream).await, TURNS as i64, "stream {stream}");
    }
    let total = app.count("SELECT COUNT(*) FROM conversation_logs").await;
    assert_eq!(total, (STREAMS * TURNS) as i64);
    let distinct = app
        .count("SELECT COUNT(DISTINCT user_message) FROM conversation_logs")
        .await;
    assert_eq!(distinct, total, "no row written twice");
}

/// The poisoned chunk may share its COPY with other streams' chunks: the
/// COPY is refused whole, and then each chunk is written again on its own,
/// so only the poisoned stream finds (row by row) and reports its bad row.
#[tokio::test]
async fn log_turns_row_the_database_refuses_costs_only_its_own_stream() {
    let app = gathering_app().await;
    refuse_poison(&app).await;
    let (poisoned, bad_index) = (7, 42);
    let reports = send_all(&app, Some((poisoned, bad_index))).await;
    for (stream, report) in reports.iter().enumerate() {
        if stream == poisoned {
            assert_eq!(report.accepted_count, TURNS as i32 - 1);
            let rejected: Vec<i32> = report.rejected.iter().map(|r| r.index).collect();
            assert_eq!(rejected, [bad_index as i32]);
            assert!(
                report.rejected[0].reasons[0].contains("database refused"),
                "{:?}",
                report.rejected
            );
            assert_eq!(rows_of(&app, stream).await, TURNS as i64 - 1);
        } else {
            assert_eq!(report.accepted_count, TURNS as i32, "stream {stream}");
            assert!(report.rejected.is_empty(), "stream {stream}: {report:?}");
            assert_eq!(rows_of(&app, stream).await, TURNS as i64, "stream {stream}");
        }
    }
    let total = app.count("SELECT COUNT(*) FROM conversation_logs").await;
    assert_eq!(total, (STREAMS * TURNS - 1) as i64);
}
