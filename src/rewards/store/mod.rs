//! SQL of the rewards room, all through the query builder. Every change of
//! a reward's state is one transaction over `reward_deliveries`,
//! `game_sessions` and (on credit) `users`, and is guarded by the current
//! status in its WHERE clause, so two instances, a retry and a caller's
//! ConfirmReward can race without a reward ever being credited twice.
//!
//! `sync_session` is the one writer of `game_sessions.reward_status` and
//! `reward_transaction_id` after a session is completed.
mod intake;
pub mod query;
pub mod queue;

use chrono::NaiveDateTime;
use rust_decimal::Decimal;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ActiveValue::Unchanged, ColumnTrait, ConnectionTrait,
    EntityTrait, QueryFilter, QuerySelect, sea_query::Expr,
};

use super::RewardStatus;
use crate::{
    entity::{amount::Amount, game_sessions, reward_deliveries, users},
    error::{AppError, AppResult},
};

pub use intake::{insert_delivery, session};

pub use super::delivery::Delivery;

/// The delivery row of a session, locked until the transaction ends.
pub(super) async fn find(
    conn: &impl ConnectionTrait,
    game_session_id: i32,
) -> AppResult<Option<Delivery>> {
    let row = reward_deliveries::Entity::find()
        .filter(reward_deliveries::Column::GameSessionId.eq(game_session_id))
        .lock_exclusive()
        .one(conn)
        .await?;
    Ok(row.map(Delivery::from))
}

/// Keeps the session's reward status (and, when known, the wallet's
/// transaction id) in step with its delivery.
pub(super) async fn sync_session(
    conn: &impl ConnectionTrait,
    game_session_id: i32,
    status: RewardStatus,
    transaction_id: Option<&str>,
    now: NaiveDateTime,
) -> AppResult<()> {
    use game_sessions::Column as S;
    let mut update = game_sessions::Entity::update_many()
        .col_expr(S::RewardStatus, Expr::value(status.as_str()))
        .col_expr(S::UpdatedAt, Expr::value(now))
        .filter(S::Id.eq(game_session_id));
    if let Some(transaction_id) = transaction_id {
        update = update.col_expr(S::RewardTransactionId, Expr::value(transaction_id));
    }
    update.exec(conn).await?;
    Ok(())
}

/// Marks a delivery credited under `transaction_id` and adds its amount to
/// the user's total; false (and no change) if it was credited already.
pub async fn credit_in(
    conn: &impl ConnectionTrait,
    delivery: &Delivery,
    transaction_id: &str,
    now: NaiveDateTime,
) -> AppResult<bool> {
    use reward_deliveries::Column as D;
    let latency = (now - delivery.created_at).num_milliseconds().max(0);
    let changed = reward_deliveries::Entity::update_many()
        .col_expr(D::Status, Expr::value(RewardStatus::Credited.as_str()))
        .col_expr(D::WalletTransactionId, Expr::value(transaction_id))
        .col_expr(D::CreditedAt, Expr::value(now))
        .col_expr(D::LatencyMs, Expr::value(latency))
        .col_expr(D::ClaimedBy, Expr::value(Option::<String>::None))
        .col_expr(D::ClaimedUntil, Expr::value(Option::<NaiveDateTime>::None))
        .col_expr(D::UpdatedAt, Expr::value(now))
        .filter(D::Id.eq(delivery.id))
        .filter(D::Status.ne(RewardStatus::Credited.as_str()))
        .exec(conn)
        .await?
        .rows_affected;
    if changed == 0 {
        return Ok(false);
    }
    let game_session_id = delivery.game_session_id;
    sync_session(
        conn,
        game_session_id,
        RewardStatus::Credited,
        Some(transaction_id),
        now,
    )
    .await?;
    add_to_user_total(conn, delivery.user_id, delivery.amount, now).await?;
    Ok(true)
}

/// Read, add, write under the row lock: exact on SQLite's TEXT money column
/// too (SQL arithmetic there would go through a float).
async fn add_to_user_total(
    conn: &impl ConnectionTrait,
    user_id: i32,
    amount: Decimal,
    now: NaiveDateTime,
) -> AppResult<()> {
    let user = users::Entity::find_by_id(user_id)
        .lock_exclusive()
        .one(conn)
        .await?
        .ok_or_else(|| AppError::Internal(format!("user {user_id} of a reward is missing")))?;
    users::ActiveModel {
        id: Unchanged(user_id),
        total_rewards_earned: Set(Amount(user.total_rewards_earned.0 + amount)),
        updated_at: Set(now),
        ..Default::default()
    }
    .update(conn)
    .await?;
    Ok(())
}

