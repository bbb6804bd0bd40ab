//! Start-up: database, migrations, services, health, reflection, layers, and
//! a graceful stop. `Application::build` binds its listener first, so tests
//! can start it on port 0 and learn the port before serving.
use std::{error::Error, net::SocketAddr, time::Duration};

use sea_orm::DatabaseConnection;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tonic::{
    server::NamedService,
    service::interceptor::InterceptedService,
    transport::{
        Server,
        server::{Router, TcpIncoming},
    },
};
use tonic_health::ServingStatus;
use tonic_health::pb::health_server::{Health, HealthServer};
use tower::{
    layer::util::{Identity, Stack},
    limit::GlobalConcurrencyLimitLayer,
};

use crate::{
    auth::Authenticator,
    clock::Clock,
    config::Config,
    conversations::{self, grpc::ConversationsApi},
    crowd::grpc::CrowdApi,
    db,
    flows::grpc::FlowsApi,
    games::grpc::GamesApi,
    health::{self, DatabaseUp},
    metrics::server::MetricsServer,
    proto::{
        self, conversation_log_service_server::ConversationLogServiceServer,
        crowd_label_service_server::CrowdLabelServiceServer,
        flow_service_server::FlowServiceServer, game_service_server::GameServiceServer,
        question_service_server::QuestionServiceServer, reward_service_server::RewardServiceServer,
        settings_service_server::SettingsServiceServer,
        training_data_service_server::TrainingDataServiceServer,
        user_service_server::UserServiceServer,
    },
    questions::grpc::QuestionsApi,
    rewards::{grpc::RewardsApi, worker::Worker},
    rpc_log::RpcLogLayer,
    settings::{SettingsCache, grpc::SettingsApi},
    state::AppState,
    tls,
    training::grpc::TrainingApi,
    users::grpc::UsersApi,
};

pub type StartupError = Box<dyn Error + Send + Sync>;

/// The names the health service reports on, besides the overall "".
const SERVICE_NAMES: &[&str] = &[
    <SettingsServiceServer<SettingsApi> as NamedService>::NAME,
    <UserServiceServer<UsersApi> as NamedService>::NAME,
    <FlowServiceServer<FlowsApi> as NamedService>::NAME,
    <ConversationLogServiceServer<ConversationsApi> as NamedService>::NAME,
    <TrainingDataServiceServer<TrainingApi> as NamedService>::NAME,
    <RewardServiceServer<RewardsApi> as NamedService>::NAME,
    <GameServiceServer<GamesApi> as NamedService>::NAME,
    <QuestionServiceServer<QuestionsApi> as NamedService>::NAME,
    <CrowdLabelServiceServer<CrowdApi> as NamedService>::NAME,
];

pub struct Application {
    config: Config,
    listener: TcpListener,
    /// The gRPC server with its timeout and, when configured, TLS.
    server: Server,
    /// The health watcher's own connection.
    probe: DatabaseConnection,
    metrics: Option<MetricsServer>,
    state: AppState,
    auth: Authenticator,
    shutdown: CancellationToken,
}

/// The layers every RPC passes through, outermost first.
type Layers = Stack<RpcLogLayer, Stack<GlobalConcurrencyLimitLayer, Identity>>;

impl Application {
    pub async fn build(config: Config) -> Result<Application, StartupError> {
        Application::build_with_clock(config, Clock::system()).await
    }

