//! SQL of the delivery queue: numbering rewards for WatchRewards, claiming
//! due deliveries under a lease, rescheduling.
use chrono::NaiveDateTime;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, EntityTrait,
    FromQueryResult, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{
        Alias, Condition, Expr, ExprTrait, LockBehavior, LockType, Query, SelectStatement,
    },
};

use super::{Delivery, credit_in, fail_in};
use crate::{
    db,
    domain::RewardStatus,
    entity::reward_deliveries::{self, Column as D},
    error::{AppError, AppResult},
};

/// Rewards numbered per pass.
const PASS_LIMIT: u64 = 500;
/// The sequencer's table, row and column (no entity: one row, ours alone).
const SEQUENCER: &str = "reward_sequencer";
const SEQUENCER_ROW: &str = "watch";

#[derive(Debug, FromQueryResult)]
struct Id {
    id: i32,
}

#[derive(Debug, FromQueryResult)]
struct LastValue {
    last_value: i64,
}

/// One sequencer pass: gives every unnumbered delivery the next cursor
/// values. (Completed sessions another application left pending have no
/// delivery and are not adopted: an admin approves them, see
/// `games::approve_foreign`.) The sequencer row stays
/// locked until commit, so passes run one at a time across instances and
/// cursors become visible in increasing order: a watcher that has seen
/// cursor N will never later find a new row numbered N or below.
pub async fn sequence(db: &DatabaseConnection) -> AppResult<usize> {
    // A read first: most passes find nothing to do and need no write lock.
    if unnumbered(db, 1).await?.is_empty() {
        return Ok(0);
    }
    let txn = db::begin_write(db).await?;
    let last = lock_sequencer(&txn).await?;
    let unnumbered = unnumbered(&txn, PASS_LIMIT).await?;
    for (offset, id) in unnumbered.iter().enumerate() {
        let seq = last + offset as i64 + 1;
        reward_deliveries::Entity::update_many()
            .col_expr(D::Seq, Expr::value(seq))
            .filter(D::Id.eq(*id))
            .exec(&txn)
            .await?;
    }
    let new_last = last + unnumbered.len() as i64;
    let update = Query::update()
        .table(Alias::new(SEQUENCER))
        .value(Alias::new("last_value"), new_last)
        .and_where(Expr::col(Alias::new("name")).eq(SEQUENCER_ROW))
        .to_owned();
    txn.execute(&update).await?;
    txn.commit().await?;
    Ok(unnumbered.len())
}

/// Locks the sequencer row until commit (FOR UPDATE on PostgreSQL; SQLite's
/// write transaction is the lock) and reads the last cursor handed out.
async fn lock_sequencer(txn: &DatabaseTransaction) -> AppResult<i64> {
    let select = Query::select()
        .column(Alias::new("last_value"))
        .from(Alias::new(SEQUENCER))
        .and_where(Expr::col(Alias::new("name")).eq(SEQUENCER_ROW))
        .lock(LockType::Update)
        .to_owned();
    let row = LastValue::find_by_statement(txn.get_database_backend().build(&select))
        .one(txn)
        .await?
        .ok_or_else(|| AppError::Internal("the reward_sequencer row 'watch' is missing".into()))?;
    Ok(row.last_value)
}

async fn unnumbered(conn: &impl ConnectionTrait, limit: u64) -> AppResult<Vec<i32>> {
    Ok(reward_deliveries::Entity::find()
        .select_only()
        .column(D::Id)
        .filter(D::Seq.is_null())
        .order_by_asc(D::Id)
        .limit(limit)
        .into_tuple::<i32>()
        .all(conn)
        .await?)
}

/// Pending, its time has come, and nobody holds a live lease on it.
fn due(now: NaiveDateTime) -> Condition {
    Condition::all()
        .add(D::Status.eq(RewardStatus::Pending.as_str()))
        .add(D::NextAttemptAt.lte(now))
        .add(
            Condition::any()
                .add(D::ClaimedUntil.is_null())
                .add(D::ClaimedUntil.lt(now)),
        )
}

