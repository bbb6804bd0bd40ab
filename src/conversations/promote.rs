//! PromoteTurnToSample: a reviewed turn becomes an approved sample, with
//! the intent (and entities) the reviewer gave. A turn is promoted once.
use rust_decimal::Decimal;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect};

use crate::{
    db,
    entity::{conversation_logs as logs, training_samples as samples},
    error::{AppError, AppResult, Violations},
    training::{
        self, Sample,
        labels::{self},
        sample::{Approval, NewSample, ReviewStatus, Source},
    },
};

#[tracing::instrument(skip_all, err(level = "debug"), fields(turn_id, intent))]
pub async fn promote_turn(
    db: &DatabaseConnection,
    turn_id: i64,
    intent: &str,
    entities_json: &str,
    reviewer: &str,
) -> AppResult<Sample> {
    let mut v = Violations::new();
    let intent = v.check(labels::intent("intent", intent));
    let entities = v.check(labels::json("entities_json", entities_json));
    let reviewer = v.check(labels::text("reviewer", reviewer.trim(), 100));
    v.finish()?;
    let (Some(intent), Some(entities), Some(reviewer)) = (intent, entities, reviewer) else {
        return Err(AppError::invalid("intent", "is required"));
    };
    let missing = || AppError::not_found(format!("turn {turn_id}"));
    let id = i32::try_from(turn_id).map_err(|_| missing())?;
    let txn = db::begin_write(db).await?;
    // Locking the turn serialises two promotions of it (PostgreSQL); the
    // unique index on conversation_log_id is the backstop.
    let turn = logs::Entity::find_by_id(id)
        .lock_exclusive()
        .one(&txn)
        .await?
        .ok_or_else(missing)?;
    let existing = samples::Entity::find()
        .filter(samples::Column::ConversationLogId.eq(id))
        .one(&txn)
        .await?;
    if let Some(sample) = existing {
        return Err(AppError::AlreadyExists(format!(
            "turn {turn_id} is already sample {}",
            sample.id
        )));
    }
    let status = if turn.nlu_intent.as_deref() == Some(intent.as_str()) && entities.is_none() {
        ReviewStatus::Approved
    } else {
        ReviewStatus::Corrected
    };
    let sample = NewSample {
        user_id: turn.user_id,
        session_id: Some(turn.session_id),
        game_session_id: None,
        text: turn.user_message,
        intent,
        entities: entities.or(turn.nlu_entities),
        // A person checked the label: full confidence in it.
        confidence: Some(Decimal::ONE),
        language: turn.nlu_language,
        tone: turn.nlu_tone,
        context: turn.conversation_context,
        source: Source::Conversation,
        nlu_provider: turn.nlu_provider,
        review_priority: 0,
        conversation_log_id: Some(id),
        approval: Some(Approval {
            by: reviewer,
            status,
        }),
    };
    let saved = training::insert_sample(&txn, sample).await?;
    txn.commit().await?;
    crate::metrics::sample_approved("promotion");
    Ok(saved)
}
