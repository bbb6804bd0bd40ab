//! GetConversationStats: per intent and per language over a time range.
//! Confidences are summed as exact decimals in Rust (SQLite would average
//! its TEXT column as floats); rows are streamed, memory grows only with
//! the number of intents and languages.
use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use rust_decimal::{Decimal, RoundingStrategy};
use sea_orm::DatabaseConnection;

use super::{
    store::{self, stats::StatRow},
    turn::Bucket,
};
use crate::{
    entity::amount::Amount,
    error::{AppError, AppResult},
};

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

#[derive(Default)]
struct Acc {
    turns: i64,
    low: i64,
    confidence_sum: Decimal,
    confidences: i64,
    nlu_ms: (i64, i64),
    response_ms: (i64, i64),
}

impl Acc {
    fn add(&mut self, row: &StatRow) {
        let StatRow {
            confidence,
            bucket,
            nlu_ms,
            response_ms,
            ..
        } = row;
        self.turns += 1;
        self.low += i64::from(bucket.as_deref().and_then(Bucket::parse) == Some(Bucket::Low));
        if let Some(Amount(c)) = confidence {
            self.confidence_sum += c;
            self.confidences += 1;
        }
        for (sum, value) in [
            (&mut self.nlu_ms, nlu_ms),
            (&mut self.response_ms, response_ms),
        ] {
            if let Some(ms) = value {
                sum.0 += i64::from(*ms);
                sum.1 += 1;
            }
        }
    }

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
    let (mut intents, mut languages) = (BTreeMap::new(), BTreeMap::new());
    let mut result = ConversationStats::default();
    store::stats::scan(db, start, end, |row| {
        result.turns += 1;
        result.candidates += i64::from(row.candidate == Some(true));
        let intent = row.intent.clone().unwrap_or_default();
        let language = row.language.clone().unwrap_or_default();
        intents.entry(intent).or_insert_with(Acc::default).add(&row);
        languages
            .entry(language)
            .or_insert_with(Acc::default)
            .add(&row);
    })
    .await?;
    result.intents = intents.into_iter().map(|(k, a)| a.finish(k)).collect();
    result.languages = languages.into_iter().map(|(k, a)| a.finish(k)).collect();
    Ok(result)
}
