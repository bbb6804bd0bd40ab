//! Privacy: conversation logs are kept `conversation_log_retention_days`
//! (a background sweep deletes older ones; samples made from them keep
//! their own copy of the text), and a user's data can be erased on request.
use sea_orm::DatabaseConnection;
use tokio_util::sync::CancellationToken;

use super::store;
use crate::{
    db,
    error::AppResult,
    phone::{Phone, Region},
    state::AppState,
};

/// Rows per DELETE, so a large backlog never holds long locks.
const DELETE_CHUNK: u64 = 1000;

/// Deletes the turns older than the retention setting; 0 days keeps them
/// forever. Returns how many were deleted.
#[tracing::instrument(skip_all, err(level = "debug"), fields(deleted))]
pub async fn purge_expired(state: &AppState) -> AppResult<u64> {
    let days = state
        .settings
        .current()
        .await
        .conversation_log_retention_days;
    if days <= 0 {
        return Ok(0);
    }
    let cutoff = state.clock.now() - chrono::Duration::days(days);
    let mut deleted = 0;
    loop {
        let removed = store::privacy::delete_older_than(&state.db, cutoff, DELETE_CHUNK).await?;
        deleted += removed;
        if removed < DELETE_CHUNK {
            break;
        }
    }
    tracing::Span::current().record("deleted", deleted);
    Ok(deleted)
}

/// Runs [`purge_expired`] a minute after start-up and then every hour,
/// until `stop` is cancelled.
pub fn spawn_sweeper(state: AppState, stop: CancellationToken) -> tokio::task::JoinHandle<()> {
    crate::sweep::spawn(
        "conversation retention",
        crate::sweep::HOURLY,
        stop,
        move || {
            let state = state.clone();
            async move { purge_expired(&state).await }
        },
    )
}

/// What DeleteUserData removed.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Erased {
    pub conversation_logs: u64,
    pub conversation_memory: u64,
    pub training_samples_detached: u64,
}

/// Erases a user's conversation logs (by user id, and by their phone number
/// for turns logged before the user was known, in every spelling older
/// versions may have stored: see [`Phone::spellings`]) and memory, and detaches
/// their samples (user and chat session cleared, text kept), in one
/// transaction.
#[tracing::instrument(skip_all, err(level = "debug"), fields(user_id))]
pub async fn delete_user_data(
    db: &DatabaseConnection,
    user_id: i32,
    region: Region,
) -> AppResult<Erased> {
    let user_id = crate::fields::ids::id("user_id", user_id)?;
    let txn = db::begin_write(db).await?;
    let phones = match store::privacy::user_phone(&txn, user_id).await? {
        None => Vec::new(),
        Some(stored) => match Phone::parse(&stored, region) {
            Ok(phone) => phone.spellings().to_vec(),
            // Written by another application in a form we cannot read.
            Err(_) => vec![stored],
        },
    };
    let erased = Erased {
        conversation_logs: store::privacy::delete_turns_of(&txn, user_id, phones).await?,
        conversation_memory: store::privacy::delete_memory_of(&txn, user_id).await?,
        training_samples_detached: store::privacy::detach_samples(&txn, user_id).await?,
    };
    txn.commit().await?;
    Ok(erased)
}
