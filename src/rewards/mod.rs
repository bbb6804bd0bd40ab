//! Money rewards of completed games, delivered to the PHP wallet exactly once.
//!
//! A completed game leaves `game_sessions.reward_status = 'pending'` and its
//! `rewards_earned` JSON. Each such session gets one `reward_deliveries` row,
//! either from [`enqueue`] inside the completion transaction or adopted by the
//! worker (rows written by older code or another app). Push mode posts each
//! reward to the wallet with an idempotency key per session; pull mode (no
//! WALLET_URL) leaves them for the PHP backend to list and confirm. Every
//! change of state updates `reward_deliveries`, `game_sessions` and, on
//! credit, `users.total_rewards_earned` in one transaction, guarded by the
//! current status so that no reward is ever credited twice.
mod delivery;
pub mod grpc;
mod intake;
mod machine;
mod mark;
pub mod schedule;
mod store;
pub mod wallet;
pub mod watch;
pub mod worker;

use chrono::NaiveDateTime;
use rust_decimal::Decimal;
use sea_orm::{ConnectionTrait, DatabaseConnection};

pub use crate::domain::RewardStatus;
use crate::{
    error::{AppError, AppResult, Violation, Violations},
    fields::ids,
    pagination,
};

pub use mark::Mark;
pub use store::granted_between;
use store::query;
pub use store::query::{Backlog, RewardStats, RewardSummary, backlog};

/// One reward as callers see it: the game session's truth plus delivery state.
#[derive(Debug, Clone)]
pub struct Reward {
    pub game_session_id: i32,
    pub session_id: String,
    pub user_id: i32,
    pub game_type: String,
    /// None when the session's `rewards_earned` cannot be read: shown as
    /// unreadable, never paid (its delivery fails at intake).
    pub amount: Option<Decimal>,
    pub currency: String,
    pub loyalty_points: i32,
    pub status: RewardStatus,
    pub reward_transaction_id: Option<String>,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub completed_at: Option<NaiveDateTime>,
    pub next_attempt_at: Option<NaiveDateTime>,
    pub credited_at: Option<NaiveDateTime>,
    /// The WatchRewards cursor, once the sequencer has numbered the reward.
    pub cursor: Option<i64>,
}

/// The idempotency key the wallet deduplicates on: one per game session.
pub fn idempotency_key(game_session_id: i32) -> String {
    format!("gamification-reward-{game_session_id}")
}

/// Registers the reward of a game session completed in `txn` at `now` (called
/// by the games code inside its completion transaction; `now` starts the
/// reward's retry window). Idempotent: a session that has a delivery
/// already is left alone.
#[tracing::instrument(skip_all, err(level = "debug"), fields(game_session_id))]
pub async fn enqueue(
    txn: &impl ConnectionTrait,
    game_session_id: i32,
    now: NaiveDateTime,
) -> AppResult<()> {
    // A completion's session has no delivery yet; the insert is guarded
    // by the unique session id all the same.
    intake::create_delivery(txn, game_session_id, now, false).await
}

/// Filters of ListRewards.
#[derive(Debug, Default)]
pub struct RewardFilter {
    pub user_id: Option<i32>,
    pub status: Option<RewardStatus>,
}

/// `user_id` 0 means every user.
pub async fn list(
    db: &DatabaseConnection,
    user_id: i32,
    status: Option<RewardStatus>,
    page_size: i32,
    page_token: &str,
) -> AppResult<(Vec<Reward>, Option<String>)> {
    let mut violations = Violations::new();
    let size = violations.check(pagination::page_size(page_size));
    let after = violations.check(pagination::decode_id_token(page_token));
    let user_id = violations.check(ids::optional_id("user_id", user_id));
    violations.finish()?;
    let filter = RewardFilter {
        user_id: user_id.flatten(),
        status,
    };
    let (size, after) = (size.unwrap_or_default(), after.flatten().unwrap_or(0));
    let rows = query::list(db, &filter, after, size).await?;
    let (rows, more) = pagination::split_page(rows, size);
    let next = pagination::next_token(&rows, more, |r| r.game_session_id);
    Ok((rows, next))
}

