//! The daily streak: days in `day_timezone` with at least one counted game
//! (completed and not forfeited, see [`super::CompletedGame::counts`]).
//! Computed when a game completes, never on read.
//!
//! - The first counted game of a day extends the streak by one if the
//!   previous counted day was yesterday.
//! - Each missed day in between spends one freeze held; if the freezes
//!   cover every missed day the streak goes on, else it starts again at 1
//!   (freezes are kept) and the old streak is reported lost.
//! - Every `streak_freeze_every_days` counted days earn one freeze, up to
//!   `streak_freeze_max` held (0 days: no freezes).
use chrono::NaiveDate;

/// A player's streak as stored.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Streak {
    pub current: i32,
    pub longest: i32,
    pub last_day: Option<NaiveDate>,
    pub freezes: i32,
    /// Counted days since the last freeze was earned.
    pub toward_freeze: i32,
}

/// The freeze settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FreezeRules {
    pub every_days: i32,
    pub max_held: i32,
}

/// What a counted game did to the streak.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StreakChange {
    /// Another game on a day already counted.
    SameDay,
    /// A new day: the streak is now `days` long, `freezes_used` freezes
    /// covered missed days.
    Extended { days: i32, freezes_used: i32 },
    /// Days were missed without freezes enough: `lost` days ended, a new
    /// streak of 1 begins.
    Restarted { lost: i32 },
}

impl Streak {
    /// Counted days still needed for the next freeze (0 when off).
    pub fn days_to_next_freeze(&self, rules: FreezeRules) -> i32 {
        if rules.every_days <= 0 {
            0
        } else {
            (rules.every_days - self.toward_freeze).max(0)
        }
    }
}

/// The streak after a counted game on `day`.
pub fn play(streak: Streak, day: NaiveDate, rules: FreezeRules) -> (Streak, StreakChange) {
    let mut next = streak;
    let change = match streak.last_day {
        Some(last) if day <= last => return (streak, StreakChange::SameDay),
        None => StreakChange::Extended {
            days: 1,
            freezes_used: 0,
        },
        Some(last) => {
            let missed = i32::try_from((day - last).num_days() - 1).unwrap_or(i32::MAX);
            if missed <= streak.freezes {
                next.freezes -= missed;
                StreakChange::Extended {
                    days: streak.current.saturating_add(1),
                    freezes_used: missed,
                }
            } else {
                StreakChange::Restarted {
                    lost: streak.current,
                }
            }
        }
    };
    next.current = match change {
        StreakChange::Extended { days, .. } => days,
        _ => 1,
    };
    next.longest = next.longest.max(next.current);
    next.last_day = Some(day);
    next.toward_freeze = next.toward_freeze.saturating_add(1);
    if rules.every_days > 0 && next.toward_freeze >= rules.every_days {
        next.toward_freeze = 0;
        next.freezes = (next.freezes + 1).min(rules.max_held.max(0));
    }
    (next, change)
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULES: FreezeRules = FreezeRules {
        every_days: 3,
        max_held: 1,
    };

    fn day(n: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, n).unwrap_or_default()
    }

    fn run(days: &[u32], rules: FreezeRules) -> (Streak, Vec<StreakChange>) {
        let mut streak = Streak::default();
        let mut changes = Vec::new();
        for d in days {
            let (next, change) = play(streak, day(*d), rules);
            streak = next;
            changes.push(change);
        }
        (streak, changes)
    }

    #[test]
    fn consecutive_days_extend_and_a_second_game_on_a_day_does_not() {
        let (streak, changes) = run(
            &[1, 1, 2, 3],
            FreezeRules {
                every_days: 0,
                max_held: 2,
            },
        );
        assert_eq!((streak.current, streak.longest), (3, 3));
        assert_eq!(changes[1], StreakChange::SameDay);
        assert_eq!(streak.freezes, 0, "freezes off");
    }

    #[test]
    fn a_missed_day_without_a_freeze_restarts_and_keeps_the_longest() {
        let (streak, changes) = run(
            &[1, 2, 4],
            FreezeRules {
                every_days: 0,
                max_held: 2,
            },
        );
        assert_eq!(changes[2], StreakChange::Restarted { lost: 2 });
        assert_eq!((streak.current, streak.longest), (1, 2));
    }

    #[test]
    fn a_freeze_earned_by_playing_covers_one_missed_day_and_the_cap_holds() {
        // Days 1-3 earn the one freeze allowed; day 4 missed; day 5 goes on.
        let (streak, changes) = run(&[1, 2, 3, 5], RULES);
        assert_eq!(
            changes[3],
            StreakChange::Extended {
                days: 4,
                freezes_used: 1
            }
        );
        assert_eq!(streak.freezes, 0);
        // Six days in a row would earn two, but one is the most held.
        let (streak, _) = run(&[1, 2, 3, 4, 5, 6], RULES);
        assert_eq!(streak.freezes, 1);
    }

    #[test]
    fn two_missed_days_with_one_freeze_restart_and_keep_the_freeze() {
        let (streak, changes) = run(&[1, 2, 3, 6], RULES);
        assert_eq!(changes[3], StreakChange::Restarted { lost: 3 });
        assert_eq!((streak.current, streak.freezes), (1, 1));
    }
}
