//! Reading a player's league: their standing (for the player profile) and
//! their cohort's table (GetLeague).
use chrono::NaiveDateTime;
use sea_orm::{ConnectionTrait, DatabaseConnection};

use super::{
    cohort::{self, Member, Ranked},
    placement,
    store::{self, league},
    tier::{Outcome, Tier},
};
use crate::{
    clock::{self, Clock},
    entity::league_memberships,
    error::{AppError, AppResult},
    fields::ids,
    settings::Snapshot,
};

/// A player's place in this week's league.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Standing {
    pub tier: Tier,
    pub language: String,
    pub week_start: NaiveDateTime,
    pub rank: i32,
    pub points: i64,
    pub cohort_size: i32,
}

/// The player's standing this week; None until they complete a game in it.
/// A player still waiting for their seat is seated first.
#[tracing::instrument(skip_all, err(level = "debug"), fields(user_id = user_id))]
pub async fn standing(
    db: &DatabaseConnection,
    settings: &Snapshot,
    user_id: i32,
    now: NaiveDateTime,
) -> AppResult<Option<Standing>> {
    let week = clock::start_of_week(now, settings.day_timezone);
    let Some(me) = seated_membership(db, settings, week, user_id).await? else {
        return Ok(None);
    };
    if me.cohort == league::UNSEATED {
        return Ok(None);
    }
    let (ranked, tier) = ranked_cohort(db, settings, &me).await?;
    let rank = ranked
        .iter()
        .find(|r| r.user_id == user_id)
        .map_or(0, |r| r.rank);
    Ok(Some(Standing {
        tier,
        language: me.language,
        week_start: week,
        rank,
        points: me.points,
        cohort_size: crate::convert::count(ranked.len()),
    }))
}

/// The player's membership of the week; one still waiting for its seat
/// (its background pass has not run, or failed) is seated first, so a
/// player who completed a game is always shown in their cohort. Unseated
/// only when the week closed without them (`day_timezone` changed).
async fn seated_membership(
    db: &DatabaseConnection,
    settings: &Snapshot,
    week: NaiveDateTime,
    user_id: i32,
) -> AppResult<Option<league_memberships::Model>> {
    match league::membership(db, week, user_id).await? {
        Some(me) if me.cohort == league::UNSEATED => {
            super::seating::seat_waiting_in(db, settings, week).await?;
            league::membership(db, week, user_id).await
        }
        found => Ok(found),
    }
}

async fn ranked_cohort<C: ConnectionTrait>(
    db: &C,
    settings: &Snapshot,
    me: &league_memberships::Model,
) -> AppResult<(Vec<Ranked>, Tier)> {
    let tier = Tier::parse(&me.tier).unwrap_or(Tier::ALL[0]);
    let members = league::cohort_members(db, me)
        .await?
        .into_iter()
        .map(|m| Member {
            user_id: m.user_id,
            points: m.points,
            points_at: m.points_at,
        })
        .collect();
    let ranked = cohort::rank(members, tier, settings.promote_count, settings.demote_count);
    Ok((ranked, tier))
}

/// One row of a cohort's table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub rank: i32,
    pub user_id: i32,
    pub display_name: String,
    pub points: i64,
    /// Where the close would move them if the week ended now.
    pub zone: Outcome,
}

/// A player's league this week (GetLeague).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct League {
    /// Their tier this week, or (not placed yet) the tier they will play in.
    pub tier: Tier,
    pub placed: bool,
    pub language: String,
    pub cohort: i32,
    pub week_start: NaiveDateTime,
    pub week_end: NaiveDateTime,
    pub rows: Vec<Row>,
}

#[tracing::instrument(skip_all, err(level = "debug"), fields(user_id = user_id))]
pub async fn league_of(
    db: &DatabaseConnection,
    settings: &Snapshot,
    clock: &Clock,
    user_id: i32,
) -> AppResult<League> {
    let user_id = ids::id("user_id", user_id)?;
    if !store::user_exists(db, user_id).await? {
        return Err(AppError::not_found(format!("user {user_id}")));
    }
    let week = clock::start_of_week(clock.now(), settings.day_timezone);
    let week_end = placement::week_end(week, settings.day_timezone);
    let Some(me) = seated_membership(db, settings, week, user_id).await? else {
        return Ok(League {
            tier: next_tier(db, user_id, week).await?,
            placed: false,
            language: String::new(),
            cohort: 0,
            week_start: week,
            week_end,
            rows: Vec::new(),
        });
    };
    if me.cohort == league::UNSEATED {
        return Ok(League {
            tier: Tier::parse(&me.tier).unwrap_or(Tier::ALL[0]),
            placed: false,
            language: me.language,
            cohort: 0,
            week_start: week,
            week_end,
            rows: Vec::new(),
        });
    }
    let (ranked, tier) = ranked_cohort(db, settings, &me).await?;
    let names = store::first_names(db, ranked.iter().map(|r| r.user_id).collect()).await?;
    let rows = ranked
        .into_iter()
        .map(|r| Row {
            rank: r.rank,
            user_id: r.user_id,
            display_name: names.get(&r.user_id).cloned().unwrap_or_default(),
            points: r.points,
            zone: r.outcome,
        })
        .collect();
    Ok(League {
        tier,
        placed: true,
        language: me.language,
        cohort: me.cohort,
        week_start: week,
        week_end,
        rows,
    })
}

/// The tier a player not placed this week will play in (their last close's
/// result; the last tier while that week is still open).
async fn next_tier<C: ConnectionTrait>(
    db: &C,
    user_id: i32,
    week: NaiveDateTime,
) -> AppResult<Tier> {
    let Some(last) = league::previous_membership(db, user_id, week).await? else {
        return Ok(Tier::ALL[0]);
    };
    let tier = Tier::parse(&last.tier).unwrap_or(Tier::ALL[0]);
    let outcome = last.outcome.as_deref().and_then(Outcome::parse);
    Ok(outcome.map_or(tier, |o| tier.after(o)))
}
