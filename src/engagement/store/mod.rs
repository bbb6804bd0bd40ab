//! SQL for engagement (query builder only). Functions that run inside a
//! caller's transaction take a generic connection.
pub mod achievements;
pub mod events;

use chrono::{NaiveDate, NaiveDateTime};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, ExprTrait, Func, OnConflict},
};

use super::{achievements::rule::DayTally, streaks::Streak};
use crate::{
    domain::SessionStatus,
    entity::{game_sessions, player_day_stats, player_reliability, player_streaks, users},
    error::{AppError, AppResult},
};

pub use events::insert_event;

/// Locks the user's row until the transaction ends (the games room's
/// completion already holds it; a second lock in the same transaction is
/// free).
pub async fn lock_user<C: ConnectionTrait>(db: &C, user_id: i32) -> AppResult<()> {
    users::Entity::find_by_id(user_id)
        .lock_exclusive()
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found(format!("user {user_id}")))?;
    Ok(())
}

pub async fn require_user<C: ConnectionTrait>(db: &C, user_id: i32) -> AppResult<users::Model> {
    users::Entity::find_by_id(user_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found(format!("user {user_id}")))
}

pub async fn streak<C: ConnectionTrait>(db: &C, user_id: i32) -> AppResult<Option<Streak>> {
    let row = player_streaks::Entity::find_by_id(user_id).one(db).await?;
    Ok(row.map(|r| {
        let player_streaks::Model {
            user_id: _,
            current_days,
            longest_days,
            last_day,
            freezes,
            days_toward_freeze,
            updated_at: _,
        } = r;
        Streak {
            current: current_days,
            longest: longest_days,
            last_day,
            freezes,
            toward_freeze: days_toward_freeze,
        }
    }))
}

pub async fn save_streak<C: ConnectionTrait>(
    db: &C,
    user_id: i32,
    streak: Streak,
    now: NaiveDateTime,
) -> AppResult<()> {
    use player_streaks::Column as S;
    let Streak {
        current,
        longest,
        last_day,
        freezes,
        toward_freeze,
    } = streak;
    let row = player_streaks::ActiveModel {
        user_id: Set(user_id),
        current_days: Set(current),
        longest_days: Set(longest),
        last_day: Set(last_day),
        freezes: Set(freezes),
        days_toward_freeze: Set(toward_freeze),
        updated_at: Set(now),
    };
    let upsert = OnConflict::column(S::UserId)
        .update_columns([
            S::CurrentDays,
            S::LongestDays,
            S::LastDay,
            S::Freezes,
            S::DaysTowardFreeze,
            S::UpdatedAt,
        ])
        .to_owned();
    player_streaks::Entity::insert(row)
        .on_conflict(upsert)
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// One more counted game on `day`, in one statement.
pub async fn add_to_day<C: ConnectionTrait>(
    db: &C,
    user_id: i32,
    day: NaiveDate,
    gold_correct: i32,
    perfect: bool,
) -> AppResult<()> {
    use player_day_stats::Column as D;
    let perfect = i32::from(perfect);
    let first = player_day_stats::ActiveModel {
        user_id: Set(user_id),
        day: Set(day),
        games: Set(1),
        gold_correct: Set(gold_correct),
        perfect_games: Set(perfect),
    };
    let current = |column: D| Expr::col((player_day_stats::Entity, column));
    let upsert = OnConflict::columns([D::UserId, D::Day])
        .value(D::Games, current(D::Games).add(1))
        .value(D::GoldCorrect, current(D::GoldCorrect).add(gold_correct))
        .value(D::PerfectGames, current(D::PerfectGames).add(perfect))
        .to_owned();
    player_day_stats::Entity::insert(first)
        .on_conflict(upsert)
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// Every day the player has a counted game on, oldest first.
pub async fn days<C: ConnectionTrait>(db: &C, user_id: i32) -> AppResult<Vec<DayTally>> {
    let rows = player_day_stats::Entity::find()
        .filter(player_day_stats::Column::UserId.eq(user_id))
        .order_by_asc(player_day_stats::Column::Day)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| DayTally {
            day: r.day,
            games: r.games,
            gold_correct: r.gold_correct,
            perfect_games: r.perfect_games,
        })
        .collect())
}

/// `(answered, correct)` gold answers of the player, from the crowd's
/// reliability record.
pub async fn gold<C: ConnectionTrait>(db: &C, user_id: i32) -> AppResult<(i32, i32)> {
    let row = player_reliability::Entity::find_by_id(user_id)
        .one(db)
        .await?;
    Ok(row.map_or((0, 0), |r| (r.gold_answered, r.gold_correct)))
}

/// The sum of the scores of the player's completed games.
pub async fn total_score<C: ConnectionTrait>(db: &C, user_id: i32) -> AppResult<i64> {
    use game_sessions::Column as G;
    let total: Option<i64> = game_sessions::Entity::find()
        .select_only()
        .column_as(
            Expr::from(Func::coalesce([
                Func::sum(Expr::col(G::Score)).into(),
                Expr::val(0),
            ]))
            .cast_as("BIGINT"),
            "total",
        )
        .filter(G::UserId.eq(user_id))
        .filter(G::Status.eq(SessionStatus::Completed.as_str()))
        .into_tuple()
        .one(db)
        .await?;
    Ok(total.unwrap_or(0))
}
