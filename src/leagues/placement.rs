//! A player's membership of a week: written on their first completed game
//! of the week (then seated in a cohort by [`super::seating`]), with each
//! game's league points added to it.
use chrono::{Duration, NaiveDateTime};
use sea_orm::ConnectionTrait;

use super::{
    Completion,
    store::league as store,
    tier::{Outcome, Tier},
};
use crate::{clock, entity::league_memberships, error::AppResult, settings::Snapshot};

/// The next Monday 00:00 after `week_start` (in `zone`), as UTC.
pub fn week_end(week_start: NaiveDateTime, zone: chrono_tz::Tz) -> NaiveDateTime {
    // Midday of the next Monday is past any daylight-saving shift.
    clock::start_of_week(week_start + Duration::days(7) + Duration::hours(12), zone)
}

/// In the game-completion transaction (the player's row is locked): adds the
/// game's league points to the player's membership of the week, writing it
/// first (waiting for a seat, see [`super::seating`]) when this is their
/// first completed game of the week. Nothing here is shared between
/// players, so completions never wait on each other.
pub async fn record<C: ConnectionTrait>(
    txn: &C,
    settings: &Snapshot,
    completion: &Completion,
    now: NaiveDateTime,
) -> AppResult<()> {
    let week = clock::start_of_week(now, settings.day_timezone);
    let user_id = completion.user_id;
    // A member already: one UPDATE when the game earned points (it changes
    // no row for a newcomer), one read when it did not.
    let member = if completion.league_points > 0 {
        store::add_points(txn, week, user_id, completion.league_points, now).await? > 0
    } else {
        store::membership(txn, week, user_id).await?.is_some()
    };
    if member {
        return Ok(());
    }
    let row = league_memberships::Model {
        week_start: week,
        user_id,
        language: completion.language.clone(),
        tier: tier_for(txn, user_id, week).await?.as_str().to_string(),
        cohort: store::UNSEATED,
        points: completion.league_points,
        points_at: now,
        joined_at: now,
        rank: None,
        outcome: None,
    };
    store::insert_membership(txn, row).await
}

/// The tier a player plays in this week: Bronze at first, then where their
/// last league's close moved them. A player who skipped weeks keeps their
/// tier. Their last week is closed by now: a completing game closes every
/// week already over before it locks its player
/// ([`super::close::close_due_in_txn`]), so that week's moves and events are
/// written once, in the lock order the close keeps.
async fn tier_for<C: ConnectionTrait>(
    txn: &C,
    user_id: i32,
    week: NaiveDateTime,
) -> AppResult<Tier> {
    let Some(last) = store::previous_membership(txn, user_id, week).await? else {
        return Ok(Tier::ALL[0]);
    };
    let tier = Tier::parse(&last.tier).unwrap_or(Tier::ALL[0]);
    let outcome = last
        .outcome
        .as_deref()
        .and_then(Outcome::parse)
        .unwrap_or(Outcome::Stayed);
    Ok(tier.after(outcome))
}
