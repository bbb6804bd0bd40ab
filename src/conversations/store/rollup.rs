//! SQL of the hourly statistics rollup (`conversation_stats_hourly`) and
//! its watermark (`conversation_stats_folds`).
use chrono::NaiveDateTime;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, IdenStatic, QueryFilter,
    QueryOrder, QuerySelect,
    sea_query::{Expr, ExprTrait, Func},
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

/// The sums of one intent and language over a range of hours.
#[derive(Debug, sea_orm::FromQueryResult)]
pub struct Totals {
    pub intent: String,
    pub language: String,
    pub turns: i64,
    pub candidates: i64,
    pub low_confidence: i64,
    pub confidence_sum_e4: i64,
    pub confidences: i64,
    pub nlu_ms_sum: i64,
    pub nlu_ms_count: i64,
    pub response_ms_sum: i64,
    pub response_ms_count: i64,
}

/// The rollup's sums per intent and language over the hours in
/// `[from, until)` (open `from`: every earlier hour too), added up by the
/// database: a few rows, however many hours.
pub async fn totals_between(
    db: &impl ConnectionTrait,
    from: Option<NaiveDateTime>,
    until: NaiveDateTime,
) -> AppResult<Vec<Totals>> {
    use hourly::Column as H;
    let mut query = hourly::Entity::find()
        .select_only()
        .columns([H::Intent, H::Language])
        .filter(H::Hour.lt(until))
        .group_by(H::Intent)
        .group_by(H::Language);
    for column in [
        H::Turns,
        H::Candidates,
        H::LowConfidence,
        H::ConfidenceSumE4,
        H::Confidences,
        H::NluMsSum,
        H::NluMsCount,
        H::ResponseMsSum,
        H::ResponseMsCount,
    ] {
        // SUM of BIGINT is NUMERIC on PostgreSQL: cast back.
        let sum = Expr::from(Func::sum(Expr::col(column))).cast_as("BIGINT");
        query = query.column_as(sum, column.as_str());
    }
    if let Some(from) = from {
        query = query.filter(H::Hour.gte(from));
    }
    Ok(query.into_model::<Totals>().all(db).await?)
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
