//! The dashboard's figures: games started and completed per day, rewards
//! credited per day and outstanding, samples approved per day, the
//! candidate backlog, the crowd's agreement and the players' gold accuracy.
//! Days are those of the `day_timezone` setting, the last [`DAYS`] of them
//! up to today; time comes from the state's clock. This room sits above
//! every other: its store reads across their tables, and writes nothing.
pub mod store;

use chrono::{Duration, NaiveDate, NaiveDateTime};
use chrono_tz::Tz;

use crate::{clock, error::AppResult, state::AppState};

pub use store::{OutstandingRewards, ReviewContext};

/// How many days the charts show.
pub const DAYS: usize = 30;

/// The last `count` days in `zone` up to the one `now` falls in, and the
/// `count + 1` instants (UTC) that bound them: day `i` is
/// `[bounds[i], bounds[i + 1])`.
pub fn days(now: NaiveDateTime, zone: Tz, count: usize) -> (Vec<NaiveDate>, Vec<NaiveDateTime>) {
    let today = now.and_utc().with_timezone(&zone).date_naive();
    let back = i64::try_from(count).unwrap_or(0) - 1;
    let first = today - Duration::days(back);
    let dates: Vec<NaiveDate> = first.iter_days().take(count).collect();
    let mut bounds: Vec<NaiveDateTime> = dates
        .iter()
        .map(|d| {
            // Midnight of that day (a skipped one: the first instant that exists).
            let noon = d.and_hms_opt(12, 0, 0).unwrap_or_default();
            let noon_utc = noon
                .and_local_timezone(zone)
                .earliest()
                .map_or(noon, |t| t.naive_utc());
            clock::start_of_day(noon_utc, zone)
        })
        .collect();
    if let Some(last) = dates.last() {
        let noon = last.and_hms_opt(12, 0, 0).unwrap_or_default();
        let noon_utc = noon
            .and_local_timezone(zone)
            .earliest()
            .map_or(noon, |t| t.naive_utc());
        bounds.push(clock::start_of_next_day(noon_utc, zone));
    }
    (dates, bounds)
}

/// Everything the dashboard shows.
#[derive(Debug, Default)]
pub struct Overview {
    pub zone: String,
    pub days: Vec<NaiveDate>,
    pub games_started: Vec<i64>,
    pub games_completed: Vec<i64>,
    pub samples_approved: Vec<i64>,
    /// Rewards credited per day: how many, and how much.
    pub rewards_credited: Vec<(i64, f64)>,
    pub outstanding: OutstandingRewards,
    /// Samples waiting for review.
    pub pending_samples: i64,
    /// Logged turns marked as training candidates and not yet promoted.
    pub candidate_backlog: i64,
    /// Samples the crowd approved in the period, and their mean agreement.
    pub crowd_approved: i64,
    pub crowd_agreement: Option<f64>,
    /// Gold answers of all players: answered, correct.
    pub gold: (i64, i64),
}

#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn overview(state: &AppState) -> AppResult<Overview> {
    let zone = state.settings.current().await.day_timezone;
    let (days, bounds) = days(state.clock.now(), zone, DAYS);
    let db = &state.db;
    // Independent reads, each on its own pooled connection: the page waits
    // for the slowest one, not for their sum.
    let (
        games,
        (crowd_approved, crowd_agreement),
        samples_approved,
        rewards_credited,
        outstanding,
        pending_samples,
        candidate_backlog,
        gold,
    ) = tokio::try_join!(
        store::games_per_day(db, &bounds),
        store::crowd_agreement(db, &bounds),
        store::samples_approved_per_day(db, &bounds),
        store::rewards_credited_per_day(db, &bounds),
        store::outstanding_rewards(db),
        store::pending_samples(db),
        store::candidate_backlog(db),
        store::gold_totals(db),
    )?;
    Ok(Overview {
        zone: zone.name().to_string(),
        games_started: games.0,
        games_completed: games.1,
        samples_approved,
        rewards_credited,
        outstanding,
        pending_samples,
        candidate_backlog,
        crowd_approved,
        crowd_agreement,
        gold,
        days,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_end_today_in_the_zone_and_bound_each_other() {
        // 20:00 UTC is already the next day in Kolkata (+05:30).
        let now = NaiveDate::from_ymd_opt(2025, 11, 25)
            .and_then(|d| d.and_hms_opt(20, 0, 0))
            .expect("time");
        let (dates, bounds) = days(now, Tz::Asia__Kolkata, 30);
        assert_eq!(dates.len(), 30);
        assert_eq!(bounds.len(), 31);
        assert_eq!(dates.last().copied(), NaiveDate::from_ymd_opt(2025, 11, 26));
        let midnight = NaiveDate::from_ymd_opt(2025, 11, 25)
            .and_then(|d| d.and_hms_opt(18, 30, 0))
            .expect("time");
        assert_eq!(
            bounds[29], midnight,
            "the 26th starts at 18:30 UTC on the 25th"
        );
        assert!(bounds.windows(2).all(|w| w[1] - w[0] == Duration::days(1)));
        assert!(bounds[29] <= now && now < bounds[30]);
    }
}
