//! WatchRewards without gRPC: a task that sends the rewards numbered after a
//! cursor, then numbers new ones itself (so it works with the worker
//! switched off) and looks again after the poll interval, until the receiver
//! goes away or the server stops. A caller that reconnects with the last
//! cursor it saw misses nothing.
use std::time::Duration;

use sea_orm::DatabaseConnection;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use super::{Reward, store::queue};
use crate::{
    error::{AppError, AppResult, Violation, Violations},
    fields::ids,
    state::AppState,
};

/// Rewards sent per look at the database.
const BATCH: u64 = 100;

/// What a watcher asked for.
pub struct WatchRequest {
    pub after_cursor: i64,
    /// Only this user's rewards; None for all.
    pub user_id: Option<i32>,
}

impl WatchRequest {
    /// `user_id` 0 means every user.
    pub fn parse(after_cursor: i64, user_id: i32) -> AppResult<WatchRequest> {
        let mut v = Violations::new();
        let after_cursor = v.check(cursor(after_cursor));
        let user_id = v.check(ids::optional_id("user_id", user_id));
        v.finish()?;
        Ok(WatchRequest {
            after_cursor: after_cursor.unwrap_or_default(),
            user_id: user_id.flatten(),
        })
    }
}

fn cursor(after_cursor: i64) -> Result<i64, Violation> {
    if after_cursor < 0 {
        return Err(Violation::new("after_cursor", "must not be negative"));
    }
    Ok(after_cursor)
}

/// Starts watching; each item is a reward with its cursor, or the error
/// that ended the watch.
pub fn start(
    state: &AppState,
    poll: Duration,
    stop: CancellationToken,
    request: WatchRequest,
) -> mpsc::Receiver<AppResult<(Reward, i64)>> {
    let (tx, rx) = mpsc::channel(usize::try_from(BATCH).unwrap_or(1));
    tokio::spawn(run(state.db.clone(), poll, stop, request, tx));
    rx
}

async fn run(
    db: DatabaseConnection,
    poll: Duration,
    stop: CancellationToken,
    request: WatchRequest,
    tx: mpsc::Sender<AppResult<(Reward, i64)>>,
) {
    let mut cursor = request.after_cursor;
    loop {
        let batch = match super::after_cursor(&db, cursor, request.user_id, BATCH).await {
            Ok(batch) => batch,
            Err(error) => {
                let _ = tx.send(Err::<_, AppError>(error)).await;
                return;
            }
        };
        let full = batch.len() as u64 == BATCH;
        for reward in batch {
            let Some(next) = reward.cursor else { continue };
            if tx.send(Ok((reward, next))).await.is_err() {
                return;
            }
            cursor = next;
        }
        if full {
            continue;
        }
        if let Err(error) = queue::sequence(&db).await {
            tracing::warn!(%error, "numbering rewards for a watcher failed");
        }
        tokio::select! {
            () = stop.cancelled() => return,
            () = tx.closed() => return,
            () = tokio::time::sleep(poll) => {}
        }
    }
}
