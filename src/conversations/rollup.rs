//! The hourly statistics rollup behind GetConversationStats.
//!
//! An hour is folded once it is closed: [`GRACE`] after its end, no turn can
//! still be on its way into it (turns take the server's clock when they are
//! written). [`fold`] aggregates each closed hour's turns per intent and
//! language into `conversation_stats_hourly` and moves the watermark
//! (`folded_until`) past it, in one transaction holding the watermark's
//! lock, so instances folding at once never fold an hour twice. Deleting
//! turns of a folded hour (retention, DeleteUserData) calls [`refold`] in
//! the deleting transaction.
//!
//! A read ([`plan`]) takes the whole folded hours inside its range from the
//! rollup and scans the turns of the rest: its partial first and last hours
//! and everything after the watermark.
use std::collections::{BTreeMap, BTreeSet};

use chrono::{Duration, DurationRound, NaiveDateTime};
use rust_decimal::{Decimal, prelude::ToPrimitive};
use sea_orm::{ActiveValue::Set, DatabaseConnection, DatabaseTransaction};
use tokio_util::sync::CancellationToken;

use super::{
    store::{self, stats::StatRow},
    turn::Bucket,
};
use crate::{
    db,
    entity::{amount::Amount, conversation_stats_hourly as hourly},
    error::AppResult,
    state::AppState,
    sweep::Schedule,
};

/// How long after an hour ends it is folded: more than any clock skew
/// between instances and any write in flight.
pub const GRACE: Duration = Duration::minutes(5);
/// Hours folded per transaction, so a first fold over years of turns is
/// many short transactions rather than one long one.
const HOURS_PER_FOLD: i64 = 24 * 7;

/// The sums one group's statistics are made of: one turn's, one rollup
/// row's, or any number of them added.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sums {
    pub turns: i64,
    pub candidates: i64,
    pub low: i64,
    pub confidence_sum: Decimal,
    pub confidences: i64,
    /// (sum, count) of the NLU processing times.
    pub nlu_ms: (i64, i64),
    /// (sum, count) of the response times.
    pub response_ms: (i64, i64),
}

impl Sums {
    pub fn of_turn(row: &StatRow) -> Sums {
        let StatRow {
            confidence,
            bucket,
            nlu_ms,
            response_ms,
            candidate,
            ..
        } = row;
        let timed = |ms: &Option<i32>| ms.map_or((0, 0), |ms| (i64::from(ms), 1));
        Sums {
            turns: 1,
            candidates: i64::from(*candidate == Some(true)),
            low: i64::from(bucket.as_deref().and_then(Bucket::parse) == Some(Bucket::Low)),
            confidence_sum: confidence.map_or(Decimal::ZERO, |Amount(c)| c),
            confidences: i64::from(confidence.is_some()),
            nlu_ms: timed(nlu_ms),
            response_ms: timed(response_ms),
        }
    }

    /// The sums of a group of rollup rows, as the store adds them up.
    pub fn of_rollup(totals: &store::rollup::Totals) -> Sums {
        Sums {
            turns: totals.turns,
            candidates: totals.candidates,
            low: totals.low_confidence,
            confidence_sum: Decimal::new(totals.confidence_sum_e4, 4),
            confidences: totals.confidences,
            nlu_ms: (totals.nlu_ms_sum, totals.nlu_ms_count),
            response_ms: (totals.response_ms_sum, totals.response_ms_count),
        }
    }

    pub fn add(&mut self, other: &Sums) {
        self.turns += other.turns;
        self.candidates += other.candidates;
        self.low += other.low;
        self.confidence_sum += other.confidence_sum;
        self.confidences += other.confidences;
        self.nlu_ms.0 += other.nlu_ms.0;
        self.nlu_ms.1 += other.nlu_ms.1;
        self.response_ms.0 += other.response_ms.0;
        self.response_ms.1 += other.response_ms.1;
    }

    fn into_row(self, (hour, intent, language): Key) -> hourly::ActiveModel {
        hourly::ActiveModel {
            hour: Set(hour),
            intent: Set(intent),
            language: Set(language),
            turns: Set(self.turns),
            candidates: Set(self.candidates),
            low_confidence: Set(self.low),
            confidence_sum_e4: Set(ten_thousandths(self.confidence_sum)),
            confidences: Set(self.confidences),
            nlu_ms_sum: Set(self.nlu_ms.0),
            nlu_ms_count: Set(self.nlu_ms.1),
            response_ms_sum: Set(self.response_ms.0),
            response_ms_count: Set(self.response_ms.1),
        }
    }
}

