//! WatchPlayerEvents without gRPC: a task that sends a player's events
//! after a cursor, then looks again as soon as this instance commits a
//! game's completion, or after the poll interval (events written by other
//! instances are seen), until the receiver goes away or the server
//! stops. Ids grow in commit order per player (see `events::record`), so a
//! caller that reconnects with the last id it saw gets every event once.
use std::time::Duration;

use sea_orm::DatabaseConnection;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use super::{
    events::{self, StoredEvent},
    store,
};
use crate::{
    error::{AppResult, Violation, Violations},
    fields::ids,
};

/// Events sent per look at the database.
const BATCH: u64 = 100;

pub struct WatchRequest {
    pub user_id: i32,
    pub after_event_id: i64,
}

impl WatchRequest {
    pub fn parse(user_id: i32, after_event_id: i64) -> AppResult<WatchRequest> {
        let mut v = Violations::new();
        let user_id = v.check(ids::id("user_id", user_id));
        let after = v.check(if after_event_id < 0 {
            Err(Violation::new("after_event_id", "must not be negative"))
        } else {
            Ok(after_event_id)
        });
        v.finish()?;
        Ok(WatchRequest {
            user_id: user_id.unwrap_or_default(),
            after_event_id: after.unwrap_or_default(),
        })
    }
}

/// Starts watching; each item is an event, or the error that ended the
/// watch. An unknown user is NOT_FOUND before anything is sent.
pub async fn start(
    db: &DatabaseConnection,
    poll: Duration,
    stop: CancellationToken,
    request: WatchRequest,
) -> AppResult<mpsc::Receiver<AppResult<StoredEvent>>> {
    store::require_user(db, request.user_id).await?;
    let (tx, rx) = mpsc::channel(usize::try_from(BATCH).unwrap_or(1));
    tokio::spawn(run(db.clone(), poll, stop, request, tx));
    Ok(rx)
}

async fn run(
    db: DatabaseConnection,
    poll: Duration,
    stop: CancellationToken,
    request: WatchRequest,
    tx: mpsc::Sender<AppResult<StoredEvent>>,
) {
    let mut cursor = request.after_event_id;
    loop {
        // Listening before the look: a commit during it is not missed.
        let wake = events::next_commit();
        tokio::pin!(wake);
        wake.as_mut().enable();
        let batch = match store::events::after(&db, request.user_id, cursor, BATCH).await {
            Ok(batch) => batch,
            Err(error) => {
                let _ = tx.send(Err(error)).await;
                return;
            }
        };
        let full = batch.len() as u64 == BATCH;
        for event in batch {
            let id = event.id;
            if tx.send(Ok(event)).await.is_err() {
                return;
            }
            cursor = id;
        }
        if full {
            continue;
        }
        tokio::select! {
            () = stop.cancelled() => return,
            () = tx.closed() => return,
            () = tokio::time::sleep(poll) => {}
            () = &mut wake => {}
        }
    }
}
