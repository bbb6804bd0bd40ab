//! SQL of the leaderboard rollups (`leaderboard_totals`). Every read names
//! the whole board (period kind, start, game type, language) and orders or
//! bounds by score, so it is a range scan of the rank index.
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Select,
    sea_query::{Alias, Expr, ExprTrait, OnConflict},
};

use crate::{
    entity::leaderboard_totals::{self, Column as T},
    error::AppResult,
    leagues::{
        Completion,
        board::{BoardKey, Total},
    },
};

/// Adds one completed game to each of its boards, in one statement:
/// `INSERT … ON CONFLICT (key) DO UPDATE SET score = score + excluded.score, …`.
pub async fn add<C: ConnectionTrait>(
    txn: &C,
    keys: &[BoardKey],
    completion: &Completion,
) -> AppResult<()> {
    use sea_orm::ActiveValue::Set;
    let rows = keys.iter().map(|key| leaderboard_totals::ActiveModel {
        period_kind: Set(key.kind.to_string()),
        period_start: Set(key.start),
        game_type: Set(key.game_type.clone()),
        language: Set(key.language.clone()),
        user_id: Set(completion.user_id),
        score: Set(completion.score),
        games: Set(1),
        league_points: Set(completion.league_points),
        // Counted into the rank buckets by the next fold.
        ..Default::default()
    });
    let current = |column: T| Expr::col((leaderboard_totals::Entity, column));
    let excluded = |column: T| Expr::col((Alias::new("excluded"), column));
    let add = OnConflict::columns([
        T::PeriodKind,
        T::PeriodStart,
        T::GameType,
        T::Language,
        T::UserId,
    ])
    .value(T::Score, current(T::Score).add(excluded(T::Score)))
    .value(T::Games, current(T::Games).add(excluded(T::Games)))
    .value(
        T::LeaguePoints,
        current(T::LeaguePoints).add(excluded(T::LeaguePoints)),
    )
    .to_owned();
    leaderboard_totals::Entity::insert_many(rows)
        .on_conflict(add)
        .exec_without_returning(txn)
        .await?;
    Ok(())
}

/// The rows of one board.
fn board(key: &BoardKey) -> Select<leaderboard_totals::Entity> {
    leaderboard_totals::Entity::find()
        .filter(T::PeriodKind.eq(key.kind))
        .filter(T::PeriodStart.eq(key.start))
        .filter(T::GameType.eq(key.game_type.as_str()))
        .filter(T::Language.eq(key.language.as_str()))
}

fn totals(
    select: Select<leaderboard_totals::Entity>,
) -> sea_orm::Selector<sea_orm::SelectGetableTuple<Total>> {
    select
        .select_only()
        .column(T::UserId)
        .column(T::Score)
        .column(T::Games)
        .into_tuple::<Total>()
}

/// The best `n`, ties by user id.
pub async fn top<C: ConnectionTrait>(db: &C, key: &BoardKey, n: u64) -> AppResult<Vec<Total>> {
    let select = board(key)
        .order_by_desc(T::Score)
        .order_by_asc(T::UserId)
        .limit(n);
    Ok(totals(select).all(db).await?)
}

pub async fn total_of<C: ConnectionTrait>(
    db: &C,
    key: &BoardKey,
    user_id: i32,
) -> AppResult<Option<Total>> {
    Ok(totals(board(key).filter(T::UserId.eq(user_id)))
        .one(db)
        .await?)
}

/// Up to `k` players just ahead of `me` in board order, nearest first:
/// those tied with a lower user id, then those with a higher score. Two
/// range scans of the rank index (an OR of both would scan the board).
pub async fn above<C: ConnectionTrait>(
    db: &C,
    key: &BoardKey,
    me: Total,
    k: u64,
) -> AppResult<Vec<Total>> {
    if k == 0 {
        return Ok(Vec::new());
    }
    let (user_id, score, _) = me;
    let tied = board(key)
        .filter(T::Score.eq(score))
        .filter(T::UserId.lt(user_id))
        .order_by_desc(T::UserId)
        .limit(k);
    let mut run = totals(tied).all(db).await?;
    let left = k - u64::try_from(run.len()).unwrap_or(k);
    if left > 0 {
        let higher = board(key)
            .filter(T::Score.gt(score))
            .order_by_asc(T::Score)
            .order_by_desc(T::UserId)
            .limit(left);
        run.extend(totals(higher).all(db).await?);
    }
    Ok(run)
}

/// Up to `k` players just behind `me` in board order, nearest first: those
/// tied with a higher user id, then those with a lower score.
pub async fn below<C: ConnectionTrait>(
    db: &C,
    key: &BoardKey,
    me: Total,
    k: u64,
) -> AppResult<Vec<Total>> {
    if k == 0 {
        return Ok(Vec::new());
    }
    let (user_id, score, _) = me;
    let tied = board(key)
        .filter(T::Score.eq(score))
        .filter(T::UserId.gt(user_id))
        .order_by_asc(T::UserId)
        .limit(k);
    let mut run = totals(tied).all(db).await?;
    let left = k - u64::try_from(run.len()).unwrap_or(k);
    if left > 0 {
        let lower = board(key)
            .filter(T::Score.lt(score))
            .order_by_desc(T::Score)
            .order_by_asc(T::UserId)
            .limit(left);
        run.extend(totals(lower).all(db).await?);
    }
    Ok(run)
}
