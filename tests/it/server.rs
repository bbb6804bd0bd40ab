use gamification::{config::Config, startup::Application};
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
