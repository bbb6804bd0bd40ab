//! The one source of "now". Rules that depend on the time (day boundaries,
//! cooldowns, expiry, retry schedules) read it from here, so tests set the
//! time instead of sleeping. Timestamps in the database are UTC without a
//! zone (the audit's `TIMESTAMP` columns); [`Clock::now`] returns that form.
use std::sync::{Arc, Mutex, PoisonError};

use chrono::{DateTime, Duration, NaiveDateTime, Utc};

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

#[cfg(test)]
mod tests {
    use super::*;

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
