//! The week's close: every cohort of a week ranked by the rule of
//! [`cohort`](super::cohort), ranks and outcomes written, the week marked
//! closed, in one transaction. The week's row is the guard: the close locks
//! it and does nothing when it is already closed, so with several instances
//! exactly one closes a week (PostgreSQL: the row lock; SQLite: the write
//! transaction).
use std::time::Duration;

use chrono::NaiveDateTime;
use sea_orm::{ConnectionTrait, DatabaseConnection};
use tokio_util::sync::CancellationToken;

use super::{
    cohort::{self, Member},
    store::league as store,
    tier::{Outcome, Tier},
};
use crate::{
    clock::Clock, db, engagement::events::PlayerEvent, error::AppResult, settings::Snapshot,
    state::AppState,
};

/// A player's move at a week's close (for "promoted/demoted" events).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Move {
    pub user_id: i32,
    pub week_start: NaiveDateTime,
    pub language: String,
    pub cohort: i32,
    pub rank: i32,
    pub points: i64,
    pub from: Tier,
    /// The tier of the player's next league.
    pub to: Tier,
    pub outcome: Outcome,
}

/// Closes every open week whose end has passed, oldest first, each in its
/// own transaction; returns the moves of the weeks this call closed (none
/// for a week another instance closed).
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn close_due_weeks(
    db: &DatabaseConnection,
    settings: &Snapshot,
    clock: &Clock,
) -> AppResult<Vec<Move>> {
    let now = clock.now();
    let mut moves = Vec::new();
    for week in store::due_weeks(db, now).await? {
        moves.extend(close_week(db, settings, week, now).await?);
    }
    Ok(moves)
}

/// Closes one week in a transaction of its own.
pub async fn close_week(
    db: &DatabaseConnection,
    settings: &Snapshot,
    week_start: NaiveDateTime,
    now: NaiveDateTime,
) -> AppResult<Vec<Move>> {
    let txn = db::begin_write(db).await?;
    let moves = close_in_txn(&txn, settings, week_start, now).await?;
    txn.commit().await?;
    if !moves.is_empty() {
        tracing::info!(%week_start, players = moves.len(), "closed a league week");
    }
    Ok(moves)
}

/// Closes the week inside the caller's transaction, when it is open and
/// over; otherwise does nothing and returns no moves.
pub async fn close_in_txn<C: ConnectionTrait>(
    txn: &C,
    settings: &Snapshot,
    week_start: NaiveDateTime,
    now: NaiveDateTime,
) -> AppResult<Vec<Move>> {
    let Some(week) = store::lock_week(txn, week_start).await? else {
        return Ok(Vec::new());
    };
    if week.status != store::OPEN || week.week_end > now {
        return Ok(Vec::new());
    }
    // Players whose seating pass never ran are seated first, so every
    // member of the week is ranked in a cohort.
    super::seating::seat_week(txn, settings, week_start).await?;
    let members = store::week_members(txn, week_start).await?;
    let mut moves = Vec::with_capacity(members.len());
    for group in members
        .chunk_by(|a, b| (&a.language, &a.tier, a.cohort) == (&b.language, &b.tier, b.cohort))
    {
        let first = &group[0];
        let tier = Tier::parse(&first.tier).unwrap_or(Tier::ALL[0]);
        let cohort_members = group
            .iter()
            .map(|m| Member {
                user_id: m.user_id,
                points: m.points,
                points_at: m.points_at,
            })
            .collect();
        let ranked = cohort::rank(
            cohort_members,
            tier,
            settings.promote_count,
            settings.demote_count,
        );
        for r in ranked {
            store::set_result(txn, week_start, r.user_id, r.rank, r.outcome.as_str()).await?;
            moves.push(Move {
                user_id: r.user_id,
                week_start,
                language: first.language.clone(),
                cohort: first.cohort,
                rank: r.rank,
                points: r.points,
                from: tier,
                to: tier.after(r.outcome),
                outcome: r.outcome,
            });
        }
    }
    record_events(txn, &moves, now).await?;
    let count = |o: Outcome| crate::convert::count(moves.iter().filter(|m| m.outcome == o).count());
    let (promoted, demoted) = (count(Outcome::Promoted), count(Outcome::Demoted));
    store::mark_closed(txn, week_start, now, promoted, demoted).await?;
    Ok(moves)
}

/// Tells each promoted and demoted player, in the close's transaction (so a
/// week's moves and their events commit together, once). Recording an event
/// locks its player's row: players are taken in id order, and a completing
/// game closes due weeks before it locks its own player
/// ([`close_due_in_txn`]), so a close never waits on a player lock held by
/// a game that waits on the week.
async fn record_events<C: ConnectionTrait>(
    txn: &C,
    moves: &[Move],
    now: NaiveDateTime,
) -> AppResult<()> {
    let mut moved: Vec<&Move> = moves
        .iter()
        .filter(|m| m.outcome != Outcome::Stayed)
        .collect();
    moved.sort_by_key(|m| m.user_id);
    for m in moved {
        let (tier_from, tier_to) = (m.from.name_en().to_string(), m.to.name_en().to_string());
        let event = match m.outcome {
            Outcome::Promoted => PlayerEvent::Promoted { tier_from, tier_to },
            _ => PlayerEvent::Demoted { tier_from, tier_to },
        };
        crate::engagement::events::record(txn, m.user_id, event, now).await?;
    }
    Ok(())
}

/// Closes, in the caller's transaction, every week already over; a game's
/// completion calls it before locking its player (see [`record_events`]).
pub async fn close_due_in_txn<C: ConnectionTrait>(
    txn: &C,
    settings: &Snapshot,
    now: NaiveDateTime,
) -> AppResult<()> {
    for week in store::due_weeks(txn, now).await? {
        close_in_txn(txn, settings, week, now).await?;
    }
    Ok(())
}

/// Closes due weeks once a minute (the first run a minute after start).
pub fn spawn_sweeper(state: AppState, stop: CancellationToken) {
    let schedule = crate::sweep::Schedule {
        first_after: Duration::from_secs(60),
        every: Duration::from_secs(60),
    };
    crate::sweep::spawn("league close", schedule, stop, move || {
        let state = state.clone();
        async move {
            let settings = state.settings.current().await;
            // Players a failed pass left waiting get their seats here.
            super::seating::seat_waiting(&state.db, &settings).await?;
            let moves = close_due_weeks(&state.db, &settings, &state.clock).await?;
            Ok(u64::try_from(moves.len()).unwrap_or(u64::MAX))
        }
    });
}