pub async fn summary(db: &DatabaseConnection, user_id: i32) -> AppResult<RewardSummary> {
    let user_id = ids::id("user_id", user_id)?;
    query::summary(db, user_id).await
}

pub async fn stats(db: &DatabaseConnection) -> AppResult<RewardStats> {
    query::stats(db).await
}

/// Rewards numbered after `cursor`, in cursor order (WatchRewards).
pub async fn after_cursor(
    db: &DatabaseConnection,
    cursor: i64,
    user_id: Option<i32>,
    limit: u64,
) -> AppResult<Vec<Reward>> {
    query::after_cursor(db, cursor, user_id, limit).await
}

/// The PHP backend credited the reward under `transaction_id` (pull mode).
/// The same id again is a no-op; another id for a credited reward is refused.
#[tracing::instrument(skip_all, err(level = "debug"), fields(game_session_id))]
pub async fn confirm(
    db: &DatabaseConnection,
    game_session_id: i32,
    transaction_id: &str,
    now: NaiveDateTime,
) -> AppResult<Reward> {
    let mut v = Violations::new();
    let id = v.check(ids::id("game_session_id", game_session_id));
    let transaction_id = v.check(transaction(transaction_id));
    v.finish()?;
    // Every check passed (finish returned), so each value is Some.
    let (game_session_id, transaction_id) =
        (id.unwrap_or_default(), transaction_id.unwrap_or_default());
    machine::confirm(db, game_session_id, &transaction_id, now).await?;
    get(db, game_session_id).await
}

/// The PHP backend could not credit the reward (pull mode).
#[tracing::instrument(skip_all, err(level = "debug"), fields(game_session_id))]
pub async fn fail(
    db: &DatabaseConnection,
    game_session_id: i32,
    reason: &str,
    now: NaiveDateTime,
) -> AppResult<Reward> {
    let mut v = Violations::new();
    let id = v.check(ids::id("game_session_id", game_session_id));
    let reason = v.check(failure_reason(reason));
    v.finish()?;
    // Every check passed (finish returned), so each value is Some.
    let (game_session_id, reason) = (id.unwrap_or_default(), reason.unwrap_or_default());
    machine::fail_by_caller(db, game_session_id, &reason, now).await?;
    get(db, game_session_id).await
}

/// Admin: a failed reward goes back to pending, with a fresh attempt count
/// and a new retry window starting `now`.
#[tracing::instrument(skip_all, err(level = "debug"), fields(game_session_id))]
pub async fn retry(
    db: &DatabaseConnection,
    game_session_id: i32,
    now: NaiveDateTime,
) -> AppResult<Reward> {
    let game_session_id = ids::id("game_session_id", game_session_id)?;
    machine::retry(db, game_session_id, now).await?;
    get(db, game_session_id).await
}

pub async fn get(db: &DatabaseConnection, game_session_id: i32) -> AppResult<Reward> {
    query::get(db, game_session_id)
        .await?
        .ok_or_else(|| AppError::not_found(format!("reward of game session {game_session_id}")))
}

/// The wallet's transaction id of a credit the caller confirms.
fn transaction(text: &str) -> Result<String, Violation> {
    if !wallet::valid_transaction_id(text) {
        return Err(Violation::new(
            "reward_transaction_id",
            "is required, at most 100 characters",
        ));
    }
    Ok(text.trim().to_string())
}

/// Why the caller could not credit a reward. (The untrimmed length counts,
/// as it always has.)
fn failure_reason(text: &str) -> Result<String, Violation> {
    if text.trim().is_empty() || text.chars().count() > 500 {
        return Err(Violation::new(
            "reason",
            "is required, at most 500 characters",
        ));
    }
    Ok(text.trim().to_string())
}
