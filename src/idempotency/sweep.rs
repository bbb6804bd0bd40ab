//! Forgets request ids older than `idempotency_retention_hours` (at least a
//! day): a background sweep a minute after start-up, then hourly. A retry
//! after that is a new write.
use chrono::NaiveDateTime;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, sea_query::Query};
use tokio_util::sync::CancellationToken;

use crate::{entity::idempotency_keys as keys, error::AppResult, state::AppState};

/// Rows per DELETE, so a large backlog never holds long locks.
const DELETE_CHUNK: u64 = 1000;

/// Deletes the keys created before `now - retention_hours`; returns how many.
#[tracing::instrument(skip_all, err(level = "debug"), fields(retention_hours, deleted))]
pub async fn purge_expired(
    db: &DatabaseConnection,
    retention_hours: i64,
    now: NaiveDateTime,
) -> AppResult<u64> {
    // The settings rule keeps it at 24 or more; a row another app wrote
    // cannot make the sweep forget fresh keys.
    let hours = retention_hours.max(24);
    let cutoff = now - chrono::Duration::hours(hours);
    let mut deleted = 0;
    loop {
        let oldest = Query::select()
            .column(keys::Column::RequestId)
            .from(keys::Entity)
            .and_where(keys::Column::CreatedAt.lt(cutoff))
            .limit(DELETE_CHUNK)
            .to_owned();
        let result = keys::Entity::delete_many()
            .filter(keys::Column::RequestId.in_subquery(oldest))
            .exec(db)
            .await?;
        deleted += result.rows_affected;
        if result.rows_affected < DELETE_CHUNK {
            break;
        }
    }
    let span = tracing::Span::current();
    span.record("retention_hours", hours);
    span.record("deleted", deleted);
    Ok(deleted)
}

/// Runs [`purge_expired`] with the current settings and clock, a minute
/// after start-up and then hourly, until `stop` is cancelled.
pub fn spawn_sweeper(state: AppState, stop: CancellationToken) -> tokio::task::JoinHandle<()> {
    crate::sweep::spawn("request ids", crate::sweep::HOURLY, stop, move || {
        let state = state.clone();
        async move {
            let hours = state.settings.current().await.idempotency_retention_hours;
            purge_expired(&state.db, hours, state.clock.now()).await
        }
    })
}
