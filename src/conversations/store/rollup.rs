//! SQL of the hourly statistics rollup (`conversation_stats_hourly`) and
//! its watermark (`conversation_stats_folds`).
use chrono::NaiveDateTime;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, sea_query::Expr,
};

use crate::{
    entity::{
        conversation_logs as logs, conversation_stats_folds as folds,
        conversation_stats_hourly as hourly,
    },
    error::AppResult,
};

/// Rollup rows per INSERT (13 columns: well under every bind limit).
const INSERT_CHUNK: usize = 500;

/// Up to where the rollup holds the turns (an hour boundary); None before
/// the first fold.
pub async fn folded_until(db: &impl ConnectionTrait) -> AppResult<Option<NaiveDateTime>> {
    Ok(folds::Entity::find_by_id(1)
        .one(db)
        .await?
        .and_then(|row| row.folded_until))
}

/// The watermark, locked for this transaction (PostgreSQL; SQLite's write
/// transaction already holds the database).
pub async fn lock_folded_until(txn: &DatabaseTransaction) -> AppResult<Option<NaiveDateTime>> {
    Ok(folds::Entity::find_by_id(1)
        .lock_exclusive()
        .one(txn)
        .await?
        .and_then(|row| row.folded_until))
}

pub async fn set_folded_until(txn: &DatabaseTransaction, until: NaiveDateTime) -> AppResult<()> {
    folds::Entity::update_many()
        .col_expr(folds::Column::FoldedUntil, Expr::value(until))
        .filter(folds::Column::Id.eq(1))
        .exec(txn)
        .await?;
    Ok(())
}

/// When the oldest turn was logged.
pub async fn first_turn_at(db: &impl ConnectionTrait) -> AppResult<Option<NaiveDateTime>> {
    Ok(logs::Entity::find()
        .select_only()
        .column(logs::Column::CreatedAt)
        .order_by_asc(logs::Column::CreatedAt)
        .limit(1)
        .into_tuple::<Option<NaiveDateTime>>()
        .one(db)
        .await?
        .flatten())
}

/// The rollup rows of the hours in `[from, until)` (open `from`: every
/// earlier hour too).
pub async fn hours_between(
    db: &impl ConnectionTrait,
    from: Option<NaiveDateTime>,
    until: NaiveDateTime,
) -> AppResult<Vec<hourly::Model>> {
    let mut query = hourly::Entity::find().filter(hourly::Column::Hour.lt(until));
    if let Some(from) = from {
        query = query.filter(hourly::Column::Hour.gte(from));
    }
    Ok(query.all(db).await?)
}

pub async fn insert_hours(
    txn: &DatabaseTransaction,
    rows: Vec<hourly::ActiveModel>,
) -> AppResult<()> {
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<_> = rows.by_ref().take(INSERT_CHUNK).collect();
        hourly::Entity::insert_many(chunk)
            .exec_without_returning(txn)
            .await?;
    }
    Ok(())
}

/// Drops the rollup rows of `[from, until)`.
pub async fn delete_hours(
    txn: &DatabaseTransaction,
    from: NaiveDateTime,
    until: NaiveDateTime,
) -> AppResult<()> {
    hourly::Entity::delete_many()
        .filter(hourly::Column::Hour.gte(from))
        .filter(hourly::Column::Hour.lt(until))
        .exec(txn)
        .await?;
    Ok(())
}
