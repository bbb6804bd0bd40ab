//! SQL that changes rewards. Every change of a reward's state is one
//! transaction over `reward_deliveries`, `game_sessions` and (on credit)
//! `users`, and is guarded by the current status in its WHERE clause, so two
//! instances, a retry and a caller's ConfirmReward can race without a reward
//! ever being credited twice.
use chrono::NaiveDateTime;
use rust_decimal::Decimal;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ActiveValue::Unchanged, ColumnTrait, ConnectionTrait,
    DbBackend, EntityTrait, QueryFilter, QuerySelect, Statement, Value,
};

use super::RewardStatus;
use crate::{
    entity::{amount::Amount, reward_deliveries, users},
    error::{AppError, AppResult},
};

pub type Delivery = reward_deliveries::Model;

pub(super) fn stmt(backend: DbBackend, template: &str, values: Vec<Value>) -> Statement {
    Statement::from_sql_and_values(backend, migration::sql::render(backend, template), values)
}

pub(super) async fn exec(
    conn: &impl ConnectionTrait,
    template: &str,
    values: Vec<Value>,
) -> AppResult<u64> {
    let statement = stmt(conn.get_database_backend(), template, values);
    Ok(conn.execute_raw(statement).await?.rows_affected())
}

pub(super) async fn find(
    conn: &impl ConnectionTrait,
    game_session_id: i32,
) -> AppResult<Option<Delivery>> {
    Ok(reward_deliveries::Entity::find()
        .filter(reward_deliveries::Column::GameSessionId.eq(game_session_id))
        .lock_exclusive()
        .one(conn)
        .await?)
}

pub(super) async fn sync_session(
    conn: &impl ConnectionTrait,
    game_session_id: i32,
    status: RewardStatus,
    transaction_id: Option<&str>,
    now: NaiveDateTime,
) -> AppResult<()> {
    exec(
        conn,
        "UPDATE game_sessions SET reward_status = ?, \
         reward_transaction_id = COALESCE(?, reward_transaction_id), updated_at = ? WHERE id = ?",
        vec![
            status.as_str().into(),
            transaction_id.map(str::to_string).into(),
            now.into(),
            game_session_id.into(),
        ],
    )
    .await?;
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
    let latency = (now - delivery.created_at).num_milliseconds().max(0);
    let changed = exec(
        conn,
        "UPDATE reward_deliveries SET status = 'credited', wallet_transaction_id = ?, \
         credited_at = ?, latency_ms = ?, claimed_by = NULL, claimed_until = NULL, updated_at = ? \
         WHERE id = ? AND status <> 'credited'",
        vec![
            transaction_id.into(),
            now.into(),
            latency.into(),
            now.into(),
            delivery.id.into(),
        ],
    )
    .await?;
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
    add_to_user_total(conn, delivery.user_id, delivery.amount.0, now).await?;
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
    let changed = exec(
        conn,
        "UPDATE reward_deliveries SET status = 'failed', last_error = ?, claimed_by = NULL, \
         claimed_until = NULL, updated_at = ? WHERE id = ? AND status = 'pending'",
        vec![error.into(), now.into(), delivery.id.into()],
    )
    .await?;
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
    use crate::entity::game_sessions;
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
