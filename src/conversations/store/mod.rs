//! SQL for conversation turns.
pub mod copy;
pub mod privacy;
pub mod rollup;
pub mod stats;
use chrono::NaiveDateTime;
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::{NotSet, Set},
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
    sea_query::{Expr, ExprTrait, Query},
};

use super::{
    TurnFilter,
    turn::{Bucket, NewTurn, Turn, TurnFields},
};
use crate::{
    db,
    entity::{amount::Amount, conversation_logs as logs, training_samples as samples},
    error::{AppError, AppResult},
    idempotency::{self, RequestKey},
};

fn active_model(turn: NewTurn, now: NaiveDateTime) -> logs::ActiveModel {
    let NewTurn {
        fields,
        bucket,
        is_training_candidate,
    } = turn;
    let TurnFields {
        user_id,
        session_id,
        phone_number,
        channel,
        user_message,
        bot_response,
        message_type,
        nlu_intent,
        nlu_confidence,
        nlu_alternate_intents,
        nlu_entities,
        nlu_language,
        nlu_tone,
        nlu_provider,
        nlu_processing_time_ms,
        routed_to,
        routing_reason,
        flow_id,
        agent_id,
        response_type,
        response_success,
        response_time_ms,
        conversation_context,
        turn_number,
    } = fields;
    logs::ActiveModel {
        id: NotSet,
        user_id: Set(user_id),
        session_id: Set(session_id),
        phone_number: Set(phone_number),
        channel: Set(channel),
        user_message: Set(user_message),
        bot_response: Set(bot_response),
        message_type: Set(message_type),
        nlu_intent: Set(nlu_intent),
        nlu_confidence: Set(nlu_confidence.map(Amount)),
        nlu_alternate_intents: Set(nlu_alternate_intents),
        nlu_entities: Set(nlu_entities),
        nlu_language: Set(nlu_language),
        nlu_tone: Set(nlu_tone),
        nlu_provider: Set(nlu_provider),
        nlu_processing_time_ms: Set(nlu_processing_time_ms),
        routed_to: Set(routed_to),
        routing_reason: Set(routing_reason),
        flow_id: Set(flow_id),
        agent_id: Set(agent_id),
        response_type: Set(response_type),
        response_success: Set(response_success),
        response_time_ms: Set(response_time_ms),
        conversation_context: Set(conversation_context),
        turn_number: Set(turn_number),
        is_training_candidate: Set(Some(is_training_candidate)),
        training_confidence_bucket: Set(bucket.map(|b| b.as_str().to_string())),
        created_at: Set(Some(now)),
    }
}

/// A stored row as the domain reads it: an unknown legacy bucket reads as
/// none, a missing candidate flag as false.
pub(super) fn from_row(row: logs::Model) -> Turn {
    let logs::Model {
        id,
        user_id,
        session_id,
        phone_number,
        channel,
        user_message,
        bot_response,
        message_type,
        nlu_intent,
        nlu_confidence,
        nlu_alternate_intents,
        nlu_entities,
        nlu_language,
        nlu_tone,
        nlu_provider,
        nlu_processing_time_ms,
        routed_to,
        routing_reason,
        flow_id,
        agent_id,
        response_type,
        response_success,
        response_time_ms,
        conversation_context,
        turn_number,
        is_training_candidate,
        training_confidence_bucket,
        created_at,
    } = row;
    let fields = TurnFields {
        user_id,
        session_id,
        phone_number,
        channel,
        user_message,
        bot_response,
        message_type,
        nlu_intent,
        nlu_confidence: nlu_confidence.map(|a| a.0),
        nlu_alternate_intents,
        nlu_entities,
        nlu_language,
        nlu_tone,
        nlu_provider,
        nlu_processing_time_ms,
        routed_to,
        routing_reason,
        flow_id,
        agent_id,
        response_type,
        response_success,
        response_time_ms,
        conversation_context,
        turn_number,
    };
    Turn {
        id,
        created_at,
        turn: NewTurn {
            fields,
            bucket: training_confidence_bucket
                .as_deref()
                .and_then(Bucket::parse),
            is_training_candidate: is_training_candidate.unwrap_or(false),
        },
    }
}

