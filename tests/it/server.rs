use std::time::{Duration, Instant};

use gamification::{config::Config, proto::ListSettingsRequest, startup::Application};
use sea_orm::ConnectionTrait;
use tonic_health::pb::{
    HealthCheckRequest, health_check_response::ServingStatus, health_client::HealthClient,
};

use crate::{db::TestDatabase, helpers::TestApp};

#[tokio::test]
async fn health_is_serving_for_every_service_without_a_token() {
    let app = TestApp::spawn().await;
    let mut health = HealthClient::new(app.channel());
    for service in [
        "",
        "gamification.v1.SettingsService",
        "gamification.v1.UserService",
        "gamification.v1.FlowService",
        "gamification.v1.CrowdLabelService",
        "liveness",
    ] {
        let response = health
            .check(HealthCheckRequest {
                service: service.into(),
            })
            .await
            .expect("health check");
        assert_eq!(
            response.into_inner().status(),
            ServingStatus::Serving,
            "{service:?}"
        );
    }
}

#[tokio::test]
async fn an_open_server_is_refused_off_loopback() {
    let database = TestDatabase::new().await;
    let mut config = Config::for_database(database.url.clone());
    config.listen_addr = "0.0.0.0:0".parse().expect("addr");
    config.auth_tokens = None;
    let refused = Application::build(config).await;
    let error = refused.err().expect("refused").to_string();
    assert!(error.contains("AUTH_TOKENS"), "{error}");
}

#[tokio::test]
async fn a_stopped_server_restarts_on_its_database_without_migrating_twice() {
    let app = TestApp::spawn().await;
    let migrations = app.count("SELECT COUNT(*) FROM seaql_migrations").await;
    let database = app.stop().await;
    let again = TestApp::spawn_on(database, |_| {}).await;
    assert_eq!(
        again.count("SELECT COUNT(*) FROM seaql_migrations").await,
        migrations
    );
    let settings = again
        .count("SELECT COUNT(*) FROM gamification_settings")
        .await;
    assert!(settings >= 30, "settings still seeded once: {settings}");
}

/// PostgreSQL only: the test can shut its own database's door. While the
/// database refuses connections, health says NOT_SERVING within
/// HEALTH_CHECK_SECS + 1 s and calls get UNAVAILABLE within a second (retry
/// later), never INTERNAL; then both recover by themselves.
#[tokio::test]
#[cfg_attr(
    not(postgres_tests),
    ignore = "PostgreSQL only: only a database server can refuse connections to a live database"
)]
async fn an_unreachable_database_turns_health_not_serving_and_calls_unavailable() {
    let admin_url = crate::helpers::postgres_url();
    let app = TestApp::spawn_with(|config| config.health_check_secs = HEALTH_CHECK_SECS).await;
    let name = app
        .database
        .url
        .rsplit('/')
        .next()
        .expect("database name")
        .to_string();
    let admin = sea_orm::Database::connect(&admin_url)
        .await
        .expect("admin connection");
    let close = format!(
        "ALTER DATABASE {name} ALLOW_CONNECTIONS false; \
         SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"
    );
    admin
        .execute_unprepared(&close)
        .await
        .expect("close the database");
    let closed = Instant::now();
    // A connection that was starting up while the door closed is not in
    // pg_stat_activity yet; the second round ends it too.
    tokio::time::sleep(Duration::from_millis(100)).await;
    admin
        .execute_unprepared(&close)
        .await
        .expect("close the database");

    let mut health = HealthClient::new(app.channel());
    let status = wait_for_health(&mut health, ServingStatus::NotServing).await;
    assert_eq!(status, ServingStatus::NotServing);
    assert_within(closed.elapsed(), HEALTH_BOUND, "health shows the outage");
    let liveness = HealthCheckRequest {
        service: "liveness".into(),
    };
    let alive = health.check(liveness).await.expect("liveness").into_inner();
    assert_eq!(
        alive.status(),
        ServingStatus::Serving,
        "alive, only not ready"
    );
    // ListSettings reads the database (GetSetting is served from the cache).
    let call = Instant::now();
    let result = app
        .settings()
        .list_settings(ListSettingsRequest::default())
        .await;
    let code = result.expect_err("no database").code();
    assert_eq!(
        code,
        tonic::Code::Unavailable,
        "a dead database is UNAVAILABLE"
    );
    assert_within(call.elapsed(), Duration::from_secs(1), "a call fails fast");

    admin
        .execute_unprepared(&format!("ALTER DATABASE {name} ALLOW_CONNECTIONS true"))
        .await
        .expect("reopen");
    let reopened = Instant::now();
    assert_eq!(
        wait_for_health(&mut health, ServingStatus::Serving).await,
        ServingStatus::Serving
    );
    assert_within(
        reopened.elapsed(),
        HEALTH_BOUND,
        "health shows the recovery",
    );
    let call = app
        .settings()
        .list_settings(ListSettingsRequest::default())
        .await;
    assert!(call.is_ok(), "calls work again: {call:?}");
}

const HEALTH_CHECK_SECS: u64 = 1;
/// HEALTH_CHECK_SECS + 1 s (the ping's timeout), plus the test's own
/// polling step and a call's round trip.
const HEALTH_BOUND: Duration = Duration::from_millis(HEALTH_CHECK_SECS * 1000 + 1000 + 500);

#[track_caller]
fn assert_within(elapsed: Duration, bound: Duration, what: &str) {
    assert!(
        elapsed <= bound,
        "{what}: took {elapsed:?}, more than {bound:?}"
    );
}

/// Polls health every 100 ms until it reports `wanted` (or 20 s passed).
async fn wait_for_health(
    health: &mut HealthClient<tonic::transport::Channel>,
    wanted: ServingStatus,
) -> ServingStatus {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let response = health
            .check(HealthCheckRequest {
                service: String::new(),
            })
            .await
            .expect("health");
        let status = response.into_inner().status();
        if status == wanted || Instant::now() > deadline {
            return status;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
