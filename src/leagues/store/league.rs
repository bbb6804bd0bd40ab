//! SQL of the leagues: weeks (the close's guard) and memberships.
use chrono::NaiveDateTime;
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, ExprTrait, OnConflict},
};

use crate::{
    entity::{
        league_memberships::{self, Column as M},
        league_weeks::{self, Column as W},
    },
    error::AppResult,
};

pub const OPEN: &str = "open";
pub const CLOSED: &str = "closed";

/// The cohort number of a membership not seated yet (cohorts count from
/// 1); see [`crate::leagues::seating`].
pub const UNSEATED: i32 = 0;

/// Adds the week's row if it is not there yet.
pub async fn ensure_week<C: ConnectionTrait>(
    txn: &C,
    week_start: NaiveDateTime,
    week_end: NaiveDateTime,
) -> AppResult<()> {
    let row = league_weeks::ActiveModel {
        week_start: Set(week_start),
        week_end: Set(week_end),
        status: Set(OPEN.to_string()),
        closed_at: Set(None),
        promoted: Set(0),
        demoted: Set(0),
    };
    league_weeks::Entity::insert(row)
        .on_conflict(OnConflict::column(W::WeekStart).do_nothing().to_owned())
        .exec_without_returning(txn)
        .await?;
    Ok(())
}

/// The week's row, locked until the transaction ends (PostgreSQL; SQLite's
/// write transaction already holds the database).
pub async fn lock_week<C: ConnectionTrait>(
    txn: &C,
    week_start: NaiveDateTime,
) -> AppResult<Option<league_weeks::Model>> {
    Ok(league_weeks::Entity::find_by_id(week_start)
        .lock_exclusive()
        .one(txn)
        .await?)
}

/// Open weeks whose end has passed, oldest first.
pub async fn due_weeks<C: ConnectionTrait>(
    db: &C,
    now: NaiveDateTime,
) -> AppResult<Vec<NaiveDateTime>> {
    Ok(league_weeks::Entity::find()
        .select_only()
        .column(W::WeekStart)
        .filter(W::Status.eq(OPEN))
        .filter(W::WeekEnd.lte(now))
        .order_by_asc(W::WeekStart)
        .into_tuple()
        .all(db)
        .await?)
}

/// The most recently closed week.
pub async fn last_closed<C: ConnectionTrait>(db: &C) -> AppResult<Option<league_weeks::Model>> {
    Ok(league_weeks::Entity::find()
        .filter(W::Status.eq(CLOSED))
        .order_by_desc(W::WeekStart)
        .one(db)
        .await?)
}

pub async fn mark_closed<C: ConnectionTrait>(
    txn: &C,
    week_start: NaiveDateTime,
    now: NaiveDateTime,
    promoted: i32,
    demoted: i32,
) -> AppResult<()> {
    league_weeks::Entity::update_many()
        .col_expr(W::Status, Expr::value(CLOSED))
        .col_expr(W::ClosedAt, Expr::value(now))
        .col_expr(W::Promoted, Expr::value(promoted))
        .col_expr(W::Demoted, Expr::value(demoted))
        .filter(W::WeekStart.eq(week_start))
        .exec(txn)
        .await?;
    Ok(())
}

pub async fn membership<C: ConnectionTrait>(
    db: &C,
    week_start: NaiveDateTime,
    user_id: i32,
) -> AppResult<Option<league_memberships::Model>> {
    Ok(
        league_memberships::Entity::find_by_id((week_start, user_id))
            .one(db)
            .await?,
    )
}

/// The player's latest membership before `week_start`.
pub async fn previous_membership<C: ConnectionTrait>(
    db: &C,
    user_id: i32,
    week_start: NaiveDateTime,
) -> AppResult<Option<league_memberships::Model>> {
    Ok(league_memberships::Entity::find()
        .filter(M::UserId.eq(user_id))
        .filter(M::WeekStart.lt(week_start))
        .order_by_desc(M::WeekStart)
        .one(db)
        .await?)
}

/// Weeks with memberships waiting for a seat, oldest first.
pub async fn weeks_with_unseated<C: ConnectionTrait>(db: &C) -> AppResult<Vec<NaiveDateTime>> {
    Ok(league_memberships::Entity::find()
        .select_only()
        .column(M::WeekStart)
        .distinct()
        .filter(M::Cohort.eq(UNSEATED))
        .order_by_asc(M::WeekStart)
        .into_tuple()
        .all(db)
        .await?)
}

/// The week's memberships waiting for a seat, by tier and language, each
/// group in the order its players joined.
pub async fn unseated<C: ConnectionTrait>(
    txn: &C,
    week_start: NaiveDateTime,
) -> AppResult<Vec<league_memberships::Model>> {
    Ok(league_memberships::Entity::find()
        .filter(M::WeekStart.eq(week_start))
        .filter(M::Cohort.eq(UNSEATED))
        .order_by_asc(M::Language)
        .order_by_asc(M::Tier)
        .order_by_asc(M::JoinedAt)
        .order_by_asc(M::UserId)
        .all(txn)
        .await?)
}