    /// As [`Application::build`], with the clock every time rule reads
    /// (tests pass a manual one).
    pub async fn build_with_clock(
        config: Config,
        clock: Clock,
    ) -> Result<Application, StartupError> {
        config.validate()?;
        let auth = Authenticator::load(
            config.auth_tokens.as_deref(),
            config.auth_tokens_file.as_deref(),
        )?;
        auth.check_exposure(config.listen_addr)?;
        // Certificates are parsed now: a bad one stops the start, not the
        // first connection.
        let mut server = Server::builder().timeout(config.request_timeout());
        if let Some(tls) = tls::server_config(&config)? {
            server = server.tls_config(tls)?;
        }
        let db = db::connect(&config).await?;
        if !config.skip_migrations {
            db::migrate(&config, &db).await?;
        }
        let settings = SettingsCache::load(db.clone())
            .await
            .map_err(|e| e.to_string())?;
        let probe = db::connect_probe(&config).await?;
        let listener = TcpListener::bind(config.listen_addr).await?;
        let metrics = match config.metrics_listen {
            Some(addr) => Some(MetricsServer::bind(addr).await?),
            None => None,
        };
        let state = AppState {
            db,
            settings,
            clock,
        };
        Ok(Application {
            config,
            listener,
            server,
            probe,
            metrics,
            state,
            auth,
            shutdown: CancellationToken::new(),
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .unwrap_or(self.config.listen_addr)
    }

    /// Where `/metrics` is served (None without METRICS_LISTEN).
    pub fn metrics_addr(&self) -> Option<SocketAddr> {
        self.metrics.as_ref().and_then(MetricsServer::local_addr)
    }

    pub fn database(&self) -> &DatabaseConnection {
        &self.state.db
    }

    /// Cancelling this token stops the server gracefully.
    pub fn shutdown_token(&self) -> CancellationToken {
        self.shutdown.clone()
    }

    /// Serves until the shutdown token is cancelled; in-flight calls then get
    /// the configured grace period to finish.
    pub async fn run_until_stopped(self) -> Result<(), StartupError> {
        let Application {
            config,
            listener,
            server,
            probe,
            metrics,
            state,
            auth,
            shutdown,
        } = self;
        let addr = listener.local_addr()?;
        if auth.is_open() {
            tracing::warn!(%addr, "no AUTH_TOKENS configured: open development mode, every caller is admin");
        }
        let (health_reporter, health_service) = tonic_health::server::health_reporter();
        health::set_all(&health_reporter, SERVICE_NAMES, ServingStatus::Serving).await;
        health_reporter
            .set_service_status(health::LIVENESS, ServingStatus::Serving)
            .await;
        let database_up = DatabaseUp::default();
        let watch = health::Watch {
            probe,
            up: database_up.clone(),
            reporter: health_reporter,
            names: SERVICE_NAMES,
            every: Duration::from_secs(config.health_check_secs.max(1)),
        };
        tokio::spawn(health::watch_database(watch, shutdown.clone()));
        spawn_background(&state, &shutdown);
        if let Some(metrics) = metrics {
            let pool_max = config.db_pool_size;
            tokio::spawn(metrics.run(state.clone(), pool_max, shutdown.clone()));
        }
        let server = server
            .layer(GlobalConcurrencyLimitLayer::new(config.concurrency_limit))
            .layer(RpcLogLayer);
        let gate = Gate {
            auth,
            database_up,
            max: config.max_message_bytes,
        };
        let router = routes(server, &state, &config, &gate, health_service, &shutdown)?;

        tracing::info!(%addr, tls = config.tls_enabled(), database = %config.database_url_redacted(), "serving");
        // Small gRPC frames must leave at once: with Nagle's algorithm on, a
        // response waits for the client's delayed ACK (about 40 ms).
        let incoming = TcpIncoming::from(listener)
            .with_nodelay(Some(true))
            .with_keepalive(Some(Duration::from_secs(60)));
        let stop = shutdown.clone();
        let serve = router.serve_with_incoming_shutdown(incoming, stop.cancelled_owned());
        tokio::pin!(serve);
        let serving = async {
            tokio::select! {
                result = &mut serve => result,
                () = async {
                    shutdown.cancelled().await;
                    tokio::time::sleep(Duration::from_secs(config.shutdown_grace_secs)).await;
                } => {
                    tracing::warn!("grace period over; dropping the connections still open");
                    Ok(())
                }
            }
        };
        // The worker runs inside this future (not spawned), so it stops
        // with the server: on shutdown it finishes the posts in flight.
        let worker = async {
            if config.reward_worker {
                Worker::new(state.db.clone(), state.settings.clone(), &config)
                    .run(shutdown.clone())
                    .await;
            }
        };
        let (served, ()) = tokio::join!(serving, worker);
        served?;
        state.db.close().await.ok();
        tracing::info!("stopped");
        Ok(())
    }
}

/// What guards every application service (not health, not reflection):
/// message size limits, the token check, then the database's health, so a
/// call fails at once with UNAVAILABLE while the database is down.
struct Gate {
    auth: Authenticator,
    database_up: DatabaseUp,
    max: usize,
}

/// Every service on its path.
fn routes(
    server: Server<Layers>,
    state: &AppState,
    config: &Config,
    gate: &Gate,
    health_service: HealthServer<impl Health>,
    shutdown: &CancellationToken,
) -> Result<Router<Layers>, StartupError> {
    let mut server = server;
    // An application service: message size limits, the token, the database.
    macro_rules! guarded {
        ($server:expr) => {
            InterceptedService::new(
                InterceptedService::new(
                    $server
                        .max_decoding_message_size(gate.max)
                        .max_encoding_message_size(gate.max),
                    gate.database_up.clone(),
                ),
                gate.auth.clone(),
            )
        };
    }
    let rewards_api = RewardsApi::new(
        state.clone(),
        Duration::from_millis(config.reward_poll_millis),
        config.wallet_url.is_some(),
        shutdown.clone(),
    );
    Ok(server
        .add_service(health_service)
        .add_service(reflection().build_v1()?)
        .add_service(reflection().build_v1alpha()?)
        .add_service(guarded!(SettingsServiceServer::new(SettingsApi::new(
            state.clone()
        ))))
        .add_service(guarded!(UserServiceServer::new(UsersApi::new(
            state.clone()
        ))))
        .add_service(guarded!(FlowServiceServer::new(FlowsApi::new(
            state.clone()
        ))))
        .add_service(guarded!(GameServiceServer::new(GamesApi::new(
            state.clone()
        ))))
        .add_service(guarded!(QuestionServiceServer::new(QuestionsApi::new(
            state.clone()
        ))))
        .add_service(guarded!(ConversationLogServiceServer::new(
            ConversationsApi::new(state.clone())
        )))
        .add_service(guarded!(TrainingDataServiceServer::new(TrainingApi::new(
            state.clone()
        ))))
        .add_service(guarded!(CrowdLabelServiceServer::new(CrowdApi::new(
            state.clone()
        ))))
        .add_service(guarded!(RewardServiceServer::new(rewards_api))))
}

/// The sweeps that run beside the server and stop with it.
fn spawn_background(state: &AppState, shutdown: &CancellationToken) {
    tokio::spawn(sweep_idle_games(state.clone(), shutdown.clone()));
    // Deletes conversation logs past their retention.
    conversations::retention::spawn_sweeper(state.clone(), shutdown.clone());
}

/// Both reflection versions describe every service, themselves included
/// (grpcurl 1.8 speaks only v1alpha, newer clients v1), and the error
/// detail types.
fn reflection() -> tonic_reflection::server::Builder<'static> {
    tonic_reflection::server::Builder::configure()
        .register_encoded_file_descriptor_set(proto::FILE_DESCRIPTOR_SET)
        .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET)
        // google.rpc.BadRequest, so grpcurl can print field violations.
        .register_encoded_file_descriptor_set(tonic_types::pb::FILE_DESCRIPTOR_SET)
        .register_encoded_file_descriptor_set(tonic_reflection::pb::v1::FILE_DESCRIPTOR_SET)
        .register_encoded_file_descriptor_set(tonic_reflection::pb::v1alpha::FILE_DESCRIPTOR_SET)
        .include_reflection_service(false)
}

/// Expires idle games once a minute until stopped.
async fn sweep_idle_games(state: AppState, stop: CancellationToken) {
    let mut interval = tokio::time::interval(Duration::from_secs(60));
    loop {
        tokio::select! {
            _ = interval.tick() => {}
            () = stop.cancelled() => return,
        }
        let settings = state.settings.current().await;
        // A failed sweep is tried again next time.
        if let Err(error) = crate::games::expire_idle_games(&state.db, &settings).await {
            tracing::warn!(%error, "the idle-game sweep failed");
        }
    }
}