/// A confidence sum in ten-thousandths (confidences have four places).
fn ten_thousandths(sum: Decimal) -> i64 {
    (sum * Decimal::from(10_000))
        .round()
        .to_i64()
        .unwrap_or(i64::MAX)
}

/// (hour, intent, language) of a rollup row.
type Key = (NaiveDateTime, String, String);

/// The start of the hour `time` falls in.
pub fn floor_hour(time: NaiveDateTime) -> NaiveDateTime {
    time.duration_trunc(Duration::hours(1)).unwrap_or(time)
}

fn ceil_hour(time: NaiveDateTime) -> NaiveDateTime {
    let floor = floor_hour(time);
    if floor == time {
        floor
    } else {
        floor + Duration::hours(1)
    }
}

/// Where a read over `[start, end)` takes its figures from.
#[derive(Debug, PartialEq, Eq)]
pub struct Plan {
    /// Whole folded hours `[from, until)` read from the rollup (no `from`:
    /// from the first one).
    pub folded: Option<(Option<NaiveDateTime>, NaiveDateTime)>,
    /// Ranges of turns read one by one (open ends: no bound).
    pub scanned: Vec<(Option<NaiveDateTime>, Option<NaiveDateTime>)>,
}

/// Splits `[start, end)` into folded hours and turns to scan, given the
/// watermark.
pub fn plan(
    start: Option<NaiveDateTime>,
    end: Option<NaiveDateTime>,
    folded_until: Option<NaiveDateTime>,
) -> Plan {
    let everything = Plan {
        folded: None,
        scanned: vec![(start, end)],
    };
    let Some(folded_until) = folded_until else {
        return everything;
    };
    let from = start.map(ceil_hour);
    let until = end.map_or(folded_until, |end| floor_hour(end).min(folded_until));
    if from.is_some_and(|from| from >= until) {
        return everything;
    }
    let mut scanned = Vec::new();
    if let (Some(start), Some(from)) = (start, from)
        && start < from
    {
        scanned.push((Some(start), Some(from)));
    }
    if end.is_none_or(|end| until < end) {
        scanned.push((Some(until), end));
    }
    Plan {
        folded: Some((from, until)),
        scanned,
    }
}

/// Folds every closed hour not folded yet; returns how many hours.
#[tracing::instrument(skip_all, err(level = "debug"), fields(hours))]
pub async fn fold(db: &DatabaseConnection, now: NaiveDateTime) -> AppResult<u64> {
    let closed = floor_hour(now - GRACE);
    let mut hours = 0;
    loop {
        // Most runs find nothing to do: no write transaction for them.
        if store::rollup::folded_until(db)
            .await?
            .is_some_and(|until| until >= closed)
        {
            break;
        }
        let txn = db::begin_write(db).await?;
        let from = match store::rollup::lock_folded_until(&txn).await? {
            Some(until) => until,
            // The first fold starts at the oldest turn; with none there is
            // nothing to fold and no watermark to set yet.
            None => match store::rollup::first_turn_at(&txn).await? {
                Some(first) => floor_hour(first),
                None => break,
            },
        };
        let until = closed.min(from + Duration::hours(HOURS_PER_FOLD));
        if from < until {
            let rows = aggregate(&txn, from, until).await?;
            store::rollup::insert_hours(&txn, rows).await?;
            hours += u64::try_from((until - from).num_hours()).unwrap_or(0);
        }
        store::rollup::set_folded_until(&txn, until.max(from)).await?;
        txn.commit().await?;
        if until >= closed {
            break;
        }
    }
    tracing::Span::current().record("hours", hours);
    Ok(hours)
}

