//! A question's `usage_count` and `success_rate`, folded from its answers.
//!
//! SubmitAnswer no longer touches the question's row: every game showing a
//! popular question used to update it in its own transaction, and all the
//! players queued on that one lock. An answer that counts (not too fast,
//! not a personalised question) is written with `stats_pending`; [`fold`]
//! adds the marked answers to their questions and clears the marks in one
//! transaction. It runs on a timer and before every read of the bank, so a
//! reader never sees a count that misses an answer already given.
//!
//! Several instances may fold at once: the statement that clears the marks
//! re-checks each one under its row lock, so an answer is counted once.
use std::collections::BTreeMap;

use rust_decimal::Decimal;
use sea_orm::DatabaseConnection;

use super::store;
use crate::{db, error::AppResult};

/// Answers folded per transaction: bounds the locks one fold holds.
const FOLD_CHUNK: u64 = 2000;

/// Folds every pending answer; returns how many were counted.
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn fold(db: &DatabaseConnection) -> AppResult<u64> {
    let mut folded = 0;
    loop {
        // Most reads find nothing to fold: no write transaction for them.
        if !store::has_pending_answers(db).await? {
            return Ok(folded);
        }
        let txn = db::begin_write(db).await?;
        let taken = store::take_pending_answers(&txn, FOLD_CHUNK).await?;
        let per_question = tally(&taken);
        for (question_id, counts) in per_question {
            if let Some((usage, rate)) = store::usage(&txn, question_id).await? {
                let (usage, rate) = counts.add_to(usage, rate);
                store::set_usage(&txn, question_id, usage, rate).await?;
            }
        }
        txn.commit().await?;
        let n = u64::try_from(taken.len()).unwrap_or(u64::MAX);
        folded += n;
        if n < FOLD_CHUNK {
            return Ok(folded);
        }
    }
}

/// Folds on a timer (every 10 s), so the draw, which orders templates by
/// usage, sees counts at most that old even when nobody reads the bank.
pub fn spawn_folder(
    db: DatabaseConnection,
    stop: tokio_util::sync::CancellationToken,
) -> tokio::task::JoinHandle<()> {
    let schedule = crate::sweep::Schedule {
        first_after: std::time::Duration::from_secs(10),
        every: std::time::Duration::from_secs(10),
    };
    crate::sweep::spawn("question statistics", schedule, stop, move || {
        let db = db.clone();
        async move { fold(&db).await }
    })
}

/// Answers and correct answers of one question in a fold.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub answers: i32,
    pub correct: i32,
}

impl Counts {
    /// The question's usage and success rate (four places) with these
    /// answers added. A NULL usage (rows of other apps) counts as 0.
    pub fn add_to(self, usage: Option<i32>, rate: Option<Decimal>) -> (i32, Decimal) {
        let before = usage.unwrap_or(0).max(0);
        let successes =
            rate.unwrap_or_default() * Decimal::from(before) + Decimal::from(self.correct);
        let after = before.saturating_add(self.answers);
        if after == 0 {
            return (0, rate.unwrap_or_default().round_dp(4));
        }
        // Always four places ("1.0000"), as PostgreSQL's DECIMAL(5,4) keeps
        // it, so both backends show the same text.
        let mut rate = (successes / Decimal::from(after)).round_dp(4);
        rate.rescale(4);
        (after, rate)
    }
}

/// `(question_id, correct)` pairs counted per question, in id order (the
/// order the fold locks the question rows in).
fn tally(answers: &[(i32, bool)]) -> BTreeMap<i32, Counts> {
    let mut counts: BTreeMap<i32, Counts> = BTreeMap::new();
    for &(question_id, correct) in answers {
        let entry = counts.entry(question_id).or_default();
        entry.answers += 1;
        entry.correct += i32::from(correct);
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_fold_into_the_running_rate_as_one_at_a_time_would() {
        // 3 answers, 2 right, on top of 4 answers at 0.5 (2 right): 4 of 7.
        let counts = tally(&[(7, true), (7, false), (7, true)]);
        assert_eq!(
            counts[&7],
            Counts {
                answers: 3,
                correct: 2
            }
        );
        let (usage, rate) = counts[&7].add_to(Some(4), Some(Decimal::new(5, 1)));
        assert_eq!((usage, rate), (7, Decimal::new(5714, 4)));
        // A question nobody answered before, and one of another app (NULLs).
        assert_eq!(
            Counts {
                answers: 2,
                correct: 1
            }
            .add_to(None, None),
            (2, Decimal::new(5, 1))
        );
    }

    #[test]
    fn questions_are_locked_in_id_order() {
        let counts = tally(&[(9, true), (2, false), (5, true), (2, true)]);
        assert_eq!(counts.keys().copied().collect::<Vec<_>>(), vec![2, 5, 9]);
    }
}
