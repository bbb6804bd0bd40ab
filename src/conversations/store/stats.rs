//! The rows GetConversationStats folds: one scan of the turns in a window,
//! streamed, so no table size is ever held in memory.
use chrono::NaiveDateTime;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, StreamTrait};
use tokio_stream::StreamExt;

use crate::{
    entity::{amount::Amount, conversation_logs as logs},
    error::AppResult,
};

/// What the statistics read of one turn.
pub struct StatRow {
    pub created_at: Option<NaiveDateTime>,
    pub intent: Option<String>,
    pub language: Option<String>,
    pub confidence: Option<Amount>,
    pub bucket: Option<String>,
    pub nlu_ms: Option<i32>,
    pub response_ms: Option<i32>,
    pub candidate: Option<bool>,
}

type Tuple = (
    Option<NaiveDateTime>,
    Option<String>,
    Option<String>,
    Option<Amount>,
    Option<String>,
    Option<i32>,
    Option<i32>,
    Option<bool>,
);

/// Calls `each` for every turn logged in `[start, end)` (open ends: no bound).
pub async fn scan(
    db: &(impl ConnectionTrait + StreamTrait),
    start: Option<NaiveDateTime>,
    end: Option<NaiveDateTime>,
    mut each: impl FnMut(StatRow),
) -> AppResult<()> {
    use logs::Column as C;
    let mut query = logs::Entity::find().select_only().columns([
        C::CreatedAt,
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
    let mut rows = query.into_tuple::<Tuple>().stream(db).await?;
    while let Some(row) = rows.next().await {
        let (created_at, intent, language, confidence, bucket, nlu_ms, response_ms, candidate) =
            row?;
        each(StatRow {
            created_at,
            intent,
            language,
            confidence,
            bucket,
            nlu_ms,
            response_ms,
            candidate,
        });
    }
    Ok(())
}
