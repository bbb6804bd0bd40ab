//! SQL for conversation turns.
use chrono::NaiveDateTime;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, sea_query::Query,
};

use super::{Turn, TurnFilter, turn::NewTurn};
use crate::{
    db,
    entity::{amount::Amount, conversation_logs as logs, training_samples as samples},
    error::AppResult,
};

fn active_model(turn: NewTurn, now: NaiveDateTime) -> logs::ActiveModel {
    logs::ActiveModel {
        id: sea_orm::ActiveValue::NotSet,
        user_id: Set(turn.user_id),
        session_id: Set(turn.session_id),
        phone_number: Set(turn.phone_number),
        channel: Set(Some(turn.channel)),
        user_message: Set(turn.user_message),
        bot_response: Set(turn.bot_response),
        message_type: Set(Some(turn.message_type)),
        nlu_intent: Set(turn.nlu_intent),
        nlu_confidence: Set(turn.nlu_confidence.map(Amount)),
        nlu_alternate_intents: Set(turn.nlu_alternate_intents),
        nlu_entities: Set(turn.nlu_entities),
        nlu_language: Set(turn.nlu_language),
        nlu_tone: Set(turn.nlu_tone),
        nlu_provider: Set(turn.nlu_provider),
        nlu_processing_time_ms: Set(turn.nlu_processing_time_ms),
        routed_to: Set(turn.routed_to),
        routing_reason: Set(turn.routing_reason),
        flow_id: Set(turn.flow_id),
        agent_id: Set(turn.agent_id),
        response_type: Set(turn.response_type),
        response_success: Set(Some(turn.response_success)),
        response_time_ms: Set(turn.response_time_ms),
        conversation_context: Set(turn.conversation_context),
        turn_number: Set(turn.turn_number),
        is_training_candidate: Set(Some(turn.is_training_candidate)),
        training_confidence_bucket: Set(turn.bucket.map(|b| b.as_str().to_string())),
        created_at: Set(Some(now)),
    }
}

pub async fn insert(db: &DatabaseConnection, turn: NewTurn) -> AppResult<Turn> {
    let now = chrono::Utc::now().naive_utc();
    let turn = active_model(turn, now).insert(db).await?;
    crate::metrics::turns_logged(1);
    Ok(turn)
}

/// Inserts the turns in one multi-row INSERT inside one transaction.
pub async fn insert_many(db: &DatabaseConnection, turns: Vec<NewTurn>) -> AppResult<u64> {
    if turns.is_empty() {
        return Ok(0);
    }
    let now = chrono::Utc::now().naive_utc();
    let models = turns.into_iter().map(|t| active_model(t, now));
    let txn = db::begin_write(db).await?;
    let inserted = logs::Entity::insert_many(models)
        .exec_without_returning(&txn)
        .await?;
    txn.commit().await?;
    crate::metrics::turns_logged(inserted);
    Ok(inserted)
}

/// A page of turns, newest (highest id) first, after the cursor.
pub async fn list(
    db: &DatabaseConnection,
    filter: &TurnFilter,
    before_id: Option<i64>,
    size: u64,
) -> AppResult<Vec<Turn>> {
    let mut query = logs::Entity::find()
        .order_by_desc(logs::Column::Id)
        .limit(size + 1);
    macro_rules! eq {
        ($field:expr, $column:expr) => {
            if let Some(value) = $field.clone() {
                query = query.filter($column.eq(value));
            }
        };
    }
    eq!(filter.session_id, logs::Column::SessionId);
    eq!(filter.user_id, logs::Column::UserId);
    eq!(filter.intent, logs::Column::NluIntent);
    eq!(filter.channel, logs::Column::Channel);
    eq!(filter.language, logs::Column::NluLanguage);
    eq!(
        filter.bucket.map(|b| b.as_str()),
        logs::Column::TrainingConfidenceBucket
    );
    if let Some(start) = filter.start {
        query = query.filter(logs::Column::CreatedAt.gte(start));
    }
    if let Some(end) = filter.end {
        query = query.filter(logs::Column::CreatedAt.lt(end));
    }
    if filter.candidates_only {
        let promoted = Query::select()
            .column(samples::Column::ConversationLogId)
            .from(samples::Entity)
            .and_where(samples::Column::ConversationLogId.is_not_null())
            .to_owned();
        query = query
            .filter(logs::Column::IsTrainingCandidate.eq(true))
            .filter(logs::Column::Id.not_in_subquery(promoted));
    }
    if let Some(before) = before_id {
        query = query.filter(logs::Column::Id.lt(before));
    }
    Ok(query.all(db).await?)
}
