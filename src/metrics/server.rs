//! The Prometheus side: the process-wide recorder, the `/metrics` endpoint
//! (a one-route axum server on its own listener, bound at build time so its
//! port is known), and the sampler of the gauges no call site can keep
//! (pool use, reward backlog).
use std::{
    net::SocketAddr,
    sync::{OnceLock, atomic::Ordering},
    time::Duration,
};

use axum::{Router, http::header::CONTENT_TYPE, routing::get};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use sea_orm::{DatabaseConnection, DbBackend};
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

use super::{
    DB_POOL_CONNECTIONS, DB_POOL_IN_USE, DB_POOL_MAX, ENABLED, REWARD_QUEUE_DEPTH,
    REWARD_QUEUE_OLDEST, RPC_SECONDS,
};
use crate::state::AppState;

/// How often the gauges are sampled (and histograms kept tidy).
pub const SAMPLE_EVERY: Duration = Duration::from_secs(5);

/// RPC latency buckets, in seconds: a millisecond to the request timeout.
const LATENCY_BUCKETS: &[f64] = &[
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();

/// The metrics endpoint, bound but not serving yet.
pub struct MetricsServer {
    listener: TcpListener,
    handle: PrometheusHandle,
}

impl MetricsServer {
    /// Installs the recorder (once per process) and binds `addr`.
    pub async fn bind(addr: SocketAddr) -> std::io::Result<MetricsServer> {
        let handle = HANDLE.get_or_init(install).clone();
        let listener = TcpListener::bind(addr).await?;
        Ok(MetricsServer { listener, handle })
    }

    pub fn local_addr(&self) -> Option<SocketAddr> {
        self.listener.local_addr().ok()
    }

    /// Serves `GET /metrics` and samples the gauges until `stop`.
    pub async fn run(self, state: AppState, pool_max: u32, stop: CancellationToken) {
        let MetricsServer { listener, handle } = self;
        if let Ok(addr) = listener.local_addr() {
            tracing::info!(%addr, "metrics served");
        }
        tokio::spawn(sample(state, pool_max, handle.clone(), stop.clone()));
        let app = Router::new().route(
            "/metrics",
            get(move || {
                let text = handle.render();
                async move { ([(CONTENT_TYPE, "text/plain; version=0.0.4")], text) }
            }),
        );
        let served = axum::serve(listener, app)
            .with_graceful_shutdown(stop.cancelled_owned())
            .await;
        if let Err(error) = served {
            tracing::error!(%error, "the metrics endpoint stopped");
        }
    }
}

/// Builds the recorder and makes it the global one.
fn install() -> PrometheusHandle {
    let builder = PrometheusBuilder::new();
    // Fails only for an empty bucket list; summaries would do then.
    let builder = builder
        .set_buckets_for_metric(Matcher::Full(RPC_SECONDS.into()), LATENCY_BUCKETS)
        .unwrap_or_else(|_| PrometheusBuilder::new());
    let recorder = builder.build_recorder();
    let handle = recorder.handle();
    match metrics::set_global_recorder(recorder) {
        Ok(()) => ENABLED.store(true, Ordering::Relaxed),
        Err(error) => tracing::warn!(%error, "another metrics recorder is installed"),
    }
    handle
}

async fn sample(state: AppState, pool_max: u32, handle: PrometheusHandle, stop: CancellationToken) {
    let mut interval = tokio::time::interval(SAMPLE_EVERY);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = interval.tick() => {}
            () = stop.cancelled() => return,
        }
        sample_pool(&state.db, pool_max);
        sample_rewards(&state).await;
        handle.run_upkeep();
    }
}

fn sample_pool(db: &DatabaseConnection, pool_max: u32) {
    let (size, idle) = match db.get_database_backend() {
        DbBackend::Postgres => {
            let pool = db.get_postgres_connection_pool();
            (pool.size(), pool.num_idle())
        }
        DbBackend::Sqlite => {
            let pool = db.get_sqlite_connection_pool();
            (pool.size(), pool.num_idle())
        }
        _ => return,
    };
    metrics::gauge!(DB_POOL_CONNECTIONS).set(f64::from(size));
    let in_use = size.saturating_sub(u32::try_from(idle).unwrap_or(u32::MAX));
    metrics::gauge!(DB_POOL_IN_USE).set(f64::from(in_use));
    metrics::gauge!(DB_POOL_MAX).set(f64::from(pool_max));
}

async fn sample_rewards(state: &AppState) {
    match crate::rewards::backlog(&state.db).await {
        Ok(backlog) => {
            let age = backlog.oldest.map_or(0.0, |oldest| {
                (state.clock.now() - oldest).num_milliseconds().max(0) as f64 / 1000.0
            });
            metrics::gauge!(REWARD_QUEUE_DEPTH).set(backlog.depth as f64);
            metrics::gauge!(REWARD_QUEUE_OLDEST).set(age);
        }
        // The database may be down; the next sample tries again.
        Err(error) => tracing::debug!(%error, "sampling the reward backlog failed"),
    }
}
