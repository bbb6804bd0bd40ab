//! GetConversationStats: per intent and per language over a time range.
//! Confidences are summed as exact decimals in Rust (SQLite would average
//! its TEXT column as floats); rows are streamed, memory grows only with
//! the number of intents and languages.
use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use rust_decimal::{Decimal, RoundingStrategy};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect};
use tokio_stream::StreamExt;

use super::turn::Bucket;
use crate::{
    entity::{amount::Amount, conversation_logs as logs},
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

type Row = (
    Option<String>,
    Option<String>,
    Option<Amount>,
    Option<String>,
    Option<i32>,
    Option<i32>,
    Option<bool>,
);

impl Acc {
    fn add(&mut self, row: &Row) {
        let (_, _, confidence, bucket, nlu_ms, response_ms, _) = row;
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
    use logs::Column as C;
    let mut query = logs::Entity::find().select_only().columns([
        C::NluIntent,
        C::NluLanguage,
        C::NluConfidence,
        C::TrainingConfidenceBucket,
        C::NluProcessingTimeMs,
        C::ResponseTimeMs,
        C::IsTrainingCandidate,
    ]);
    if let Some(start) = start {
        query = query.filter(C::CreatedAt.gte(start));
    }
    if let Some(end) = end {
        query = query.filter(C::CreatedAt.lt(end));
    }
    let mut rows = query.into_tuple::<Row>().stream(db).await?;
    let (mut intents, mut languages) = (BTreeMap::new(), BTreeMap::new());
    let mut result = ConversationStats::default();
    while let Some(row) = rows.next().await {
        let row = row?;
        result.turns += 1;
        result.candidates += i64::from(row.6 == Some(true));
        let intent = row.0.clone().unwrap_or_default();
        let language = row.1.clone().unwrap_or_default();
        intents.entry(intent).or_insert_with(Acc::default).add(&row);
        languages
            .entry(language)
            .or_insert_with(Acc::default)
            .add(&row);
    }
    result.intents = intents.into_iter().map(|(k, a)| a.finish(k)).collect();
    result.languages = languages.into_iter().map(|(k, a)| a.finish(k)).collect();
    Ok(result)
}
