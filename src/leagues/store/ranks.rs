//! SQL of the rank buckets (`leaderboard_score_counts`): the fold that
//! counts uncounted totals into them, and the count of players ahead of a
//! score, read from the buckets and corrected by the totals not folded yet.
use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{
        Alias, Expr, ExprTrait, Func, LockBehavior, LockType, OnConflict, Query,
        QueryStatementBuilder,
    },
};

use crate::{
    entity::{
        leaderboard_score_counts::{self, Column as B},
        leaderboard_totals::{self, Column as T},
    },
    error::AppResult,
    leagues::board::BoardKey,
};

/// A bucket: a board (period kind, start, game type, language) and a score.
pub type Bucket = (String, NaiveDateTime, String, String, i64);

/// Buckets written per statement (6 values each).
const CHUNK: usize = 500;

/// A total whose score is not the one the buckets count it at.
fn unranked() -> Condition {
    Condition::any()
        .add(T::RankedScore.is_null())
        .add(Expr::col(T::RankedScore).ne(Expr::col(T::Score)))
}

/// Up to `limit` uncounted totals, locked (PostgreSQL; rows a completion
/// is writing, or another instance folding, are skipped for the next
/// fold), so their scores hold until this fold commits.
pub async fn take_unranked<C: ConnectionTrait>(
    txn: &C,
    limit: u64,
) -> AppResult<Vec<leaderboard_totals::Model>> {
    Ok(leaderboard_totals::Entity::find()
        .filter(unranked())
        .order_by_asc(T::PeriodKind)
        .order_by_asc(T::PeriodStart)
        .order_by_asc(T::GameType)
        .order_by_asc(T::Language)
        .order_by_asc(T::UserId)
        .limit(limit)
        .lock_with_behavior(LockType::Update, LockBehavior::SkipLocked)
        .all(txn)
        .await?)
}

/// Adds each bucket's change of players; in bucket order, so two folds
/// lock shared buckets in the same order.
pub async fn add_to_buckets<C: ConnectionTrait>(
    txn: &C,
    changes: &BTreeMap<Bucket, i64>,
) -> AppResult<()> {
    let changes: Vec<(&Bucket, &i64)> = changes.iter().filter(|(_, n)| **n != 0).collect();
    for chunk in changes.chunks(CHUNK) {
        let rows = chunk
            .iter()
            .map(|((kind, start, game_type, language, score), n)| {
                leaderboard_score_counts::ActiveModel {
                    period_kind: Set(kind.clone()),
                    period_start: Set(*start),
                    game_type: Set(game_type.clone()),
                    language: Set(language.clone()),
                    score: Set(*score),
                    players: Set(**n),
                }
            });
        let current = Expr::col((leaderboard_score_counts::Entity, B::Players));
        let add = OnConflict::columns([
            B::PeriodKind,
            B::PeriodStart,
            B::GameType,
            B::Language,
            B::Score,
        ])
        .value(
            B::Players,
            current.add(Expr::col((Alias::new("excluded"), B::Players))),
        )
        .to_owned();
        leaderboard_score_counts::Entity::insert_many(rows)
            .on_conflict(add)
            .exec_without_returning(txn)
            .await?;
    }
    Ok(())
}

/// Records that `rows` are counted at their (locked, unchanged) scores:
/// one UPDATE per board, its players by primary key (`user_id IN (…)`, an
/// index probe each; a list of five-column row values instead took
/// PostgreSQL up to 200 ms to plan and run for 500 rows).
pub async fn mark_ranked<C: ConnectionTrait>(
    txn: &C,
    rows: &[leaderboard_totals::Model],
) -> AppResult<()> {
    let mut boards: BTreeMap<(&str, NaiveDateTime, &str, &str), Vec<i32>> = BTreeMap::new();
    for r in rows {
        let board = (
            r.period_kind.as_str(),
            r.period_start,
            r.game_type.as_str(),
            r.language.as_str(),
        );
        boards.entry(board).or_default().push(r.user_id);
    }
    for ((kind, start, game_type, language), users) in boards {
        for chunk in users.chunks(CHUNK) {
            leaderboard_totals::Entity::update_many()
                .col_expr(T::RankedScore, Expr::col(T::Score))
                .filter(T::PeriodKind.eq(kind))
                .filter(T::PeriodStart.eq(start))
                .filter(T::GameType.eq(game_type))
                .filter(T::Language.eq(language))
                .filter(T::UserId.is_in(chunk.iter().copied()))
                .exec(txn)
                .await?;
        }
    }
    Ok(())
}

/// Players on the board with a score above `score`: the buckets above it,
/// corrected by the totals not folded yet (+1 for each now above it, -1
/// for each the buckets still count above it). One statement, so one
/// snapshot.
///
/// The correction is one scan of the board's uncounted totals, with no
/// condition on the score: so the only index that fits it is the partial
/// one on uncounted totals, a handful of rows. A condition `score > $n`
/// made PostgreSQL prefer the rank index and filter the whole board's
/// tail for uncounted rows (40-90 ms at 20 000 players).
pub async fn count_above<C: ConnectionTrait>(db: &C, key: &BoardKey, score: i64) -> AppResult<u64> {
    let buckets = Query::select()
        .expr(Expr::col(B::Players).sum())
        .from(leaderboard_score_counts::Entity)
        .and_where(B::PeriodKind.eq(key.kind))
        .and_where(B::PeriodStart.eq(key.start))
        .and_where(B::GameType.eq(key.game_type.as_str()))
        .and_where(B::Language.eq(key.language.as_str()))
        .and_where(B::Score.gt(score))
        .to_owned();
    // 1 when `column` is above `score` (a NULL ranked score never is).
    let above = |column: T| {
        Expr::Case(Box::new(
            Expr::case(Expr::col(column).gt(score), 1i64).finally(0i64),
        ))
    };
    let correction = Query::select()
        .expr(above(T::Score).sum().sub(above(T::RankedScore).sum()))
        .from(leaderboard_totals::Entity)
        .and_where(T::PeriodKind.eq(key.kind))
        .and_where(T::PeriodStart.eq(key.start))
        .and_where(T::GameType.eq(key.game_type.as_str()))
        .and_where(T::Language.eq(key.language.as_str()))
        .cond_where(unranked())
        .to_owned();
    // SUM of BIGINT is NUMERIC on PostgreSQL: cast back.
    let total =
        |select| Expr::expr(Func::coalesce([sub_query(select), Expr::val(0i64)])).cast_as("BIGINT");
    let ahead = total(buckets).add(total(correction));
    let select = Query::select().expr_as(ahead, "ahead").to_owned();
    let row = db
        .query_one_raw(db.get_database_backend().build(&select))
        .await?;
    let ahead = match row {
        Some(row) => row.try_get_by_index::<i64>(0)?,
        None => 0,
    };
    Ok(u64::try_from(ahead).unwrap_or(0))
}

fn sub_query(select: sea_orm::sea_query::SelectStatement) -> Expr {
    Expr::SubQuery(None, Box::new(select.into_sub_query_statement()))
}
