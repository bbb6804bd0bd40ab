//! Each call's outcome is logged once, by the RPC layer, at the level its
//! code deserves: a client's mistake at INFO, a fault of ours at ERROR with
//! its cause. The test captures the log of its own server (a subscriber for
//! this test's thread, where its single-threaded runtime runs the server).
use std::sync::{Arc, Mutex};

use gamification::proto::{GetSettingRequest, ListSettingHistoryRequest, UpdateSettingRequest};
use tonic::Code;
use tracing::{Level, field::Field};
use tracing_subscriber::{Layer, layer::Context, prelude::*};

use crate::helpers::{TestApp, expect_code};

#[derive(Debug, Clone)]
struct Line {
    level: Level,
    message: String,
    fields: String,
}

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<Line>>>);

impl<S: tracing::Subscriber> Layer<S> for Capture {
    fn on_event(&self, event: &tracing::Event<'_>, _: Context<'_, S>) {
        let mut line = Line {
            level: *event.metadata().level(),
            message: String::new(),
            fields: String::new(),
        };
        event.record(&mut line);
        self.0.lock().expect("lock").push(line);
    }
}

impl tracing::field::Visit for Line {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "message" {
            self.message = format!("{value:?}");
        } else {
            self.fields
                .push_str(&format!("{}={value:?} ", field.name()));
        }
    }
}

#[tokio::test]
async fn client_errors_are_logged_once_at_info_and_internal_errors_once_at_error() {
    let capture = Capture::default();
    let _guard =
        tracing::subscriber::set_default(tracing_subscriber::registry().with(capture.clone()));
    let app = TestApp::spawn().await;

    let missing = app
        .settings()
        .get_setting(GetSettingRequest {
            key: "no_such_setting".into(),
        })
        .await;
    expect_code(missing, Code::NotFound);
    let wrong_type = UpdateSettingRequest {
        key: "daily_game_limit".into(),
        value: "ten".into(),
        updated_by: "asha".into(),
        etag: "1".into(),
        reason: String::new(),
    };
    expect_code(
        app.settings().update_setting(wrong_type).await,
        Code::InvalidArgument,
    );
    let stale = UpdateSettingRequest {
        key: "daily_game_limit".into(),
        value: "12".into(),
        updated_by: "asha".into(),
        etag: "999".into(),
        reason: String::new(),
    };
    expect_code(app.settings().update_setting(stale).await, Code::Aborted);
    // A table gone under the server: a fault of ours, not the caller's.
    app.exec("DROP TABLE gamification_setting_history").await;
    let history = ListSettingHistoryRequest {
        key: "daily_game_limit".into(),
        ..Default::default()
    };
    expect_code(
        app.settings().list_setting_history(history).await,
        Code::Internal,
    );

    let lines = capture.0.lock().expect("lock").clone();
    let loud: Vec<&Line> = lines.iter().filter(|l| l.level <= Level::WARN).collect();
    assert_eq!(loud.len(), 1, "one WARN/ERROR line in all: {loud:#?}");
    assert_eq!(loud[0].level, Level::ERROR);
    assert_eq!(loud[0].message, "rpc failed");
    assert!(
        loud[0].fields.contains("gamification_setting_history"),
        "the cause is logged: {:?}",
        loud[0]
    );
    let refused: Vec<&Line> = lines
        .iter()
        .filter(|l| l.message == "rpc refused")
        .collect();
    assert_eq!(refused.len(), 3, "each client error once: {refused:#?}");
    assert!(
        refused.iter().all(|l| l.level == Level::INFO),
        "{refused:#?}"
    );
}
