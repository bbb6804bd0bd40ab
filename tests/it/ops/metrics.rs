//! Prometheus metrics, scraped from the server binary in a process of its
//! own (the recorder is process-wide; in this test binary other tests'
//! servers would add to the counts).
use std::time::Duration;

use gamification::proto::{
    CompleteGameRequest, GetSettingRequest, ListSettingsRequest, LogTurnRequest,
    RecordSampleRequest, ReviewAction, ReviewSampleRequest, StartGameRequest, UpsertUserRequest,
    conversation_log_service_client::ConversationLogServiceClient,
    game_service_client::GameServiceClient, settings_service_client::SettingsServiceClient,
    training_data_service_client::TrainingDataServiceClient,
    user_service_client::UserServiceClient,
};
use sea_orm::{ConnectionTrait, Database};

use super::{
    admin,
    process::{ServerProcess, http_get},
};
use crate::{
    conversations::{TurnFields, turn_saying},
    db::TestDatabase,
};

const SETTINGS: &str = r#"grpc_service="gamification.v1.SettingsService""#;

#[tokio::test]
async fn metrics_count_calls_by_method_and_code_and_sample_the_domain() {
    let database = TestDatabase::new().await;
    let dead_wallet = unused_port().await;
    let wallet_url = format!("http://127.0.0.1:{dead_wallet}");
    let server = ServerProcess::start(
        &database.url,
        &[
            ("METRICS_LISTEN", "127.0.0.1:0"),
            ("WALLET_URL", &wallet_url),
            ("WALLET_TIMEOUT_SECS", "1"),
            ("REWARD_POLL_MILLIS", "50"),
            ("REWARD_RETRY_BASE_MILLIS", "1000"),
        ],
    )
    .await;
    let metrics = server.metrics.expect("a metrics address");
    make_calls(&server).await;
    pending_reward(&database.url).await;

    // Gauges are sampled every 5 s; the wallet refuses every post.
    let text = scrape_until(metrics, |text| {
        value(text, r#"reward_wallet_attempts_total{outcome="transient"}"#)
            .is_some_and(|n| n >= 1.0)
            && value(text, "reward_queue_depth").is_some_and(|n| n >= 1.0)
    })
    .await;
    let pending = pending_rewards(&database.url).await;
    assert_eq!(
        value(&text, "reward_queue_depth"),
        Some(pending as f64),
        "{text}"
    );
    let expect = [
        format!(
            r#"grpc_server_handled_total{{{SETTINGS},grpc_method="ListSettings",grpc_code="OK"}} 3"#
        ),
        format!(
            r#"grpc_server_handled_total{{{SETTINGS},grpc_method="GetSetting",grpc_code="NOT_FOUND"}} 1"#
        ),
        format!(r#"grpc_server_handling_seconds_count{{{SETTINGS},grpc_method="ListSettings"}} 3"#),
        format!(
            r#"grpc_server_handling_seconds_bucket{{{SETTINGS},grpc_method="ListSettings",le="+Inf"}} 3"#
        ),
        r#"games_started_total{game_type="intent_quest"} 1"#.to_string(),
        r#"games_completed_total{game_type="intent_quest"} 1"#.to_string(),
        "conversation_turns_logged_total 1".to_string(),
        r#"training_samples_approved_total{source="review"} 1"#.to_string(),
        "database_up 1".to_string(),
    ];
    for line in expect {
        assert!(
            text.lines().any(|l| l == line),
            "missing {line:?} in\n{text}"
        );
    }
    for series in [
        "db_pool_connections ",
        "db_pool_connections_in_use ",
        "db_pool_max_connections 16",
        "reward_queue_oldest_pending_seconds ",
    ] {
        assert!(
            text.lines().any(|l| l.starts_with(series)),
            "missing {series:?} in\n{text}"
        );
    }
    server.stop().await;
}

#[tokio::test]
async fn without_metrics_listen_no_endpoint_is_opened() {
    let database = TestDatabase::new().await;
    let server = ServerProcess::start(&database.url, &[]).await;
    assert_eq!(server.metrics, None);
    server.stop().await;
}

/// Three ListSettings, a NOT_FOUND, a game started and completed, a turn
/// logged and a sample approved.
async fn make_calls(server: &ServerProcess) {
    let mut settings = SettingsServiceClient::with_interceptor(server.channel(), admin);
    for _ in 0..3 {
        settings
            .list_settings(ListSettingsRequest::default())
            .await
            .expect("list");
    }
    let missing = settings
        .get_setting(GetSettingRequest {
            key: "no_such_setting".into(),
        })
        .await;
    assert_eq!(
        missing.expect_err("unknown key").code(),
        tonic::Code::NotFound
    );

    let user = UserServiceClient::with_interceptor(server.channel(), admin)
        .upsert_user(UpsertUserRequest {
            php_user_id: Some(77),
            phone: "+919876500077".into(),
            ..Default::default()
        })
        .await
        .expect("user")
        .into_inner()
        .user
        .expect("user");
    let mut games = GameServiceClient::with_interceptor(server.channel(), admin);
    let start = StartGameRequest {
        user_id: user.id,
        game_type: "intent_quest".into(),
        difficulty: "easy".into(),
        language: "en".into(),
        session_id: "metrics".into(),
        mission_id: String::new(),
    };
    let game = games
        .start_game(start)
        .await
        .expect("start")
        .into_inner()
        .game_session
        .expect("game");
    games
        .complete_game(CompleteGameRequest {
            game_session_id: game.id,
        })
        .await
        .expect("complete");

    ConversationLogServiceClient::with_interceptor(server.channel(), admin)
        .log_turn(LogTurnRequest {
            turn: Some(
                turn_saying("kal ka mausam kaisa hai")
                    .chat("m")
                    .intent("weather")
                    .confidence("0.4"),
            ),
            request_id: String::new(),
        })
        .await
        .expect("log turn");
    let mut training = TrainingDataServiceClient::with_interceptor(server.channel(), admin);
    let record = RecordSampleRequest {
        text: "mujhe pizza chahiye".into(),
        intent: "order_food".into(),
        language: "hi".into(),
        confidence: "0.9".into(),
        ..Default::default()
    };
    let sample = training
        .record_sample(record)
        .await
        .expect("record")
        .into_inner()
        .sample
        .expect("sample");
    let review = ReviewSampleRequest {
        sample_id: sample.id,
        action: ReviewAction::Approve.into(),
        reviewer: "asha".into(),
        ..Default::default()
    };
    training.review_sample(review).await.expect("approve");
}

/// A completed game whose reward waits for the wallet, as the games code
/// leaves it.
async fn pending_reward(url: &str) {
    let db = Database::connect(url).await.expect("connect");
    let earned = r#"{"amount": "12.00", "currency": "INR", "loyalty_points": 30, "correct_answers": 4, "questions": 5, "per_correct": "2.00", "completion_bonus": "5.00", "capped": false}"#;
    for sql in [
        "INSERT INTO users (php_user_id, phone) VALUES (501, '+919800000501')".to_string(),
        format!(
            "INSERT INTO game_sessions (session_id, user_id, game_type, status, rewards_earned, \
             reward_status, completed_at) SELECT 'paid', id, 'intent_quest', 'completed', '{earned}', \
             'pending', CURRENT_TIMESTAMP FROM users WHERE php_user_id = 501"
        ),
    ] {
        db.execute_unprepared(&sql)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
    // Queued in a write transaction, as the games code does on completion.
    let id = db
        .query_one_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            "SELECT id FROM game_sessions WHERE session_id = 'paid'",
        ))
        .await
        .expect("select")
        .expect("the session")
        .try_get_by_index::<i32>(0)
        .expect("id");
    let txn = gamification::db::begin_write(&db).await.expect("begin");
    gamification::rewards::enqueue(&txn, id, chrono::Utc::now().naive_utc())
        .await
        .expect("enqueue");
    txn.commit().await.expect("commit");
    db.close().await.ok();
}

/// Scrapes until `ready` holds (a generous half-minute).
async fn scrape_until(addr: std::net::SocketAddr, ready: impl Fn(&str) -> bool) -> String {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    loop {
        let text = http_get(addr, "/metrics").await;
        if ready(&text) {
            return text;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "never ready:\n{text}"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

/// The value of one series (name and labels exactly as written).
fn value(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .find_map(|line| line.strip_prefix(series)?.strip_prefix(' ')?.parse().ok())
}

async fn pending_rewards(url: &str) -> i64 {
    let db = Database::connect(url).await.expect("connect");
    let sql = "SELECT COUNT(*) AS n FROM reward_deliveries WHERE status = 'pending'";
    let row = db
        .query_one_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            sql,
        ))
        .await
        .expect("count")
        .expect("a row");
    db.close().await.ok();
    row.try_get::<i64>("", "n").expect("a count")
}

/// A port nothing listens on (bound, then released).
async fn unused_port() -> u16 {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    listener.local_addr().expect("addr").port()
}
