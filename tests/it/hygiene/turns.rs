//! Chat text as the NLU backend logs it: line breaks kept in free text,
//! refused in identifiers, a NUL refused with a clear message, and a bad
//! streamed item refused alone.
use gamification::proto::{ListTurnsRequest, LogTurnRequest, LogTurnsRequest, TurnInput};
use tonic::Code;

use crate::{
    conversations::{TurnFields, turn_saying},
    helpers::{TestApp, expect_code, field_violations},
};

fn request(input: TurnInput) -> LogTurnRequest {
    LogTurnRequest {
        turn: Some(input),
        request_id: String::new(),
    }
}

#[tokio::test]
async fn line_breaks_are_kept_in_chat_text_and_refused_in_identifiers() {
    let app = TestApp::spawn().await;
    let message = "pehli line\ndoosri line\r\n\tindented";
    let logged = app
        .conversations()
        .log_turn(request(
            turn_saying(message)
                .chat("wa-1")
                .intent("greet")
                .confidence("0.9"),
        ))
        .await
        .expect("free text with line breaks")
        .into_inner()
        .turn
        .expect("turn");
    assert_eq!(logged.input.expect("input").user_message, message);

    let status = expect_code(
        app.conversations()
            .log_turn(request(
                turn_saying("hello")
                    .chat("wa\n2")
                    .intent("greet")
                    .confidence("0.9"),
            ))
            .await,
        Code::InvalidArgument,
    );
    let violations = field_violations(&status);
    assert_eq!(violations.len(), 1, "{violations:?}");
    assert_eq!(violations[0].0, "turn.session_id");
    assert!(violations[0].1.contains("U+000A"), "{violations:?}");
    assert_eq!(app.count("SELECT COUNT(*) FROM conversation_logs").await, 1);
}

#[tokio::test]
async fn a_nul_in_chat_text_is_refused_with_a_clear_message_and_nothing_is_written() {
    let app = TestApp::spawn().await;
    let status = expect_code(
        app.conversations()
            .log_turn(request(
                turn_saying("hello\0world")
                    .chat("wa-1")
                    .intent("greet")
                    .confidence("0.9"),
            ))
            .await,
        Code::InvalidArgument,
    );
    assert_eq!(
        field_violations(&status),
        [(
            "turn.user_message".to_string(),
            "must not contain NUL (U+0000)".to_string()
        )]
    );
    // Filters are checked the same way (they never reach the query).
    let status = expect_code(
        app.conversations()
            .list_turns(ListTurnsRequest {
                session_id: "wa\0".into(),
                ..Default::default()
            })
            .await,
        Code::InvalidArgument,
    );
    assert_eq!(field_violations(&status)[0].0, "session_id");
    assert_eq!(app.count("SELECT COUNT(*) FROM conversation_logs").await, 0);
}

#[tokio::test]
async fn a_streamed_turn_with_a_nul_is_refused_alone() {
    let app = TestApp::spawn().await;
    let items: Vec<LogTurnsRequest> = ["first", "sec\0ond", "third"]
        .into_iter()
        .map(|message| LogTurnsRequest {
            turn: Some(
                turn_saying(message)
                    .chat("stream")
                    .intent("greet")
                    .confidence("0.7"),
            ),
            request_id: String::new(),
        })
        .collect();
    let report = app
        .conversations()
        .log_turns(tokio_stream::iter(items))
        .await
        .expect("log turns")
        .into_inner();
    assert_eq!(report.accepted_count, 2);
    assert_eq!(report.rejected.len(), 1);
    assert_eq!(report.rejected[0].index, 1);
    assert_eq!(
        report.rejected[0].reasons,
        ["turn.user_message: must not contain NUL (U+0000)"]
    );
    let kept = app
        .count("SELECT COUNT(*) FROM conversation_logs WHERE user_message IN ('first', 'third')")
        .await;
    assert_eq!(kept, 2);
}
