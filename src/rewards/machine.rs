//! The reward state machine as callers drive it: ConfirmReward,
//! FailReward and RetryReward. Each transition is one transaction that
//! first makes sure the delivery row exists ([`intake`](super::intake)),
//! then moves it with the guarded statements of [`store`](super::store).
use chrono::NaiveDateTime;
use sea_orm::DatabaseConnection;

use super::{
    RewardStatus,
    intake::ensure_delivery,
    store::{credit_in, fail_in, retry_in},
};
use crate::{
    db,
    error::{AppError, AppResult, Reason},
};

/// ConfirmReward: credits a pending (or failed) reward; the same transaction
/// id again is fine, another one for a credited reward is refused.
pub async fn confirm(
    db: &DatabaseConnection,
    game_session_id: i32,
    transaction_id: &str,
    now: NaiveDateTime,
) -> AppResult<()> {
    let txn = db::begin_write(db).await?;
    let delivery = ensure_delivery(&txn, game_session_id, now, true).await?;
    if delivery.status() == Some(RewardStatus::Credited) {
        return match delivery.wallet_transaction_id.as_deref() {
            Some(id) if id == transaction_id => Ok(()),
            other => Err(AppError::precondition(
                Reason::RewardAlreadyCredited,
                format!(
                    "reward of game session {game_session_id} was credited already under \
                 transaction {}",
                    other.unwrap_or("(none)")
                ),
            )),
        };
    }
    credit_in(&txn, &delivery, transaction_id, now).await?;
    txn.commit().await?;
    Ok(())
}

/// FailReward: a pending reward fails with the caller's reason; a failed one
/// stays failed; a credited one cannot fail.
pub async fn fail_by_caller(
    db: &DatabaseConnection,
    game_session_id: i32,
    reason: &str,
    now: NaiveDateTime,
) -> AppResult<()> {
    let txn = db::begin_write(db).await?;
    let delivery = ensure_delivery(&txn, game_session_id, now, true).await?;
    match delivery.status() {
        Some(RewardStatus::Credited) => Err(AppError::precondition(
            Reason::RewardAlreadyCredited,
            format!("reward of game session {game_session_id} is credited and cannot fail"),
        )),
        Some(RewardStatus::Failed) => Ok(()),
        _ => {
            fail_in(&txn, &delivery, reason, now).await?;
            txn.commit().await?;
            Ok(())
        }
    }
}

/// RetryReward: a failed reward goes back to pending with a fresh attempt
/// count and retry window, and loses its cursor, so that WatchRewards
/// announces it again.
pub async fn retry(
    db: &DatabaseConnection,
    game_session_id: i32,
    now: NaiveDateTime,
) -> AppResult<()> {
    let txn = db::begin_write(db).await?;
    let delivery = ensure_delivery(&txn, game_session_id, now, true).await?;
    match delivery.status() {
        Some(RewardStatus::Failed) => {}
        Some(RewardStatus::Pending) => return Ok(()),
        _ => {
            return Err(AppError::precondition(
                Reason::RewardNotFailed,
                format!(
                    "reward of game session {game_session_id} is {}; only a failed reward is retried",
                    delivery.status.as_str()
                ),
            ));
        }
    }
    retry_in(&txn, &delivery, now).await?;
    txn.commit().await?;
    Ok(())
}
