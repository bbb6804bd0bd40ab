//! The standard gRPC health service's view of this server: SERVING while the
//! database answers, NOT_SERVING while it does not and once stopping. The
//! same verdict is shared with the application services through
//! [`DatabaseUp`], so calls fail at once while the database is down instead
//! of each waiting out its own connection timeout.
use std::{
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    },
    time::Duration,
};

use sea_orm::DatabaseConnection;
use tokio_util::sync::CancellationToken;
use tonic::{Request, Status, service::Interceptor};
use tonic_health::{ServingStatus, server::HealthReporter};

use crate::db::PROBE_TIMEOUT;

/// Whether the database answered the health watcher's last ping. As an
/// interceptor on the application services it answers UNAVAILABLE without
/// touching the database while it is down (health and reflection do not
/// have it and keep answering).
#[derive(Debug, Clone)]
pub struct DatabaseUp(Arc<AtomicBool>);

impl Default for DatabaseUp {
    fn default() -> Self {
        DatabaseUp(Arc::new(AtomicBool::new(true)))
    }
}

impl DatabaseUp {
    pub fn is_up(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }

    fn set(&self, up: bool) {
        self.0.store(up, Ordering::Relaxed);
    }
}

impl Interceptor for DatabaseUp {
    fn call(&mut self, request: Request<()>) -> Result<Request<()>, Status> {
        if self.is_up() {
            Ok(request)
        } else {
            Err(Status::unavailable(
                "the database is unavailable; retry later",
            ))
        }
    }
}

/// The health name that stays SERVING while the process runs, database or
/// not: for liveness probes, so an outage of the database takes instances
/// out of rotation (readiness, "") without restarting them all.
pub const LIVENESS: &str = "liveness";

/// Sets the overall status ("") and that of every named service.
pub async fn set_all(reporter: &HealthReporter, names: &[&str], status: ServingStatus) {
    reporter.set_service_status("", status).await;
    for name in names {
        reporter.set_service_status(*name, status).await;
    }
}

/// What the watcher needs: its own probe connection (see
/// `db::connect_probe`), the flag it keeps, and whom it reports to.
pub struct Watch {
    pub probe: DatabaseConnection,
    pub up: DatabaseUp,
    pub reporter: HealthReporter,
    pub names: &'static [&'static str],
    pub every: Duration,
}

/// Pings the database every `every` (each ping, connecting included, at
/// most [`PROBE_TIMEOUT`]), so an outage shows within `every` + 1 s and the
/// recovery too; reports NOT_SERVING for good when `stop` is cancelled.
pub async fn watch_database(watch: Watch, stop: CancellationToken) {
    let Watch {
        probe,
        up,
        reporter,
        names,
        every,
    } = watch;
    let mut interval = tokio::time::interval(every);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = interval.tick() => {}
            () = stop.cancelled() => {
                set_all(&reporter, names, ServingStatus::NotServing).await;
                probe.close().await.ok();
                return;
            }
        }
        let reachable = tokio::time::timeout(PROBE_TIMEOUT, probe.ping())
            .await
            .is_ok_and(|r| r.is_ok());
        crate::metrics::database_up(reachable);
        if reachable != up.is_up() {
            up.set(reachable);
            let status = if reachable {
                tracing::info!("database reachable again: SERVING");
                ServingStatus::Serving
            } else {
                tracing::error!("database unreachable: NOT_SERVING");
                ServingStatus::NotServing
            };
            set_all(&reporter, names, status).await;
        }
    }
}
