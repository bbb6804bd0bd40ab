//! Property tests of the streak rule: whatever days a player plays on,
//! the streak never exceeds the days played, the longest never falls
//! behind the current, freezes stay within the cap, and a day played
//! twice changes nothing.
use chrono::{Duration, NaiveDate};
use proptest::prelude::*;

use super::streaks::{self, FreezeRules, Streak, StreakChange};

fn start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default()
}

proptest! {
    #[test]
    fn a_streak_stays_within_what_was_played(
        gaps in prop::collection::vec(0i64..4, 1..60),
        every_days in 0i32..5,
        max_held in 0i32..3,
    ) {
        let rules = FreezeRules { every_days, max_held };
        let mut streak = Streak::default();
        let mut day = start();
        let mut days_played = 0;
        for gap in gaps {
            day += Duration::days(gap);
            let (next, change) = streaks::play(streak, day, rules);
            if gap == 0 && streak.last_day.is_some() {
                prop_assert_eq!(change, StreakChange::SameDay);
                prop_assert_eq!(next, streak);
            } else {
                days_played += 1;
            }
            prop_assert!(next.current >= 1 && next.current <= days_played);
            prop_assert!(next.longest >= next.current);
            prop_assert!(next.longest >= streak.longest);
            prop_assert!(next.freezes >= 0 && next.freezes <= max_held.max(0));
            if let StreakChange::Restarted { lost } = change {
                prop_assert_eq!(lost, streak.current);
                prop_assert_eq!(next.current, 1);
            }
            streak = next;
        }
    }
}