/// The ids of up to `limit` due deliveries, oldest due first, skipping rows
/// another instance is claiming right now (SKIP LOCKED on PostgreSQL; the
/// SQLite builder leaves the lock out, BEGIN IMMEDIATE serializes there).
fn due_ids(now: NaiveDateTime, limit: u64) -> SelectStatement {
    Query::select()
        .column(D::Id)
        .from(reward_deliveries::Entity)
        .cond_where(due(now))
        .order_by(D::NextAttemptAt, sea_orm::Order::Asc)
        .order_by(D::Id, sea_orm::Order::Asc)
        .limit(limit)
        .lock_with_behavior(LockType::Update, LockBehavior::SkipLocked)
        .to_owned()
}

/// Claims up to `limit` due pending deliveries for `instance` until
/// `lease_until`, counting an attempt for each. Instances claiming at the
/// same time take different rows; an expired lease (an instance died
/// mid-post) makes a row claimable again.
pub async fn claim(
    db: &DatabaseConnection,
    instance: &str,
    lease_until: NaiveDateTime,
    now: NaiveDateTime,
    limit: u64,
) -> AppResult<Vec<Delivery>> {
    // A read first: most polls find nothing due and need no write lock.
    let due_now = reward_deliveries::Entity::find()
        .select_only()
        .column(D::Id)
        .filter(due(now))
        .into_tuple::<i32>()
        .one(db)
        .await?;
    if due_now.is_none() {
        return Ok(Vec::new());
    }
    let txn = db::begin_write(db).await?;
    let update = Query::update()
        .table(reward_deliveries::Entity)
        .value(D::ClaimedBy, instance)
        .value(D::ClaimedUntil, lease_until)
        .value(D::Attempts, Expr::col(D::Attempts).add(1))
        .value(D::UpdatedAt, now)
        .and_where(D::Id.in_subquery(due_ids(now, limit)))
        .returning_col(D::Id)
        .to_owned();
    let claimed: Vec<i32> = Id::find_by_statement(txn.get_database_backend().build(&update))
        .all(&txn)
        .await?
        .into_iter()
        .map(|row| row.id)
        .collect();
    let rows = if claimed.is_empty() {
        Vec::new()
    } else {
        reward_deliveries::Entity::find()
            .filter(D::Id.is_in(claimed))
            .all(&txn)
            .await?
    };
    txn.commit().await?;
    Ok(rows.into_iter().map(Delivery::from).collect())
}

/// A transient failure: the claim is released and the next attempt set,
/// unless the lease ran out and another instance holds the reward now.
pub async fn reschedule(
    db: &DatabaseConnection,
    instance: &str,
    delivery: &Delivery,
    error: &str,
    next_attempt_at: NaiveDateTime,
    now: NaiveDateTime,
) -> AppResult<()> {
    reward_deliveries::Entity::update_many()
        .col_expr(D::LastError, Expr::value(error))
        .col_expr(D::NextAttemptAt, Expr::value(next_attempt_at))
        .col_expr(D::ClaimedBy, Expr::value(Option::<String>::None))
        .col_expr(D::ClaimedUntil, Expr::value(Option::<NaiveDateTime>::None))
        .col_expr(D::UpdatedAt, Expr::value(now))
        .filter(D::Id.eq(delivery.id))
        .filter(D::Status.eq(RewardStatus::Pending.as_str()))
        .filter(D::ClaimedBy.eq(instance))
        .exec(db)
        .await?;
    Ok(())
}

/// Records the wallet's answer "credited" in one transaction.
pub async fn credit(
    db: &DatabaseConnection,
    delivery: &Delivery,
    transaction_id: &str,
    now: NaiveDateTime,
) -> AppResult<bool> {
    let txn = db::begin_write(db).await?;
    let changed = credit_in(&txn, delivery, transaction_id, now).await?;
    txn.commit().await?;
    Ok(changed)
}

/// Records a final failure in one transaction.
pub async fn fail(
    db: &DatabaseConnection,
    delivery: &Delivery,
    error: &str,
    now: NaiveDateTime,
) -> AppResult<bool> {
    let txn = db::begin_write(db).await?;
    let changed = fail_in(&txn, delivery, error, now).await?;
    txn.commit().await?;
    Ok(changed)
}
