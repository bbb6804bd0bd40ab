//! The load generator's smoke test: short runs whose counts must add up.
//! (No test here asserts a timing; BENCHMARKS.md holds the figures.)
use std::process::Command;

use serde_json::Value;

use crate::helpers::{ADMIN_TOKEN, TestApp};

/// Runs the load generator binary (off the async runtime, whose server it
/// loads) and returns its JSON report.
async fn loadgen(args: &[&str]) -> Value {
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    let run = move || {
        Command::new(env!("CARGO_BIN_EXE_loadgen"))
            .args(&args)
            .arg("--json")
            .output()
    };
    let output = tokio::task::spawn_blocking(run)
        .await
        .expect("task")
        .expect("loadgen runs");
    assert!(
        output.status.success(),
        "loadgen failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("a JSON report")
}

#[tokio::test]
async fn a_settings_run_makes_exactly_the_calls_asked_and_reports_them() {
    let app = TestApp::spawn().await;
    let target = format!("http://{}", app.addr);
    let report = loadgen(&[
        "--scenario",
        "settings",
        "--target",
        &target,
        "--token",
        ADMIN_TOKEN,
        "--requests",
        "60",
        "--concurrency",
        "4",
    ])
    .await;
    assert_eq!(report["requests"], 60);
    assert_eq!(report["rows"], 60);
    assert_eq!(report["errors"], serde_json::json!({}));
    assert!(report["p50_ms"].as_f64().expect("p50") <= report["max_ms"].as_f64().expect("max"));
}

#[tokio::test]
async fn errors_are_counted_by_code_not_hidden() {
    let app = TestApp::spawn().await;
    let target = format!("http://{}", app.addr);
    let report = loadgen(&[
        "--scenario",
        "settings",
        "--target",
        &target,
        "--requests",
        "10",
        "--concurrency",
        "2",
    ])
    .await;
    assert_eq!(report["requests"], 10);
    assert_eq!(report["rows"], 0);
    assert_eq!(
        report["errors"]["Unauthenticated"], 10,
        "no token: every call refused and counted"
    );
}

#[tokio::test]
async fn the_raw_baseline_writes_every_row_it_reports() {
    let app = TestApp::spawn().await;
    let url = app.database.url.clone();
    let report = loadgen(&[
        "--scenario",
        "baseline-multi",
        "--database-url",
        &url,
        "--requests",
        "6",
        "--batch-size",
        "25",
        "--concurrency",
        "3",
    ])
    .await;
    assert_eq!(report["requests"], 6);
    assert_eq!(report["rows"], 150);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM conversation_logs").await,
        150
    );
}

#[tokio::test]
async fn log_turn_and_log_turns_runs_write_the_rows_they_report() {
    let app = TestApp::spawn().await;
    let target = format!("http://{}", app.addr);
    let unary = loadgen(&[
        "--scenario",
        "log-turn",
        "--target",
        &target,
        "--token",
        ADMIN_TOKEN,
        "--requests",
        "12",
        "--concurrency",
        "3",
    ])
    .await;
    let streamed = loadgen(&[
        "--scenario",
        "log-turns",
        "--target",
        &target,
        "--token",
        ADMIN_TOKEN,
        "--requests",
        "4",
        "--batch-size",
        "30",
        "--concurrency",
        "2",
    ])
    .await;
    assert_eq!(unary["errors"], serde_json::json!({}), "{unary}");
    assert_eq!(streamed["errors"], serde_json::json!({}), "{streamed}");
    assert_eq!(
        (unary["rows"].as_u64(), streamed["rows"].as_u64()),
        (Some(12), Some(120))
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM conversation_logs").await,
        132
    );
}

#[tokio::test]
async fn a_game_run_answers_exactly_the_questions_it_reports() {
    let app = TestApp::spawn().await;
    let target = format!("http://{}", app.addr);
    let report = loadgen(&[
        "--scenario",
        "game",
        "--target",
        &target,
        "--token",
        ADMIN_TOKEN,
        "--requests",
        "12",
        "--concurrency",
        "2",
    ])
    .await;
    assert_eq!(report["errors"], serde_json::json!({}), "{report}");
    assert_eq!(report["rows"], 12);
    assert_eq!(app.count("SELECT COUNT(*) FROM game_answers").await, 12);
}
