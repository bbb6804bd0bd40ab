//! The one source of "now". Rules that depend on the time (day boundaries,
//! cooldowns, expiry, retry schedules) read it from here, so tests set the
//! time instead of sleeping. Timestamps in the database are UTC without a
//! zone (the audit's `TIMESTAMP` columns); [`Clock::now`] returns that form.
use std::sync::{Arc, Mutex, PoisonError};

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

#[derive(Clone, Debug)]
pub struct Clock(Arc<Source>);

#[derive(Debug)]
enum Source {
    System,
    /// A clock that stands still until it is set or advanced.
    Manual(Mutex<DateTime<Utc>>),
}

impl Clock {
    /// The machine's clock.
    pub fn system() -> Clock {
        Clock(Arc::new(Source::System))
    }

    /// A clock that shows `start` until it is moved (tests).
    pub fn manual(start: DateTime<Utc>) -> Clock {
        Clock(Arc::new(Source::Manual(Mutex::new(start))))
    }

    pub fn now_utc(&self) -> DateTime<Utc> {
        match &*self.0 {
            Source::System => Utc::now(),
            Source::Manual(time) => *time.lock().unwrap_or_else(PoisonError::into_inner),
        }
    }

    /// Now, in UTC without a zone, as the database stores it.
    pub fn now(&self) -> NaiveDateTime {
        self.now_utc().naive_utc()
    }

    /// Moves a manual clock to `time`; the system clock cannot be moved.
    pub fn set(&self, time: DateTime<Utc>) {
        if let Source::Manual(current) = &*self.0 {
            *current.lock().unwrap_or_else(PoisonError::into_inner) = time;
        }
    }

    /// Moves a manual clock forward by `by`.
    pub fn advance(&self, by: Duration) {
        if let Source::Manual(current) = &*self.0 {
            let mut time = current.lock().unwrap_or_else(PoisonError::into_inner);
            *time += by;
        }
    }
}

impl Default for Clock {
    fn default() -> Clock {
        Clock::system()
    }
}

/// Midnight of the day `now` (UTC) falls in, in `zone`, as UTC: where
/// "today" begins for daily limits, the daily cap and leaderboards. A
/// midnight that a daylight-saving change skips starts the day at the
/// first moment that exists.
pub fn start_of_day(now: NaiveDateTime, zone: Tz) -> NaiveDateTime {
    local_midnight(now.and_utc().with_timezone(&zone).date_naive(), zone).unwrap_or(now)
}

/// The date `now` (UTC) falls on in `zone`: the day a streak counts.
pub fn day_of(now: NaiveDateTime, zone: Tz) -> NaiveDate {
    now.and_utc().with_timezone(&zone).date_naive()
}

/// Midnight of the next day in `zone`, as UTC: when a daily limit resets.
pub fn start_of_next_day(now: NaiveDateTime, zone: Tz) -> NaiveDateTime {
    let today = now.and_utc().with_timezone(&zone).date_naive();
    today
        .succ_opt()
        .and_then(|tomorrow| local_midnight(tomorrow, zone))
        .unwrap_or(now + Duration::days(1))
}

/// Midnight of the Monday of the week `now` falls in, in `zone`, as UTC.
pub fn start_of_week(now: NaiveDateTime, zone: Tz) -> NaiveDateTime {
    let today = now.and_utc().with_timezone(&zone).date_naive();
    let monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
    local_midnight(monday, zone).unwrap_or(now)
}

fn local_midnight(date: NaiveDate, zone: Tz) -> Option<NaiveDateTime> {
    // The first minute of the day that exists in the zone.
    (0..=180).find_map(|minutes| {
        let local = date.and_hms_opt(0, 0, 0)? + Duration::minutes(minutes);
        zone.from_local_datetime(&local)
            .earliest()
            .map(|t| t.naive_utc())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").unwrap_or_default()
    }

    #[test]
    fn a_day_in_india_starts_at_18_30_utc() {
        let zone = Tz::Asia__Kolkata;
        assert_eq!(
            start_of_day(utc("2026-03-10 18:29:59"), zone),
            utc("2026-03-09 18:30:00")
        );
        assert_eq!(
            start_of_day(utc("2026-03-10 18:30:00"), zone),
            utc("2026-03-10 18:30:00")
        );
        assert_eq!(
            start_of_next_day(utc("2026-03-10 12:00:00"), zone),
            utc("2026-03-10 18:30:00")
        );
        // 2026-03-11 is a Wednesday in India from 18:30 UTC on the 10th.
        assert_eq!(
            start_of_week(utc("2026-03-10 19:00:00"), zone),
            utc("2026-03-08 18:30:00")
        );
        assert_eq!(
            start_of_day(utc("2026-03-10 23:00:00"), Tz::UTC),
            utc("2026-03-10 00:00:00")
        );
    }

    #[test]
    fn a_skipped_midnight_starts_the_day_at_the_first_moment_that_exists() {
        // Santiago skipped 2022-09-11 00:00 local (clocks went to 01:00, UTC-3).
        let zone = Tz::America__Santiago;
        assert_eq!(
            start_of_day(utc("2022-09-11 12:00:00"), zone),
            utc("2022-09-11 04:00:00")
        );
    }

    #[test]
    fn a_manual_clock_moves_only_when_told() {
        let start = DateTime::parse_from_rfc3339("2026-01-01T18:29:59Z")
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default();
        let clock = Clock::manual(start);
        assert_eq!(clock.now_utc(), start);
        clock.advance(Duration::seconds(1));
        assert_eq!(clock.now_utc(), start + Duration::seconds(1));
        let copy = clock.clone();
        copy.set(start);
        assert_eq!(clock.now_utc(), start, "clones share the time");
    }
}
