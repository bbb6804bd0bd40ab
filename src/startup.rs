//! Start-up: database, migrations, services, health, reflection, layers, and
//! a graceful stop. `Application::build` binds its listener first, so tests
//! can start it on port 0 and learn the port before serving.
use std::{error::Error, net::SocketAddr, time::Duration};

use sea_orm::DatabaseConnection;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tonic::transport::{
    Server,
    server::{Router, TcpIncoming},
};
use tonic_health::{
    ServingStatus,
    pb::health_server::{Health, HealthServer},
};

use crate::{
    auth::Authenticator,
    clock::Clock,
    config::Config,
    console::ConsoleServer,
    conversations, db,
    health::{self, DatabaseUp},
    metrics::server::MetricsServer,
    rewards::{wallet::WalletClient, worker::Worker},
    routes::{self, Gate, Layers, SERVICE_NAMES},
    settings::SettingsCache,
    state::AppState,
    tls,
};

pub type StartupError = Box<dyn Error + Send + Sync>;

pub struct Application {
    config: Config,
    listener: TcpListener,
    /// The gRPC server with its timeout and, when configured, TLS.
    server: Server,
    /// The PHP wallet's client (push mode), built at start.
    wallet: Option<WalletClient>,
    /// The health watcher's own connection.
    probe: DatabaseConnection,
    metrics: Option<MetricsServer>,
    /// The admin console (ADMIN_LISTEN), bound but not serving yet.
    console: Option<ConsoleServer>,
    state: AppState,
    auth: Authenticator,
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
        // A bad WALLET_CA_FILE stops the start, not the first post.
        let wallet = WalletClient::from_config(&config)?;
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
        let console = ConsoleServer::bind(&config, &auth).await?;
        let state = AppState {
            db,
            settings,
            clock,
            seating: crate::leagues::Seating::default(),
        };
        Ok(Application {
            config,
            listener,
            server,
            wallet,
            probe,
            metrics,
            console,
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

    /// Where the admin console is served (None with ADMIN_LISTEN=off).
    pub fn console_addr(&self) -> Option<SocketAddr> {
        self.console.as_ref().and_then(ConsoleServer::local_addr)
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
            wallet,
            probe,
            metrics,
            console,
            state,
            auth,
            shutdown,
        } = self;
        let addr = listener.local_addr()?;
        if auth.is_open() {
            tracing::warn!(%addr, "no AUTH_TOKENS configured: open development mode, every caller is admin");
        }
        let (database_up, health_service) = start_health(&config, probe, &shutdown).await;
        spawn_background(&state, &shutdown);
        if let Some(metrics) = metrics {
            let pool_max = config.db_pool_size;
            tokio::spawn(metrics.run(state.clone(), pool_max, shutdown.clone()));
        }
        if let Some(console) = console {
            tokio::spawn(console.run(state.clone(), auth.clone(), shutdown.clone()));
        }
        let server = routes::layered(server, &config)?;
        let gate = Gate {
            auth,
            database_up,
            max: config.max_message_bytes,
        };
        let router = routes::all(server, &state, &config, &gate, health_service, &shutdown)?;
        tracing::info!(%addr, tls = config.tls_enabled(), database = %config.database_url_redacted(), "serving");
        let worker = config
            .reward_worker
            .then(|| Worker::new(&state, wallet, &config));
        serve(router, listener, &config, worker, &shutdown).await?;
        state.db.close().await.ok();
        tracing::info!("stopped");
        Ok(())
    }
}

/// Health starts SERVING (the database just answered the migrations and the
/// settings); the watcher keeps it, and the gate's flag, up to date.
async fn start_health(
    config: &Config,
    probe: DatabaseConnection,
    shutdown: &CancellationToken,
) -> (DatabaseUp, HealthServer<impl Health>) {
    let (reporter, service) = tonic_health::server::health_reporter();
    health::set_all(&reporter, SERVICE_NAMES, ServingStatus::Serving).await;
    reporter
        .set_service_status(health::LIVENESS, ServingStatus::Serving)
        .await;
    let up = DatabaseUp::default();
    let watch = health::Watch {
        probe,
        up: up.clone(),
        reporter,
        names: SERVICE_NAMES,
        every: Duration::from_secs(config.health_check_secs.max(1)),
    };
    tokio::spawn(health::watch_database(watch, shutdown.clone()));
    (up, service)
}

/// Serves until `shutdown`, then gives the calls in flight the grace period;
/// the reward worker runs beside it and stops with it.
async fn serve(
    router: Router<Layers>,
    listener: TcpListener,
    config: &Config,
    worker: Option<Worker>,
    shutdown: &CancellationToken,
) -> Result<(), StartupError> {
    // Small gRPC frames must leave at once: with Nagle's algorithm on, a
    // response waits for the client's delayed ACK (about 40 ms).
    let incoming = TcpIncoming::from(listener)
        .with_nodelay(Some(true))
        .with_keepalive(Some(Duration::from_secs(60)));
    let serve = router.serve_with_incoming_shutdown(incoming, shutdown.clone().cancelled_owned());
    let grace = async {
        shutdown.cancelled().await;
        tokio::time::sleep(Duration::from_secs(config.shutdown_grace_secs)).await;
    };
    let serving = async {
        tokio::select! {
            result = serve => result,
            () = grace => {
                tracing::warn!("grace period over; dropping the connections still open");
                Ok(())
            }
        }
    };
    // The worker runs inside this future (not spawned), so it stops with
    // the server: on shutdown it finishes the posts in flight.
    let worker = async {
        if let Some(worker) = worker {
            worker.run(shutdown.clone()).await;
        }
    };
    let (served, ()) = tokio::join!(serving, worker);
    Ok(served?)
}

/// The sweeps that run beside the server and stop with it.
fn spawn_background(state: &AppState, shutdown: &CancellationToken) {
    // Expires games left idle, once a minute.
    let every_minute = crate::sweep::Schedule {
        first_after: Duration::ZERO,
        every: Duration::from_secs(60),
    };
    let games = state.clone();
    crate::sweep::spawn("idle games", every_minute, shutdown.clone(), move || {
        let state = games.clone();
        async move {
            let settings = state.settings.current().await;
            crate::games::expire_idle_games(&state.db, &settings, &state.clock).await
        }
    });
    // Folds closed hours of turns into the statistics rollup.
    conversations::rollup::spawn_folder(state.clone(), every_minute, shutdown.clone());
    // Deletes conversation logs past their retention.
    conversations::retention::spawn_sweeper(state.clone(), shutdown.clone());
    // Forgets request ids past their retention.
    crate::idempotency::sweep::spawn_sweeper(state.clone(), shutdown.clone());
    // Counts answers into their questions' usage and success rate.
    crate::questions::stats::spawn_folder(state.db.clone(), shutdown.clone());
    // Re-estimates the crowd's posteriors (Dawid–Skene over every vote).
    crate::crowd::estimate::spawn_sweeper(state.clone(), shutdown.clone());
    // Closes the weekly leagues whose week has ended.
    crate::leagues::close::spawn_sweeper(state.clone(), shutdown.clone());
    crate::leagues::ranks::spawn_folder(state.db.clone(), shutdown.clone());
}