/// Folds again the folded hours among `times` (turns of which the caller's
/// transaction deleted), so the rollup keeps matching the turns.
pub async fn refold(
    txn: &DatabaseTransaction,
    times: impl IntoIterator<Item = NaiveDateTime>,
) -> AppResult<()> {
    let Some(folded_until) = store::rollup::lock_folded_until(txn).await? else {
        return Ok(());
    };
    let hours: BTreeSet<NaiveDateTime> = times
        .into_iter()
        .map(floor_hour)
        .filter(|hour| *hour < folded_until)
        .collect();
    // Runs of consecutive hours are refolded as one range.
    let mut runs: Vec<(NaiveDateTime, NaiveDateTime)> = Vec::new();
    for hour in hours {
        match runs.last_mut() {
            Some((_, end)) if *end == hour => *end = hour + Duration::hours(1),
            _ => runs.push((hour, hour + Duration::hours(1))),
        }
    }
    for (from, until) in runs {
        store::rollup::delete_hours(txn, from, until).await?;
        let rows = aggregate(txn, from, until).await?;
        store::rollup::insert_hours(txn, rows).await?;
    }
    Ok(())
}

/// The rollup rows of the turns logged in `[from, until)`.
async fn aggregate(
    txn: &DatabaseTransaction,
    from: NaiveDateTime,
    until: NaiveDateTime,
) -> AppResult<Vec<hourly::ActiveModel>> {
    let mut groups: BTreeMap<Key, Sums> = BTreeMap::new();
    store::stats::scan(txn, Some(from), Some(until), |row| {
        let Some(created_at) = row.created_at else {
            return;
        };
        let key = (
            floor_hour(created_at),
            row.intent.clone().unwrap_or_default(),
            row.language.clone().unwrap_or_default(),
        );
        groups.entry(key).or_default().add(&Sums::of_turn(&row));
    })
    .await?;
    Ok(groups
        .into_iter()
        .map(|(key, sums)| sums.into_row(key))
        .collect())
}

/// Runs [`fold`] on `schedule` until `stop` is cancelled.
pub fn spawn_folder(
    state: AppState,
    schedule: Schedule,
    stop: CancellationToken,
) -> tokio::task::JoinHandle<()> {
    crate::sweep::spawn("conversation stats rollup", schedule, stop, move || {
        let state = state.clone();
        async move { fold(&state.db, state.clock.now()).await }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    #[test]
    fn nothing_folded_scans_the_range() {
        let plan = plan(Some(at("2026-01-01 10:30:00")), None, None);
        assert_eq!(plan.folded, None);
        assert_eq!(plan.scanned, vec![(Some(at("2026-01-01 10:30:00")), None)]);
    }

    #[test]
    fn partial_hours_at_both_ends_are_scanned() {
        let plan = plan(
            Some(at("2026-01-01 10:30:00")),
            Some(at("2026-01-01 14:15:00")),
            Some(at("2026-01-02 00:00:00")),
        );
        assert_eq!(
            plan.folded,
            Some((Some(at("2026-01-01 11:00:00")), at("2026-01-01 14:00:00")))
        );
        assert_eq!(
            plan.scanned,
            vec![
                (
                    Some(at("2026-01-01 10:30:00")),
                    Some(at("2026-01-01 11:00:00"))
                ),
                (
                    Some(at("2026-01-01 14:00:00")),
                    Some(at("2026-01-01 14:15:00"))
                ),
            ]
        );
    }

    #[test]
    fn everything_after_the_watermark_is_scanned() {
        let plan = plan(None, None, Some(at("2026-01-02 05:00:00")));
        assert_eq!(plan.folded, Some((None, at("2026-01-02 05:00:00"))));
        assert_eq!(plan.scanned, vec![(Some(at("2026-01-02 05:00:00")), None)]);
    }

    #[test]
    fn whole_hours_need_no_scan() {
        let plan = plan(
            Some(at("2026-01-01 10:00:00")),
            Some(at("2026-01-01 12:00:00")),
            Some(at("2026-01-02 00:00:00")),
        );
        assert_eq!(
            plan.folded,
            Some((Some(at("2026-01-01 10:00:00")), at("2026-01-01 12:00:00")))
        );
        assert!(plan.scanned.is_empty());
    }

    #[test]
    fn a_range_within_one_hour_is_scanned_whole() {
        let (start, end) = (at("2026-01-01 10:10:00"), at("2026-01-01 10:50:00"));
        let plan = plan(Some(start), Some(end), Some(at("2026-01-02 00:00:00")));
        assert_eq!(plan.folded, None);
        assert_eq!(plan.scanned, vec![(Some(start), Some(end))]);
    }
}
