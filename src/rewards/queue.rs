//! SQL of the delivery queue: numbering rewards
//! for WatchRewards, claiming due deliveries under a lease, rescheduling.
use chrono::NaiveDateTime;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, EntityTrait,
    FromQueryResult, QueryFilter,
};

use super::store::{self, Delivery, exec, stmt};
use crate::{
    db,
    entity::reward_deliveries,
    error::{AppError, AppResult},
};

/// Rewards numbered per pass.
const PASS_LIMIT: u64 = 500;

#[derive(Debug, FromQueryResult)]
struct Id {
    id: i32,
}

#[derive(Debug, FromQueryResult)]
struct LastValue {
    last_value: i64,
}

const UNNUMBERED: &str = "SELECT id FROM reward_deliveries WHERE seq IS NULL ORDER BY id LIMIT ?";

/// One sequencer pass: gives every unnumbered delivery the next cursor
/// values. (Completed sessions another application left pending have no
/// delivery and are not adopted: an admin approves them, see
/// `games::approve_foreign`.) The sequencer row stays
/// locked until commit, so passes run one at a time across instances and
/// cursors become visible in increasing order: a watcher that has seen
/// cursor N will never later find a new row numbered N or below.
pub async fn sequence(db: &DatabaseConnection) -> AppResult<usize> {
    // A read first: most passes find nothing to do and need no write lock.
    if ids(db, UNNUMBERED, 1).await?.is_empty() {
        return Ok(0);
    }
    let txn = db::begin_write(db).await?;
    let last = lock_sequencer(&txn).await?;
    let unnumbered = ids(&txn, UNNUMBERED, PASS_LIMIT).await?;
    for (offset, id) in unnumbered.iter().enumerate() {
        let seq = last + offset as i64 + 1;
        let values = vec![seq.into(), (*id).into()];
        exec(
            &txn,
            "UPDATE reward_deliveries SET seq = ? WHERE id = ?",
            values,
        )
        .await?;
    }
    let new_last = last + unnumbered.len() as i64;
    exec(
        &txn,
        "UPDATE reward_sequencer SET last_value = ? WHERE name = 'watch'",
        vec![new_last.into()],
    )
    .await?;
    txn.commit().await?;
    Ok(unnumbered.len())
}

/// Locks the sequencer row until commit and reads the last cursor handed out.
async fn lock_sequencer(txn: &DatabaseTransaction) -> AppResult<i64> {
    let backend = txn.get_database_backend();
    let lock = if backend == DbBackend::Postgres {
        " FOR UPDATE"
    } else {
        ""
    };
    let sql = format!("SELECT last_value FROM reward_sequencer WHERE name = 'watch'{lock}");
    let row = LastValue::find_by_statement(stmt(backend, &sql, vec![]))
        .one(txn)
        .await?
        .ok_or_else(|| AppError::Internal("the reward_sequencer row 'watch' is missing".into()))?;
    Ok(row.last_value)
}

async fn ids(conn: &impl ConnectionTrait, template: &str, limit: u64) -> AppResult<Vec<i32>> {
    let rows = Id::find_by_statement(stmt(
        conn.get_database_backend(),
        template,
        vec![(limit as i64).into()],
    ))
    .all(conn)
    .await?;
    Ok(rows.into_iter().map(|row| row.id).collect())
}

/// Pending, its time has come, and nobody holds a live lease on it.
const DUE: &str = "status = 'pending' AND next_attempt_at <= ? \
    AND (claimed_until IS NULL OR claimed_until < ?)";

/// Claims up to `limit` due pending deliveries for `instance` until
/// `lease_until`, counting an attempt for each. On PostgreSQL the rows are
/// picked with FOR UPDATE SKIP LOCKED, so instances claiming at the same
/// time take different rows; an expired lease (an instance died mid-post)
/// makes a row claimable again. On SQLite BEGIN IMMEDIATE serializes it.
pub async fn claim(
    db: &DatabaseConnection,
    instance: &str,
    lease_until: NaiveDateTime,
    now: NaiveDateTime,
    limit: u64,
) -> AppResult<Vec<Delivery>> {
    // A read first: most polls find nothing due and need no write lock.
    let due = Id::find_by_statement(stmt(
        db.get_database_backend(),
        &format!("SELECT id FROM reward_deliveries WHERE {DUE} LIMIT 1"),
        vec![now.into(), now.into()],
    ))
    .one(db)
    .await?;
    if due.is_none() {
        return Ok(Vec::new());
    }
    let txn = db::begin_write(db).await?;
    let backend = txn.get_database_backend();
    let skip_locked = if backend == DbBackend::Postgres {
        " FOR UPDATE SKIP LOCKED"
    } else {
        ""
    };
    let template = format!(
        "UPDATE reward_deliveries SET claimed_by = ?, claimed_until = ?, attempts = attempts + 1, \
         updated_at = ? WHERE id IN (SELECT id FROM reward_deliveries WHERE {DUE} \
         ORDER BY next_attempt_at, id LIMIT ?{skip_locked}) RETURNING id"
    );
    let values = vec![
        instance.into(),
        lease_until.into(),
        now.into(),
        now.into(),
        now.into(),
        (limit as i64).into(),
    ];
    let claimed: Vec<i32> = Id::find_by_statement(stmt(backend, &template, values))
        .all(&txn)
        .await?
        .into_iter()
        .map(|row| row.id)
        .collect();
    let rows = if claimed.is_empty() {
        Vec::new()
    } else {
        reward_deliveries::Entity::find()
            .filter(reward_deliveries::Column::Id.is_in(claimed))
            .all(&txn)
            .await?
    };
    txn.commit().await?;
    Ok(rows)
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
    exec(
        db,
        "UPDATE reward_deliveries SET last_error = ?, next_attempt_at = ?, claimed_by = NULL, \
         claimed_until = NULL, updated_at = ? WHERE id = ? AND status = 'pending' \
         AND claimed_by = ?",
        vec![
            error.into(),
            next_attempt_at.into(),
            now.into(),
            delivery.id.into(),
            instance.into(),
        ],
    )
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
    let changed = store::credit_in(&txn, delivery, transaction_id, now).await?;
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
    let changed = store::fail_in(&txn, delivery, error, now).await?;
    txn.commit().await?;
    Ok(changed)
}