/// Seats `users` (waiting in the week) in `cohort`; the rows seated.
pub async fn seat<C: ConnectionTrait>(
    txn: &C,
    week_start: NaiveDateTime,
    users: &[i32],
    cohort: i32,
) -> AppResult<u64> {
    let result = league_memberships::Entity::update_many()
        .col_expr(M::Cohort, Expr::value(cohort))
        .filter(M::WeekStart.eq(week_start))
        .filter(M::UserId.is_in(users.iter().copied()))
        .filter(M::Cohort.eq(UNSEATED))
        .exec(txn)
        .await?;
    Ok(result.rows_affected)
}

/// Drops the memberships still waiting in a week that closed without them.
pub async fn drop_unseated<C: ConnectionTrait>(
    txn: &C,
    week_start: NaiveDateTime,
) -> AppResult<()> {
    league_memberships::Entity::delete_many()
        .filter(M::WeekStart.eq(week_start))
        .filter(M::Cohort.eq(UNSEATED))
        .exec(txn)
        .await?;
    Ok(())
}

/// The highest cohort number of (week, language, tier) and its size, in
/// one read.
pub async fn last_cohort<C: ConnectionTrait>(
    txn: &C,
    week_start: NaiveDateTime,
    language: &str,
    tier: &str,
) -> AppResult<Option<(i32, u64)>> {
    let last: Option<(i32, i64)> = league_memberships::Entity::find()
        .select_only()
        .column(M::Cohort)
        .column_as(Expr::col(M::UserId).count().cast_as("BIGINT"), "members")
        .filter(M::WeekStart.eq(week_start))
        .filter(M::Language.eq(language))
        .filter(M::Tier.eq(tier))
        .filter(M::Cohort.ne(UNSEATED))
        .group_by(M::Cohort)
        .order_by_desc(M::Cohort)
        .limit(1)
        .into_tuple()
        .one(txn)
        .await?;
    Ok(last.map(|(cohort, members)| (cohort, u64::try_from(members).unwrap_or(0))))
}

pub async fn insert_membership<C: ConnectionTrait>(
    txn: &C,
    row: league_memberships::Model,
) -> AppResult<()> {
    league_memberships::Entity::insert(league_memberships::ActiveModel::from(row))
        .exec_without_returning(txn)
        .await?;
    Ok(())
}

/// Adds league points to the player's membership of the week; the rows
/// changed (0 when the player is not placed in that week).
pub async fn add_points<C: ConnectionTrait>(
    txn: &C,
    week_start: NaiveDateTime,
    user_id: i32,
    points: i64,
    now: NaiveDateTime,
) -> AppResult<u64> {
    let updated = league_memberships::Entity::update_many()
        .col_expr(M::Points, Expr::col(M::Points).add(points))
        .col_expr(M::PointsAt, Expr::value(now))
        .filter(M::WeekStart.eq(week_start))
        .filter(M::UserId.eq(user_id))
        .exec(txn)
        .await?;
    Ok(updated.rows_affected)
}

/// Every member of one cohort.
pub async fn cohort_members<C: ConnectionTrait>(
    db: &C,
    of: &league_memberships::Model,
) -> AppResult<Vec<league_memberships::Model>> {
    Ok(league_memberships::Entity::find()
        .filter(M::WeekStart.eq(of.week_start))
        .filter(M::Language.eq(of.language.as_str()))
        .filter(M::Tier.eq(of.tier.as_str()))
        .filter(M::Cohort.eq(of.cohort))
        .all(db)
        .await?)
}

/// Every membership of a week, by cohort, locked (PostgreSQL): a game
/// completed just before the week's end and still committing its points
/// is waited for, and its points read.
pub async fn week_members<C: ConnectionTrait>(
    db: &C,
    week_start: NaiveDateTime,
) -> AppResult<Vec<league_memberships::Model>> {
    Ok(league_memberships::Entity::find()
        .filter(M::WeekStart.eq(week_start))
        .order_by_asc(M::Language)
        .order_by_asc(M::Tier)
        .order_by_asc(M::Cohort)
        .lock_exclusive()
        .all(db)
        .await?)
}

/// Writes a member's final rank and outcome.
pub async fn set_result<C: ConnectionTrait>(
    txn: &C,
    week_start: NaiveDateTime,
    user_id: i32,
    rank: i32,
    outcome: &str,
) -> AppResult<()> {
    league_memberships::Entity::update_many()
        .col_expr(M::Rank, Expr::value(rank))
        .col_expr(M::Outcome, Expr::value(outcome))
        .filter(M::WeekStart.eq(week_start))
        .filter(M::UserId.eq(user_id))
        .exec(txn)
        .await?;
    Ok(())
}

/// (language, tier, cohort, members) of a week, for the console.
pub async fn cohorts<C: ConnectionTrait>(
    db: &C,
    week_start: NaiveDateTime,
) -> AppResult<Vec<(String, String, i32, i64, i64)>> {
    Ok(league_memberships::Entity::find()
        .select_only()
        .column(M::Language)
        .column(M::Tier)
        .column(M::Cohort)
        .column_as(Expr::col(M::UserId).count().cast_as("BIGINT"), "members")
        .column_as(Expr::col(M::Points).max().cast_as("BIGINT"), "best")
        .filter(M::WeekStart.eq(week_start))
        .filter(M::Cohort.ne(UNSEATED))
        .group_by(M::Language)
        .group_by(M::Tier)
        .group_by(M::Cohort)
        .order_by_asc(M::Language)
        .order_by_asc(M::Tier)
        .order_by_asc(M::Cohort)
        .into_tuple()
        .all(db)
        .await?)
}