pub async fn insert(
    db: &impl ConnectionTrait,
    turn: NewTurn,
    now: NaiveDateTime,
) -> AppResult<Turn> {
    Ok(from_row(active_model(turn, now).insert(db).await?))
}

/// Inserts the turn once per request id; a retry gets the turn the first
/// call logged (`true`: replayed, nothing written).
pub async fn insert_once(
    db: &DatabaseConnection,
    turn: NewTurn,
    key: &RequestKey,
    now: NaiveDateTime,
) -> AppResult<(Turn, bool)> {
    let txn = db::begin_write(db).await?;
    if let Some(id) = idempotency::claim(&txn, Some(key), now).await? {
        txn.rollback().await?;
        return Ok((get(db, id).await?, true));
    }
    let saved = insert(&txn, turn, now).await?;
    idempotency::record(&txn, Some(key), i64::from(saved.id)).await?;
    txn.commit().await?;
    Ok((saved, false))
}

/// A turn by id (a replayed request's turn may have been deleted since).
pub async fn get(db: &impl ConnectionTrait, id: i64) -> AppResult<Turn> {
    let missing =
        || AppError::not_found(format!("turn {id}, logged earlier under this request_id,"));
    let id = i32::try_from(id).map_err(|_| missing())?;
    logs::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(from_row)
        .ok_or_else(missing)
}

/// Inserts the turns in one multi-row INSERT and returns their ids in the
/// order given. Both backends number the rows of one INSERT in the order
/// of its VALUES, so the ids sorted ascending follow the input (sorting
/// does not trust the order RETURNING sends them in).
pub async fn insert_many(
    txn: &impl ConnectionTrait,
    turns: Vec<NewTurn>,
    now: NaiveDateTime,
) -> AppResult<Vec<i64>> {
    if turns.is_empty() {
        return Ok(Vec::new());
    }
    let models = turns.into_iter().map(|t| active_model(t, now));
    let mut ids: Vec<i64> = logs::Entity::insert_many(models)
        .exec_with_returning_keys(txn)
        .await?
        .into_iter()
        .map(i64::from)
        .collect();
    ids.sort_unstable();
    Ok(ids)
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
        // NOT EXISTS, not NOT IN: an anti-join probing the unique index per
        // turn, where NOT IN would hash every promoted turn id on each page.
        let promoted = Query::select()
            .expr(Expr::val(1))
            .from(samples::Entity)
            .and_where(
                Expr::col((samples::Entity, samples::Column::ConversationLogId))
                    .equals((logs::Entity, logs::Column::Id)),
            )
            .to_owned();
        query = query
            .filter(logs::Column::IsTrainingCandidate.eq(true))
            .filter(Expr::exists(promoted).not());
    }
    if let Some(before) = before_id {
        query = query.filter(logs::Column::Id.lt(before));
    }
    Ok(query.all(db).await?.into_iter().map(from_row).collect())
}

/// Reads a turn and locks it until the transaction ends (two promotions of
/// one turn serialise on it; on SQLite the write transaction does).
pub async fn lock_turn(txn: &impl ConnectionTrait, id: i32) -> AppResult<Option<Turn>> {
    Ok(logs::Entity::find_by_id(id)
        .lock_exclusive()
        .one(txn)
        .await?
        .map(from_row))
}

/// The sample a turn was promoted to, if it was.
pub async fn promoted_sample(txn: &impl ConnectionTrait, turn_id: i32) -> AppResult<Option<i32>> {
    use crate::entity::training_samples as samples;
    Ok(samples::Entity::find()
        .select_only()
        .column(samples::Column::Id)
        .filter(samples::Column::ConversationLogId.eq(turn_id))
        .into_tuple::<i32>()
        .one(txn)
        .await?)
}
