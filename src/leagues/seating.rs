//! Seating players in cohorts, outside the game-completion transaction.
//!
//! A player's first completed game of a week writes their membership with
//! their tier, language and points but no cohort
//! ([`UNSEATED`](store::UNSEATED)). Seats are
//! then handed out under the week's `league_weeks` row lock, so two players
//! never take a cohort's last seat at once. That lock used to be taken in
//! the completion transaction and held until it committed, so on a Monday
//! morning every completion queued on one row; now it is held only by a
//! seating pass, a short transaction of its own that runs in the background
//! once the completion has committed (the reply does not wait for it).
//! Concurrent completions on one instance share a pass: whoever takes the
//! turn seats everyone waiting, and the others find their seat taken for
//! them.
//!
//! A player is never shown unseated: reading the league of a player still
//! waiting (GetLeague, the profile) runs the week's pass first, on any
//! instance. A pass that fails (the database went away after the
//! completion committed) loses nothing: the player's points are in their
//! membership, and the next read, the close sweep, or the close itself
//! seats them.
use std::sync::{
    Arc,
    atomic::{AtomicU64, Ordering},
};

use chrono::NaiveDateTime;
use sea_orm::{ConnectionTrait, DatabaseConnection};
use tokio::sync::Mutex;

use super::store::league as store;
use crate::{db, error::AppResult, settings::Snapshot};

/// This instance's seating turns: a completion asks after its commit, and a
/// pass that began after the ask seats it.
#[derive(Clone, Default)]
pub struct Seating {
    /// Asks so far; an ask is made after its completion committed.
    asked: Arc<AtomicU64>,
    /// The asks covered by the last finished pass; held during a pass, so
    /// one pass runs at a time on this instance.
    covered: Arc<Mutex<u64>>,
}

impl Seating {
    /// Seats every player waiting, in the background, unless a pass that
    /// began after this call already did. Called after a completion
    /// commits; a failure is logged and left to the next read or the sweep
    /// (the game is committed either way).
    pub fn after_completion(&self, db: &DatabaseConnection, settings: &Snapshot) {
        let (seating, db, settings) = (self.clone(), db.clone(), settings.clone());
        tokio::spawn(async move { seating.pass(&db, &settings).await });
    }

    async fn pass(&self, db: &DatabaseConnection, settings: &Snapshot) {
        let ticket = self.asked.fetch_add(1, Ordering::SeqCst) + 1;
        let mut covered = self.covered.lock().await;
        if *covered >= ticket {
            return;
        }
        // Every ask up to here was made after its commit, so this pass's
        // reads see those memberships.
        let covers = self.asked.load(Ordering::SeqCst);
        match seat_waiting(db, settings).await {
            Ok(_) => *covered = covers,
            Err(error) => {
                tracing::warn!(%error, "seating league players failed; the sweep retries")
            }
        }
    }
}

/// Seats the waiting players of `week` in a transaction of its own (a read
/// that found its player waiting runs it).
pub async fn seat_waiting_in(
    db: &DatabaseConnection,
    settings: &Snapshot,
    week: NaiveDateTime,
) -> AppResult<u64> {
    let txn = db::begin_write(db).await?;
    let seated = seat_week(&txn, settings, week).await?;
    txn.commit().await?;
    Ok(seated)
}

/// Seats the waiting players of every week that has some, one transaction
/// per week; returns how many were seated.
pub async fn seat_waiting(db: &DatabaseConnection, settings: &Snapshot) -> AppResult<u64> {
    let mut seated = 0;
    for week in store::weeks_with_unseated(db).await? {
        seated += seat_waiting_in(db, settings, week).await?;
    }
    Ok(seated)
}

/// Seats the week's waiting players in the caller's transaction, in the
/// order they joined: each fills the last cohort of their tier and language
/// up to `league_size`, then opens the next. Takes the week's row lock (the
/// close holds it already). In a week closed early (`day_timezone` changed
/// under it) the waiting memberships are dropped: that week has no league.
pub async fn seat_week<C: ConnectionTrait>(
    txn: &C,
    settings: &Snapshot,
    week: NaiveDateTime,
) -> AppResult<u64> {
    // The week's row exists after its first pass: added only when missing.
    let mut row = store::lock_week(txn, week).await?;
    if row.is_none() {
        let week_end = super::placement::week_end(week, settings.day_timezone);
        store::ensure_week(txn, week, week_end).await?;
        row = store::lock_week(txn, week).await?;
    }
    match row {
        Some(row) if row.status == store::OPEN => {}
        _ => {
            store::drop_unseated(txn, week).await?;
            return Ok(0);
        }
    }
    let waiting = store::unseated(txn, week).await?;
    let size = u64::try_from(settings.league_size.max(2)).unwrap_or(30);
    let mut seated = 0;
    for group in waiting.chunk_by(|a, b| (&a.language, &a.tier) == (&b.language, &b.tier)) {
        let (language, tier) = (group[0].language.as_str(), group[0].tier.as_str());
        let (mut cohort, members) = store::last_cohort(txn, week, language, tier)
            .await?
            .unwrap_or((1, 0));
        for run in seats(group.len(), size, members) {
            if run.new_cohort {
                cohort = cohort.saturating_add(1);
            }
            let users: Vec<i32> = group[run.from..run.to].iter().map(|m| m.user_id).collect();
            seated += store::seat(txn, week, &users, cohort).await?;
        }
    }
    Ok(seated)
}

/// A run of waiting players (by index) who take seats in one cohort.
#[derive(Debug, PartialEq, Eq)]
struct Seats {
    from: usize,
    to: usize,
    /// They open the next cohort rather than fill the current one.
    new_cohort: bool,
}

/// Splits `waiting` players into runs: the first fills the current cohort
/// (holding `members` of `size`), the rest open a cohort each.
fn seats(waiting: usize, size: u64, members: u64) -> Vec<Seats> {
    let size = usize::try_from(size).unwrap_or(usize::MAX).max(1);
    let free = size.saturating_sub(usize::try_from(members).unwrap_or(usize::MAX));
    let mut runs = Vec::new();
    let mut from = 0;
    if free > 0 && waiting > 0 {
        let to = free.min(waiting);
        runs.push(Seats {
            from,
            to,
            new_cohort: false,
        });
        from = to;
    }
    while from < waiting {
        let to = (from + size).min(waiting);
        runs.push(Seats {
            from,
            to,
            new_cohort: true,
        });
        from = to;
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runs(waiting: usize, size: u64, members: u64) -> Vec<(usize, usize, bool)> {
        seats(waiting, size, members)
            .into_iter()
            .map(|s| (s.from, s.to, s.new_cohort))
            .collect()
    }

    #[test]
    fn the_last_cohort_fills_before_the_next_opens() {
        assert_eq!(runs(5, 30, 28), vec![(0, 2, false), (2, 5, true)]);
        assert_eq!(
            runs(65, 30, 0),
            vec![(0, 30, false), (30, 60, true), (60, 65, true)]
        );
        assert_eq!(runs(3, 30, 30), vec![(0, 3, true)]);
        assert_eq!(runs(0, 30, 4), vec![]);
    }
}
