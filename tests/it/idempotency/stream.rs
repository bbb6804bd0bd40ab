//! LogTurns with request ids: a stream retried whole after a cut logs each
//! turn once; repeated ids within a stream are settled per item.
use std::time::Duration;

use gamification::proto::LogTurnsRequest;
use tokio_stream::wrappers::ReceiverStream;

use super::{TURNS, log_turn, new_id};
use crate::{
    conversations::{TurnFields, turn_saying},
    helpers::TestApp,
};

fn items(ids: &[String]) -> Vec<LogTurnsRequest> {
    ids.iter()
        .enumerate()
        .map(|(i, id)| LogTurnsRequest {
            turn: Some(
                turn_saying(&format!("message {i}"))
                    .chat("stream")
                    .intent("greet")
                    .confidence("0.7"),
            ),
            request_id: id.clone(),
        })
        .collect()
}

/// Polls the turn count until it reaches `at_least` (the server writes a
/// chunk every 250 items).
async fn wait_for_turns(app: &TestApp, at_least: i64) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while app.count(TURNS).await < at_least {
        assert!(
            tokio::time::Instant::now() < deadline,
            "no chunk was written"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn log_turns_retried_whole_after_a_cut_logs_each_turn_once() {
    let app = TestApp::spawn().await;
    let ids: Vec<String> = (0..600).map(|_| new_id()).collect();
    let items = items(&ids);

    // First attempt: half the stream, then the connection is cut.
    let (sender, receiver) = tokio::sync::mpsc::channel(items.len());
    let mut client = app.conversations();
    let call = tokio::spawn(async move { client.log_turns(ReceiverStream::new(receiver)).await });
    for item in &items[..300] {
        sender.send(item.clone()).await.expect("send");
    }
    wait_for_turns(&app, 250).await;
    call.abort();
    drop(sender);

    // The retry sends everything again.
    let report = app
        .conversations()
        .log_turns(tokio_stream::iter(items))
        .await
        .expect("retry")
        .into_inner();
    assert!(report.rejected.is_empty(), "{:?}", report.rejected);
    assert_eq!(report.accepted_count, 600, "every item is logged, once");
    assert!(
        report.replayed_count >= 250,
        "the first chunk was replayed: {}",
        report.replayed_count
    );
    assert_eq!(report.logged.len(), 600);
    assert!(report.logged.iter().take(250).all(|l| l.replayed));
    let mut turn_ids: Vec<i64> = report.logged.iter().map(|l| l.turn_id).collect();
    turn_ids.sort_unstable();
    turn_ids.dedup();
    assert_eq!(turn_ids.len(), 600, "one turn per item");
    assert_eq!(app.count(TURNS).await, 600);
    let distinct = app
        .count("SELECT COUNT(DISTINCT user_message) FROM conversation_logs")
        .await;
    assert_eq!(distinct, 600, "no message twice");
    let (low, high) = (turn_ids[0], turn_ids[599]);
    let listed = app
        .count(&format!(
            "SELECT COUNT(*) FROM conversation_logs WHERE id BETWEEN {low} AND {high}"
        ))
        .await;
    assert_eq!(listed, 600, "the reported ids are the logged turns");
}

#[tokio::test]
async fn a_request_id_repeated_in_a_stream_logs_once_and_one_reused_for_another_turn_is_refused() {
    let app = TestApp::spawn().await;
    let (shared, earlier) = (new_id(), new_id());
    let first = log_turn(
        &app,
        turn_saying("pehle se")
            .chat("wa-1")
            .intent("greet")
            .confidence("0.9"),
        &earlier,
    )
    .await
    .expect("earlier call");
    let item = |session: &str, message: &str, id: &str| LogTurnsRequest {
        turn: Some(
            turn_saying(message)
                .chat(session)
                .intent("greet")
                .confidence("0.9"),
        ),
        request_id: id.into(),
    };
    let stream = vec![
        item("stream", "ek", &shared),
        item("stream", "do", &shared),
        item("stream", "ek", &shared),
        item("stream", "teen", &earlier),
        // Exactly the earlier call's turn.
        item("wa-1", "pehle se", &earlier),
    ];
    let report = app
        .conversations()
        .log_turns(tokio_stream::iter(stream))
        .await
        .expect("log turns")
        .into_inner();
    let rejected: Vec<(i32, String)> = report
        .rejected
        .iter()
        .map(|r| (r.index, r.reasons.join("; ")))
        .collect();
    assert_eq!(rejected.len(), 2, "{rejected:?}");
    assert_eq!(rejected[0].0, 1);
    assert_eq!(rejected[1].0, 3);
    assert!(
        rejected
            .iter()
            .all(|(_, reason)| reason.contains("REQUEST_ID_REUSED")),
        "{rejected:?}"
    );
    assert_eq!(report.accepted_count, 3);
    assert_eq!(report.replayed_count, 2);
    let logged: Vec<(i32, bool)> = report
        .logged
        .iter()
        .map(|l| (l.index, l.replayed))
        .collect();
    assert_eq!(logged, [(0, false), (2, true), (4, true)]);
    assert_eq!(report.logged[0].turn_id, report.logged[1].turn_id);
    assert_eq!(
        report.logged[2].turn_id, first.id,
        "the earlier call's turn"
    );
    assert_eq!(app.count(TURNS).await, 2, "the earlier turn and \"ek\"");
}
