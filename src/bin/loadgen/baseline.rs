//! The raw-database baseline: the same conversation_logs rows the service
//! would write, inserted straight into the database without gRPC, one row per
//! statement or many rows per statement.
use sea_orm::{ActiveValue::Set, DatabaseConnection, EntityTrait};

use crate::turns::Turn;
use gamification::entity::{amount::Amount, conversation_logs};

pub async fn insert_rows(db: &DatabaseConnection, turns: Vec<Turn>) -> Result<u64, String> {
    let rows = turns.len() as u64;
    let models = turns.into_iter().map(to_row);
    conversation_logs::Entity::insert_many(models)
        .exec_without_returning(db)
        .await
        .map_err(|e| format!("db: {e}"))?;
    Ok(rows)
}

fn to_row(turn: Turn) -> conversation_logs::ActiveModel {
    let confidence: Option<Amount> = turn.confidence.parse().ok();
    conversation_logs::ActiveModel {
        session_id: Set(turn.session_id),
        channel: Set(Some("whatsapp".into())),
        user_message: Set(turn.user_message),
        bot_response: Set(Some(turn.bot_response)),
        message_type: Set(Some("text".into())),
        nlu_intent: Set(Some(turn.intent)),
        nlu_confidence: Set(confidence),
        nlu_alternate_intents: Set(Some(turn.alternates)),
        nlu_entities: Set(Some(turn.entities)),
        nlu_language: Set(Some(turn.language)),
        nlu_provider: Set(Some("indicbert".into())),
        nlu_processing_time_ms: Set(Some(42)),
        routed_to: Set(Some("flow".into())),
        response_success: Set(Some(true)),
        response_time_ms: Set(Some(120)),
        conversation_context: Set(Some(turn.context)),
        turn_number: Set(Some(turn.turn_number)),
        is_training_candidate: Set(Some(false)),
        training_confidence_bucket: Set(Some("medium".into())),
        created_at: Set(Some(chrono::Utc::now().naive_utc())),
        ..Default::default()
    }
}
