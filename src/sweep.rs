//! Background sweeps: a job run on a timer beside the server, stopping with
//! it. A failed run is logged and tried again at the next tick.
use std::{future::Future, time::Duration};

use tokio::{task::JoinHandle, time::Instant};
use tokio_util::sync::CancellationToken;

use crate::error::AppResult;

/// When a sweep runs: first after `first_after`, then every `every`.
#[derive(Clone, Copy, Debug)]
pub struct Schedule {
    pub first_after: Duration,
    pub every: Duration,
}

/// Hourly, the first run a minute after start-up, so instances restarted
/// together do not all sweep the moment they start serving.
pub const HOURLY: Schedule = Schedule {
    first_after: Duration::from_secs(60),
    every: Duration::from_secs(3600),
};

/// Runs `job` on `schedule` until `stop` is cancelled.
pub fn spawn<F, Fut>(
    name: &'static str,
    schedule: Schedule,
    stop: CancellationToken,
    job: F,
) -> JoinHandle<()>
where
    F: Fn() -> Fut + Send + 'static,
    Fut: Future<Output = AppResult<u64>> + Send,
{
    tokio::spawn(async move {
        let first = Instant::now() + schedule.first_after;
        let mut interval = tokio::time::interval_at(first, schedule.every);
        loop {
            tokio::select! {
                _ = interval.tick() => {}
                () = stop.cancelled() => return,
            }
            if let Err(error) = job().await {
                tracing::warn!(sweep = name, %error, "a sweep failed; it runs again next time");
            }
        }
    })
}
