//! Starts the real server in-process on port 0 with a database of its own,
//! and hands out generated clients that talk to it over gRPC.
use gamification::{
    clock::Clock,
    config::Config,
    proto::{
        conversation_log_service_client::ConversationLogServiceClient,
        crowd_label_service_client::CrowdLabelServiceClient,
        engagement_service_client::EngagementServiceClient, flow_service_client::FlowServiceClient,
        game_service_client::GameServiceClient, league_service_client::LeagueServiceClient,
        question_service_client::QuestionServiceClient, reward_service_client::RewardServiceClient,
        settings_service_client::SettingsServiceClient,
        training_data_service_client::TrainingDataServiceClient,
        user_service_client::UserServiceClient,
    },
    startup::Application,
};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use tokio_util::sync::CancellationToken;
use tonic::{
    Request,
    metadata::MetadataValue,
    service::{Interceptor, interceptor::InterceptedService},
    transport::Channel,
};

use crate::db::TestDatabase;

pub const ADMIN_TOKEN: &str = "admin-token-0123456789";
pub const SERVICE_TOKEN: &str = "service-token-0123456789";

pub struct TestApp {
    /// The server's address, e.g. for tools that connect on their own.
    pub addr: std::net::SocketAddr,
    /// The admin console's address (with ADMIN_LISTEN set; tests default to off).
    #[allow(dead_code)]
    pub console: Option<std::net::SocketAddr>,
    pub db: DatabaseConnection,
    pub database: TestDatabase,
    /// The clock the server reads.
    pub clock: Clock,
    channel: Channel,
    stop: CancellationToken,
    server: Option<tokio::task::JoinHandle<()>>,
}

