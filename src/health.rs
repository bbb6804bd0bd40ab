//! The standard gRPC health service's view of this server: SERVING while the
//! database answers, NOT_SERVING while it does not and once stopping.
use std::time::Duration;

use sea_orm::DatabaseConnection;
use tokio_util::sync::CancellationToken;
use tonic_health::{ServingStatus, server::HealthReporter};

/// Sets the overall status ("") and that of every named service.
pub async fn set_all(reporter: &HealthReporter, names: &[&str], status: ServingStatus) {
    reporter.set_service_status("", status).await;
    for name in names {
        reporter.set_service_status(*name, status).await;
    }
}

/// Pings the database every `every` and reports NOT_SERVING while it cannot
/// be reached; reports NOT_SERVING for good when `stop` is cancelled.
pub async fn watch_database(
    db: DatabaseConnection,
    reporter: HealthReporter,
    names: &'static [&'static str],
    every: Duration,
    stop: CancellationToken,
) {
    let mut serving = true;
    let mut interval = tokio::time::interval(every);
    loop {
        tokio::select! {
            _ = interval.tick() => {}
            () = stop.cancelled() => {
                set_all(&reporter, names, ServingStatus::NotServing).await;
                return;
            }
        }
        let reachable = tokio::time::timeout(Duration::from_secs(3), db.ping())
            .await
            .is_ok_and(|r| r.is_ok());
        if reachable != serving {
            serving = reachable;
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
