//! Latencies and outcomes of one run, and the report made from them.
use std::{collections::BTreeMap, time::Duration};

use serde::Serialize;

/// What one worker saw.
#[derive(Debug, Default)]
pub struct Tally {
    pub latencies_us: Vec<u64>,
    pub rows: u64,
    pub errors: BTreeMap<String, u64>,
}

impl Tally {
    pub fn record(&mut self, elapsed: Duration, outcome: Result<u64, String>) {
        self.latencies_us
            .push(u64::try_from(elapsed.as_micros()).unwrap_or(u64::MAX));
        match outcome {
            Ok(rows) => self.rows += rows,
            Err(code) => *self.errors.entry(code).or_default() += 1,
        }
    }

    pub fn merge(&mut self, other: Tally) {
        self.latencies_us.extend(other.latencies_us);
        self.rows += other.rows;
        for (code, count) in other.errors {
            *self.errors.entry(code).or_default() += count;
        }
    }
}

#[derive(Debug, Serialize)]
pub struct Report {
    pub scenario: String,
    pub concurrency: usize,
    pub seconds: f64,
    /// Calls made, successful or not.
    pub requests: u64,
    /// Calls that failed, by gRPC code (or driver error).
    pub errors: BTreeMap<String, u64>,
    pub requests_per_sec: f64,
    /// Rows written (or read) by successful calls.
    pub rows: u64,
    pub rows_per_sec: f64,
    pub p50_ms: f64,
    pub p90_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
}

impl Report {
    pub fn new(scenario: &str, concurrency: usize, elapsed: Duration, mut tally: Tally) -> Report {
        tally.latencies_us.sort_unstable();
        let seconds = elapsed.as_secs_f64().max(f64::EPSILON);
        let requests = tally.latencies_us.len() as u64;
        let percentile = |p: f64| {
            let sorted = &tally.latencies_us;
            if sorted.is_empty() {
                return 0.0;
            }
            // A percentile of a non-empty list: rank 1..=len, in range of usize.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
            sorted[rank.clamp(1, sorted.len()) - 1] as f64 / 1000.0
        };
        Report {
            scenario: scenario.to_string(),
            concurrency,
            seconds,
            requests,
            requests_per_sec: requests as f64 / seconds,
            rows: tally.rows,
            rows_per_sec: tally.rows as f64 / seconds,
            p50_ms: percentile(50.0),
            p90_ms: percentile(90.0),
            p99_ms: percentile(99.0),
            max_ms: percentile(100.0),
            errors: tally.errors,
        }
    }

    pub fn table(&self) -> String {
        let errors = if self.errors.is_empty() {
            "none".to_string()
        } else {
            self.errors
                .iter()
                .map(|(code, n)| format!("{code}={n}"))
                .collect::<Vec<_>>()
                .join(" ")
        };
        format!(
            "scenario     {}\nconcurrency  {}\nseconds      {:.2}\nrequests     {} ({:.1}/s)\nrows         {} ({:.1}/s)\n\
             latency ms   p50 {:.2}  p90 {:.2}  p99 {:.2}  max {:.2}\nerrors       {}",
            self.scenario,
            self.concurrency,
            self.seconds,
            self.requests,
            self.requests_per_sec,
            self.rows,
            self.rows_per_sec,
            self.p50_ms,
            self.p90_ms,
            self.p99_ms,
            self.max_ms,
            errors
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_and_errors_add_up() {
        let mut tally = Tally::default();
        for ms in 1..=100 {
            let outcome = if ms % 10 == 0 {
                Err("Aborted".to_string())
            } else {
                Ok(2)
            };
            tally.record(Duration::from_millis(ms), outcome);
        }
        let report = Report::new("x", 1, Duration::from_secs(10), tally);
        assert_eq!(report.requests, 100);
        assert_eq!(report.errors.get("Aborted"), Some(&10));
        assert_eq!(report.rows, 180);
        assert_eq!(
            (report.p50_ms, report.p99_ms, report.max_ms),
            (50.0, 99.0, 100.0)
        );
    }
}