/// Marks a pending delivery failed with its error; false if it was not pending.
pub async fn fail_in(
    conn: &impl ConnectionTrait,
    delivery: &Delivery,
    error: &str,
    now: NaiveDateTime,
) -> AppResult<bool> {
    use reward_deliveries::Column as D;
    let changed = reward_deliveries::Entity::update_many()
        .col_expr(D::Status, Expr::value(RewardStatus::Failed.as_str()))
        .col_expr(D::LastError, Expr::value(error))
        .col_expr(D::ClaimedBy, Expr::value(Option::<String>::None))
        .col_expr(D::ClaimedUntil, Expr::value(Option::<NaiveDateTime>::None))
        .col_expr(D::UpdatedAt, Expr::value(now))
        .filter(D::Id.eq(delivery.id))
        .filter(D::Status.eq(RewardStatus::Pending.as_str()))
        .exec(conn)
        .await?
        .rows_affected;
    if changed == 1 {
        sync_session(
            conn,
            delivery.game_session_id,
            RewardStatus::Failed,
            None,
            now,
        )
        .await?;
    }
    Ok(changed == 1)
}

/// Back to pending with a fresh attempt count and retry window, and no
/// cursor (so WatchRewards announces it again); the session follows.
pub async fn retry_in(
    conn: &impl ConnectionTrait,
    delivery: &Delivery,
    now: NaiveDateTime,
) -> AppResult<()> {
    use reward_deliveries::Column as D;
    reward_deliveries::Entity::update_many()
        .col_expr(D::Status, Expr::value(RewardStatus::Pending.as_str()))
        .col_expr(D::Attempts, Expr::value(0))
        .col_expr(D::NextAttemptAt, Expr::value(now))
        .col_expr(D::RetryStartedAt, Expr::value(now))
        .col_expr(D::Seq, Expr::value(Option::<i64>::None))
        .col_expr(D::ClaimedBy, Expr::value(Option::<String>::None))
        .col_expr(D::ClaimedUntil, Expr::value(Option::<NaiveDateTime>::None))
        .col_expr(D::UpdatedAt, Expr::value(now))
        .filter(D::Id.eq(delivery.id))
        .exec(conn)
        .await?;
    sync_session(
        conn,
        delivery.game_session_id,
        RewardStatus::Pending,
        None,
        now,
    )
    .await
}

/// The wallet's id of the user a delivery pays.
pub async fn php_user_id(conn: &impl ConnectionTrait, user_id: i32) -> AppResult<Option<i32>> {
    let user = users::Entity::find_by_id(user_id).one(conn).await?;
    Ok(user.and_then(|user| user.php_user_id))
}

/// The amounts granted to a user's games completed in `[from, until)`: the
/// delivery rows (exact decimals), not the sessions' JSON, so a row another
/// application wrote cannot open the daily cap. Summed in Rust: on SQLite
/// the amounts are text.
pub async fn granted_between(
    conn: &impl ConnectionTrait,
    user_id: i32,
    from: NaiveDateTime,
    until: NaiveDateTime,
) -> AppResult<Decimal> {
    use sea_orm::sea_query::Query;
    let completed = Query::select()
        .column(game_sessions::Column::Id)
        .from(game_sessions::Entity)
        .and_where(game_sessions::Column::UserId.eq(user_id))
        .and_where(game_sessions::Column::CompletedAt.gte(from))
        .and_where(game_sessions::Column::CompletedAt.lt(until))
        .to_owned();
    let amounts = reward_deliveries::Entity::find()
        .select_only()
        .column(reward_deliveries::Column::Amount)
        .filter(reward_deliveries::Column::UserId.eq(user_id))
        .filter(reward_deliveries::Column::GameSessionId.in_subquery(completed))
        .into_tuple::<Amount>()
        .all(conn)
        .await?;
    Ok(amounts.into_iter().map(|a| a.0).sum())
}
