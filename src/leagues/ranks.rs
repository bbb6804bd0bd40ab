//! Ranks on a leaderboard from score buckets (`leaderboard_score_counts`):
//! a rank is 1 + the players ahead, and counting them over the rank index
//! grew with the board (a player in the middle of 100 000 counted 50 000
//! index entries per call). The buckets hold players per score, so the
//! count is a sum over the distinct scores above.
//!
//! Completions do not touch the buckets: the popular scores' rows would be
//! hot, and every completion updates twelve boards. A completion raises a
//! total's `score`; [`fold`] counts totals whose `ranked_score` differs
//! into the buckets (one bucket down, one up) and sets `ranked_score`, in
//! one transaction, with the totals it folds locked, so each change is
//! counted once even with several instances folding. A reader adds the few
//! totals not folded yet to what the buckets say
//! ([`store::ranks::count_above`]), so ranks are exact at every moment.
use std::collections::BTreeMap;

use sea_orm::DatabaseConnection;

use super::store::ranks::{self as store, Bucket};
use crate::{db, entity::leaderboard_totals, error::AppResult};

/// Totals folded per transaction: bounds the locks one fold holds.
const FOLD_CHUNK: u64 = 2000;

/// Counts every uncounted total into the buckets; returns how many.
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn fold(db: &DatabaseConnection) -> AppResult<u64> {
    let mut folded = 0;
    loop {
        let txn = db::begin_write(db).await?;
        let taken = store::take_unranked(&txn, FOLD_CHUNK).await?;
        if taken.is_empty() {
            txn.commit().await?;
            return Ok(folded);
        }
        store::add_to_buckets(&txn, &changes(&taken)).await?;
        store::mark_ranked(&txn, &taken).await?;
        txn.commit().await?;
        let n = u64::try_from(taken.len()).unwrap_or(u64::MAX);
        folded += n;
        if n < FOLD_CHUNK {
            return Ok(folded);
        }
    }
}

/// The change of players per bucket when `totals` are counted at their
/// scores: out of the bucket they were counted in (if any), into their own.
fn changes(totals: &[leaderboard_totals::Model]) -> BTreeMap<Bucket, i64> {
    let mut changes = BTreeMap::new();
    for t in totals {
        let bucket = |score| {
            (
                t.period_kind.clone(),
                t.period_start,
                t.game_type.clone(),
                t.language.clone(),
                score,
            )
        };
        if let Some(counted) = t.ranked_score {
            *changes.entry(bucket(counted)).or_insert(0) -= 1;
        }
        *changes.entry(bucket(t.score)).or_insert(0) += 1;
    }
    changes
}

/// Folds every 5 s, so the totals a reader corrects for stay few.
pub fn spawn_folder(
    db: DatabaseConnection,
    stop: tokio_util::sync::CancellationToken,
) -> tokio::task::JoinHandle<()> {
    let schedule = crate::sweep::Schedule {
        first_after: std::time::Duration::from_secs(5),
        every: std::time::Duration::from_secs(5),
    };
    crate::sweep::spawn("leaderboard ranks", schedule, stop, move || {
        let db = db.clone();
        async move { fold(&db).await }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn total(user_id: i32, score: i64, ranked_score: Option<i64>) -> leaderboard_totals::Model {
        leaderboard_totals::Model {
            period_kind: "all".into(),
            period_start: chrono::NaiveDateTime::default(),
            game_type: String::new(),
            language: String::new(),
            user_id,
            score,
            games: 1,
            league_points: 0,
            ranked_score,
        }
    }

    #[test]
    fn a_raised_score_moves_its_player_one_bucket_up_and_a_new_one_arrives() {
        // 1 moves 4 → 7, 2 arrives at 7, 3 moves 7 → 9.
        let moved = changes(&[
            total(1, 7, Some(4)),
            total(2, 7, None),
            total(3, 9, Some(7)),
        ]);
        let view: Vec<(i64, i64)> = moved.iter().map(|(b, n)| (b.4, *n)).collect();
        assert_eq!(view, vec![(4, -1), (7, 1), (9, 1)]);
    }
}
