//! GetConversationStats: per intent and per language over a time range.
//!
//! Closed hours come from the hourly rollup ([`super::rollup`]); only the
//! turns of the range's partial first and last hours and of the hours not
//! yet folded are read from `conversation_logs`, so a read costs the same
//! whether the table holds a thousand turns or ten million. Confidences are
//! summed as exact decimals in Rust (SQLite would average its TEXT column as
//! floats); rows are streamed, memory grows only with the number of intents
//! and languages.
use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use rust_decimal::{Decimal, RoundingStrategy};
use sea_orm::DatabaseConnection;

use super::{
    rollup::{self, Sums},
    store,
};
use crate::error::{AppError, AppResult};

/// Figures for one intent or language.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupStats {
    pub key: String,
    pub turns: i64,
    pub mean_confidence: Option<Decimal>,
    pub low_confidence_share: Decimal,
    pub mean_nlu_processing_ms: Option<f64>,
    pub mean_response_ms: Option<f64>,
}

#[derive(Debug, Default)]
pub struct ConversationStats {
    pub turns: i64,
    pub candidates: i64,
    pub intents: Vec<GroupStats>,
    pub languages: Vec<GroupStats>,
}

impl Sums {
    fn finish(self, key: String) -> GroupStats {
        // Always four places ("0.5500"), whatever the division produced.
        let round = |d: Decimal| {
            let mut d = d.round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero);
            d.rescale(4);
            d
        };
        let mean_ms = |(sum, n): (i64, i64)| (n > 0).then(|| sum as f64 / n as f64);
        GroupStats {
            key,
            turns: self.turns,
            mean_confidence: (self.confidences > 0)
                .then(|| round(self.confidence_sum / Decimal::from(self.confidences))),
            low_confidence_share: round(Decimal::from(self.low) / Decimal::from(self.turns.max(1))),
            mean_nlu_processing_ms: mean_ms(self.nlu_ms),
            mean_response_ms: mean_ms(self.response_ms),
        }
    }
}

/// Sums per intent and per language, as the parts of a range are added.
#[derive(Default)]
struct Tally {
    total: Sums,
    intents: BTreeMap<String, Sums>,
    languages: BTreeMap<String, Sums>,
}

impl Tally {
    fn add(&mut self, intent: &str, language: &str, sums: &Sums) {
        self.total.add(sums);
        for (map, key) in [(&mut self.intents, intent), (&mut self.languages, language)] {
            match map.get_mut(key) {
                Some(group) => group.add(sums),
                None => {
                    map.insert(key.to_string(), sums.clone());
                }
            }
        }
    }

    fn finish(self) -> ConversationStats {
        ConversationStats {
            turns: self.total.turns,
            candidates: self.total.candidates,
            intents: self.intents.into_iter().map(|(k, s)| s.finish(k)).collect(),
            languages: self
                .languages
                .into_iter()
                .map(|(k, s)| s.finish(k))
                .collect(),
        }
    }
}

#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn stats(
    db: &DatabaseConnection,
    start: Option<NaiveDateTime>,
    end: Option<NaiveDateTime>,
) -> AppResult<ConversationStats> {
    if let (Some(start), Some(end)) = (start, end)
        && start >= end
    {
        return Err(AppError::invalid("end_time", "must be after start_time"));
    }
    let folded_until = store::rollup::folded_until(db).await?;
    let plan = rollup::plan(start, end, folded_until);
    let mut tally = Tally::default();
    if let Some((from, until)) = plan.folded {
        for totals in store::rollup::totals_between(db, from, until).await? {
            let sums = Sums::of_rollup(&totals);
            tally.add(&totals.intent, &totals.language, &sums);
        }
    }
    for (from, until) in plan.scanned {
        store::stats::scan(db, from, until, |row| {
            let sums = Sums::of_turn(&row);
            let intent = row.intent.as_deref().unwrap_or_default();
            let language = row.language.as_deref().unwrap_or_default();
            tally.add(intent, language, &sums);
        })
        .await?;
    }
    Ok(tally.finish())
}