/// Adds a bearer token to every call.
#[derive(Clone)]
pub struct Bearer(pub Option<&'static str>);

impl Interceptor for Bearer {
    fn call(&mut self, mut request: Request<()>) -> Result<Request<()>, tonic::Status> {
        if let Some(token) = self.0 {
            let value: MetadataValue<_> = format!("Bearer {token}").parse().expect("ascii token");
            request.metadata_mut().insert("authorization", value);
        }
        Ok(request)
    }
}

pub type Authed = InterceptedService<Channel, Bearer>;

impl TestApp {
    /// A server with an admin and a service token configured.
    pub async fn spawn() -> TestApp {
        Self::spawn_with(|_| {}).await
    }

    pub async fn spawn_with(adjust: impl FnOnce(&mut Config)) -> TestApp {
        let database = TestDatabase::new().await;
        Self::spawn_on(database, adjust).await
    }

    pub async fn spawn_on(database: TestDatabase, adjust: impl FnOnce(&mut Config)) -> TestApp {
        Self::spawn_full(database, Clock::system(), adjust).await
    }

    /// A server whose rules read the time from `clock` (a manual clock lets
    /// a test move the time instead of sleeping).
    #[allow(dead_code)]
    pub async fn spawn_with_clock(clock: Clock, adjust: impl FnOnce(&mut Config)) -> TestApp {
        Self::spawn_full(TestDatabase::new().await, clock, adjust).await
    }

    pub async fn spawn_full(
        database: TestDatabase,
        clock: Clock,
        adjust: impl FnOnce(&mut Config),
    ) -> TestApp {
        let mut config = Config::for_database(database.url.clone());
        config.auth_tokens = Some(format!("admin:{ADMIN_TOKEN},service:{SERVICE_TOKEN}"));
        config.shutdown_grace_secs = 2;
        config.db_pool_size = 8;
        adjust(&mut config);
        let app = Application::build_with_clock(config, clock.clone())
            .await
            .expect("server starts");
        let addr = app.local_addr();
        let console = app.console_addr();
        let db = app.database().clone();
        let stop = app.shutdown_token();
        let server = tokio::spawn(async move {
            app.run_until_stopped().await.expect("server runs");
        });
        let channel = Channel::from_shared(format!("http://{addr}"))
            .expect("uri")
            .connect_lazy();
        TestApp {
            addr,
            console,
            db,
            database,
            clock,
            channel,
            stop,
            server: Some(server),
        }
    }

    fn with(&self, token: Option<&'static str>) -> Authed {
        InterceptedService::new(self.channel.clone(), Bearer(token))
    }

    pub fn settings(&self) -> SettingsServiceClient<Authed> {
        SettingsServiceClient::new(self.with(Some(ADMIN_TOKEN)))
    }

    pub fn settings_as(&self, token: Option<&'static str>) -> SettingsServiceClient<Authed> {
        SettingsServiceClient::new(self.with(token))
    }

    pub fn users(&self) -> UserServiceClient<Authed> {
        UserServiceClient::new(self.with(Some(SERVICE_TOKEN)))
    }

    pub fn flows(&self) -> FlowServiceClient<Authed> {
        FlowServiceClient::new(self.with(Some(ADMIN_TOKEN)))
    }

    pub fn flows_as(&self, token: Option<&'static str>) -> FlowServiceClient<Authed> {
        FlowServiceClient::new(self.with(token))
    }

    /// As the NLU backend (service token).
    pub fn conversations(&self) -> ConversationLogServiceClient<Authed> {
        ConversationLogServiceClient::new(self.with(Some(SERVICE_TOKEN)))
    }

    pub fn conversations_as(
        &self,
        token: Option<&'static str>,
    ) -> ConversationLogServiceClient<Authed> {
        ConversationLogServiceClient::new(self.with(token))
    }

    /// As the admin dashboard.
    pub fn training(&self) -> TrainingDataServiceClient<Authed> {
        TrainingDataServiceClient::new(self.with(Some(ADMIN_TOKEN)))
    }

    pub fn training_as(&self, token: Option<&'static str>) -> TrainingDataServiceClient<Authed> {
        TrainingDataServiceClient::new(self.with(token))
    }

    pub fn rewards(&self) -> RewardServiceClient<Authed> {
        RewardServiceClient::new(self.with(Some(SERVICE_TOKEN)))
    }

    pub fn rewards_as(&self, token: Option<&'static str>) -> RewardServiceClient<Authed> {
        RewardServiceClient::new(self.with(token))
    }

    pub fn games_as(&self, token: Option<&'static str>) -> GameServiceClient<Authed> {
        GameServiceClient::new(self.with(token))
    }

    pub fn games(&self) -> GameServiceClient<Authed> {
        GameServiceClient::new(self.with(Some(SERVICE_TOKEN)))
    }

    pub fn questions(&self) -> QuestionServiceClient<Authed> {
        QuestionServiceClient::new(self.with(Some(ADMIN_TOKEN)))
    }

    pub fn questions_as(&self, token: Option<&'static str>) -> QuestionServiceClient<Authed> {
        QuestionServiceClient::new(self.with(token))
    }

    /// As the admin dashboard.
    pub fn crowd(&self) -> CrowdLabelServiceClient<Authed> {
        CrowdLabelServiceClient::new(self.with(Some(ADMIN_TOKEN)))
    }

    /// As the flow engine (a service token).
    pub fn leagues(&self) -> LeagueServiceClient<Authed> {
        LeagueServiceClient::new(self.with(Some(SERVICE_TOKEN)))
    }

    pub fn crowd_as(&self, token: Option<&'static str>) -> CrowdLabelServiceClient<Authed> {
        CrowdLabelServiceClient::new(self.with(token))
    }

    /// As the flow engine (service token).
    pub fn engagement(&self) -> EngagementServiceClient<Authed> {
        EngagementServiceClient::new(self.with(Some(SERVICE_TOKEN)))
    }

    pub fn engagement_as(&self, token: Option<&'static str>) -> EngagementServiceClient<Authed> {
        EngagementServiceClient::new(self.with(token))
    }

    pub fn channel(&self) -> Channel {
        self.channel.clone()
    }

    /// Runs a statement directly on the test's database (for fixtures).
    pub async fn exec(&self, sql: &str) {
        self.db
            .execute_unprepared(sql)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }

    /// Counts rows with a query directly on the test's database.
    pub async fn count(&self, sql: &str) -> i64 {
        let row = self
            .db
            .query_one_raw(sea_orm::Statement::from_string(
                self.db.get_database_backend(),
                sql.to_string(),
            ))
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
            .expect("one row");
        row.try_get_by_index::<i64>(0).expect("a count")
    }

    /// Reads one text value (the first column of the first row) directly.
    pub async fn text(&self, sql: &str) -> String {
        let row = self
            .db
            .query_one_raw(sea_orm::Statement::from_string(
                self.db.get_database_backend(),
                sql.to_string(),
            ))
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
            .expect("one row");
        row.try_get_by_index::<String>(0).expect("a text")
    }

    /// Stops the server gracefully and waits for it. (A test that ends
    /// without stopping its server lets the test runtime's end stop it.)
    pub async fn stop(mut self) -> TestDatabase {
        self.stop.cancel();
        if let Some(server) = self.server.take() {
            server.await.expect("server task");
        }
        self.database
    }

    /// Kills the server as a crash would: its task (with the reward worker
    /// and any post in flight) is dropped where it stands, nothing finishes.
    pub async fn kill(mut self) -> TestDatabase {
        if let Some(server) = self.server.take() {
            server.abort();
            let _ = server.await;
        }
        self.database
    }
}

/// Changes a setting through SettingsService as an admin would (the
/// server's own cache sees it at once).
pub async fn set_setting(app: &TestApp, key: &str, value: &str) {
    use gamification::proto::{GetSettingRequest, UpdateSettingRequest};
    let setting = app
        .settings()
        .get_setting(GetSettingRequest { key: key.into() })
        .await;
    let etag = setting
        .expect("get setting")
        .into_inner()
        .setting
        .expect("setting")
        .etag;
    let update = UpdateSettingRequest {
        key: key.into(),
        value: value.into(),
        updated_by: "tests@admin".into(),
        etag,
        reason: "test".into(),
    };
    let result = app.settings().update_setting(update).await;
    result.unwrap_or_else(|e| panic!("set {key}={value}: {e}"));
}

/// The admin URL of the PostgreSQL server a PostgreSQL-only test needs.
/// Such tests carry `#[cfg_attr(not(postgres_tests), ignore = "...")]`: on
/// SQLite the harness reports them ignored with their reason; run anyway
/// (`--include-ignored`) without a server, they fail saying why.
pub fn postgres_url() -> String {
    std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|url| !url.is_empty())
        .expect("a PostgreSQL-only test needs TEST_DATABASE_URL")
}

/// The field violations of an INVALID_ARGUMENT status, as (field, description).
pub fn field_violations(status: &tonic::Status) -> Vec<(String, String)> {
    use tonic_types::StatusExt;
    status
        .get_details_bad_request()
        .map(|bad| {
            bad.field_violations
                .into_iter()
                .map(|v| (v.field, v.description))
                .collect()
        })
        .unwrap_or_default()
}

/// Asserts a call failed with `code` and returns the status.
#[track_caller]
pub fn expect_code<T: std::fmt::Debug>(
    result: Result<T, tonic::Status>,
    code: tonic::Code,
) -> tonic::Status {
    match result {
        Ok(value) => panic!("expected {code:?}, got OK: {value:?}"),
        Err(status) => {
            assert_eq!(status.code(), code, "unexpected status: {status:?}");
            status
        }
    }
}
