//! When a reward the wallet could not take for a passing reason (a timeout,
//! a refused connection, a 5xx, 408 or 429) is tried again, and when it
//! stops being tried. Pure rules: the worker passes the time and a random
//! number in.
//!
//! The wait doubles from `reward_retry_base_seconds` up to
//! `reward_retry_cap_seconds`, with equal jitter (a random point in the upper
//! half of the wait: instances that failed together spread out, yet none
//! comes back at once). A reward is retried until it is
//! `reward_retry_max_hours` old, counted from the start of its retry window
//! (its creation, or an admin's RetryReward); its last try falls on that
//! deadline, and a passing failure after it fails the reward.
use chrono::{Duration, NaiveDateTime};

use crate::settings::Snapshot;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    pub base_ms: u64,
    pub cap_ms: u64,
    pub max_age: Duration,
}

/// What follows a transient failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    RetryAt(NaiveDateTime),
    /// The reward is older than the retry window: it fails.
    GiveUp,
}

impl RetryPolicy {
    /// The policy in force; `base_override_ms` (REWARD_RETRY_BASE_MILLIS)
    /// replaces the base setting in tests and incidents.
    pub fn from_settings(settings: &Snapshot, base_override_ms: Option<u64>) -> RetryPolicy {
        let seconds_ms = |s: i64| u64::try_from(s).unwrap_or(0).saturating_mul(1000);
        RetryPolicy {
            base_ms: base_override_ms.unwrap_or(seconds_ms(settings.reward_retry_base_seconds)),
            cap_ms: seconds_ms(settings.reward_retry_cap_seconds),
            max_age: Duration::hours(settings.reward_retry_max_hours.max(0)),
        }
    }

    /// The longest wait after the `attempts`-th try: base · 2^(attempts − 1),
    /// at most the cap.
    pub fn ceiling_ms(&self, attempts: i32) -> u64 {
        let doublings = u32::try_from(attempts.saturating_sub(1))
            .unwrap_or(0)
            .min(40);
        self.base_ms
            .saturating_mul(1u64 << doublings)
            .min(self.cap_ms)
    }

    /// The wait after the `attempts`-th try, `random` in [0, 1] picking a
    /// point in the upper half of the ceiling.
    pub fn delay_ms(&self, attempts: i32, random: f64) -> u64 {
        let ceiling = self.ceiling_ms(attempts);
        let half = ceiling / 2;
        // A fraction in [0, 1] of a u64 span: the product fits the span.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let jitter = ((ceiling - half) as f64 * random.clamp(0.0, 1.0)) as u64;
        half + jitter
    }

    /// After a transient failure at `now` of the `attempts`-th try of a
    /// reward whose retry window began at `window_start`.
    pub fn after_transient(
        &self,
        window_start: NaiveDateTime,
        attempts: i32,
        now: NaiveDateTime,
        random: f64,
    ) -> Next {
        let deadline = window_start + self.max_age;
        if now >= deadline {
            return Next::GiveUp;
        }
        let delay = Duration::milliseconds(self.delay_ms(attempts, random) as i64);
        Next::RetryAt((now + delay).min(deadline))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const POLICY: RetryPolicy = RetryPolicy {
        base_ms: 30_000,
        cap_ms: 300_000,
        max_age: Duration::hours(72),
    };

    fn at(seconds: i64) -> NaiveDateTime {
        NaiveDateTime::default() + Duration::seconds(seconds)
    }

    #[test]
    fn the_wait_doubles_from_the_base_and_stops_at_the_cap() {
        let ceilings: Vec<u64> = (1..=6).map(|n| POLICY.ceiling_ms(n)).collect();
        assert_eq!(
            ceilings,
            [30_000, 60_000, 120_000, 240_000, 300_000, 300_000]
        );
        assert_eq!(POLICY.ceiling_ms(0), 30_000, "no try yet counts as one");
        assert_eq!(POLICY.ceiling_ms(i32::MAX), 300_000, "no overflow");
        let below_base = RetryPolicy {
            cap_ms: 1_000,
            ..POLICY
        };
        assert_eq!(
            below_base.ceiling_ms(1),
            1_000,
            "the cap wins over the base"
        );
    }

    #[test]
    fn jitter_stays_in_the_upper_half_of_the_ceiling_and_never_passes_the_cap() {
        let mut rng = fastrand::Rng::with_seed(7);
        for attempts in 1..=40 {
            let ceiling = POLICY.ceiling_ms(attempts);
            for random in [0.0, 1.0, -3.0, 9.0, rng.f64(), rng.f64(), rng.f64()] {
                let delay = POLICY.delay_ms(attempts, random);
                assert!(
                    (ceiling / 2..=ceiling).contains(&delay),
                    "try {attempts}, random {random}: {delay} ms outside [{}, {ceiling}]",
                    ceiling / 2
                );
                assert!(delay <= POLICY.cap_ms);
            }
        }
        assert_eq!(POLICY.delay_ms(1, 0.0), 15_000);
        assert_eq!(POLICY.delay_ms(1, 1.0), 30_000);
        let instant = RetryPolicy {
            base_ms: 0,
            ..POLICY
        };
        assert_eq!(instant.delay_ms(9, 0.5), 0);
    }

    #[test]
    fn a_reward_is_retried_until_its_window_ends_and_its_last_try_falls_on_the_deadline() {
        let start = at(0);
        let hour = 3600;
        assert_eq!(
            POLICY.after_transient(start, 1, at(10), 1.0),
            Next::RetryAt(at(40))
        );
        assert_eq!(
            POLICY.after_transient(start, 50, at(71 * hour), 1.0),
            Next::RetryAt(at(71 * hour + 300)),
            "capped, however many tries"
        );
        assert_eq!(
            POLICY.after_transient(start, 50, at(72 * hour - 60), 1.0),
            Next::RetryAt(at(72 * hour)),
            "the last try is on the deadline"
        );
        assert_eq!(
            POLICY.after_transient(start, 51, at(72 * hour), 0.5),
            Next::GiveUp
        );
        assert_eq!(
            POLICY.after_transient(start, 2, at(100 * hour), 0.5),
            Next::GiveUp
        );
    }

    #[test]
    fn the_policy_reads_the_settings_and_the_override_replaces_the_base() {
        let settings = Snapshot::default();
        assert_eq!(RetryPolicy::from_settings(&settings, None), POLICY);
        let fast = RetryPolicy::from_settings(&settings, Some(20));
        assert_eq!((fast.base_ms, fast.cap_ms), (20, 300_000));
    }
}
