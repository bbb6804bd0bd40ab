//! Start-up: database, migrations, services, health, reflection, layers, and
//! a graceful stop. `Application::build` binds its listener first, so tests
//! can start it on port 0 and learn the port before serving.
use std::{error::Error, net::SocketAddr, time::Duration};

use migration::{Migrator, MigratorTrait};
use sea_orm::DatabaseConnection;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tonic::{
    server::NamedService,
    service::interceptor::InterceptedService,
    transport::{Server, server::TcpIncoming},
};
use tonic_health::ServingStatus;

use crate::{
    auth::Authenticator,
    clock::Clock,
    config::Config,
    conversations::{self, grpc::ConversationsApi},
    crowd::grpc::CrowdApi,
    db,
    flows::grpc::FlowsApi,
    games::grpc::GamesApi,
    health,
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
    rewards::{grpc::RewardsApi, wallet::WalletClient, worker::Worker},
    rpc_log::RpcLogLayer,
    settings::{SettingsCache, grpc::SettingsApi},
    state::AppState,
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
    state: AppState,
    auth: Authenticator,
    /// The wallet's client in push mode.
    wallet: Option<WalletClient>,
    shutdown: CancellationToken,
}

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
        // The request checks need this build's descriptors; fail here, not per request.
        crate::text::scan::catalog()?;
        let auth = Authenticator::load(
            config.auth_tokens.as_deref(),
            config.auth_tokens_file.as_deref(),
        )?;
        auth.check_exposure(config.listen_addr)?;
        // A bad WALLET_CA_FILE stops the start, not the first post.
        let wallet = WalletClient::from_config(&config)?;
        let db = db::connect(&config).await?;
        if !config.skip_migrations {
            Migrator::up(&db, None).await?;
        }
        let settings = SettingsCache::load(db.clone())
            .await
            .map_err(|e| e.to_string())?;
        let listener = TcpListener::bind(config.listen_addr).await?;
        let state = AppState {
            db,
            settings,
            clock,
        };
        Ok(Application {
            config,
            listener,
            state,
            auth,
            wallet,
            shutdown: CancellationToken::new(),
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .unwrap_or(self.config.listen_addr)
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
            state,
            auth,
            wallet,
            shutdown,
        } = self;
        let addr = listener.local_addr()?;
        if auth.is_open() {
            tracing::warn!(%addr, "no AUTH_TOKENS configured: open development mode, every caller is admin");
        }
        let (health_reporter, health_service) = tonic_health::server::health_reporter();
        health::set_all(&health_reporter, SERVICE_NAMES, ServingStatus::Serving).await;
        tokio::spawn(sweep_idle_games(state.clone(), shutdown.clone()));
        tokio::spawn(health::watch_database(
            state.db.clone(),
            health_reporter,
            SERVICE_NAMES,
            Duration::from_secs(config.health_check_secs.max(1)),
            shutdown.clone(),
        ));
        // Deletes conversation logs past their retention; stops with the server.
        conversations::retention::spawn_sweeper(state.clone(), shutdown.clone());
        // Forgets request ids past their retention.
        crate::idempotency::sweep::spawn_sweeper(state.clone(), shutdown.clone());

        let rewards_api = RewardsApi::new(
            state.clone(),
            Duration::from_millis(config.reward_poll_millis),
            config.wallet_url.is_some(),
            shutdown.clone(),
        );
        let reflection_v1 = reflection().build_v1()?;
        let reflection_v1alpha = reflection().build_v1alpha()?;
        let max = config.max_message_bytes;
        // An application service: message size limits and the token check.
        macro_rules! guarded {
            ($server:expr) => {
                InterceptedService::new(
                    $server
                        .max_decoding_message_size(max)
                        .max_encoding_message_size(max),
                    auth.clone(),
                )
            };
        }
        let router = Server::builder()
            .timeout(config.request_timeout())
            .layer(tower::limit::GlobalConcurrencyLimitLayer::new(
                config.concurrency_limit,
            ))
            .layer(RpcLogLayer)
            .add_service(health_service)
            .add_service(reflection_v1)
            .add_service(reflection_v1alpha)
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
            .add_service(guarded!(RewardServiceServer::new(rewards_api)));

        tracing::info!(%addr, database = %config.database_url_redacted(), "serving");
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
                Worker::new(&state, wallet, &config)
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
        // Errors are logged by the function's instrumentation; try next time.
        let _ = crate::games::expire_idle_games(&state.db, &settings, &state.clock).await;
    }
}
