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

/// The columns the COPY baseline writes, in CSV order.
const COPY_COLUMNS: &str = "session_id, channel, user_message, bot_response, message_type, \
    nlu_intent, nlu_confidence, nlu_alternate_intents, nlu_entities, nlu_language, nlu_provider, \
    nlu_processing_time_ms, routed_to, response_success, response_time_ms, conversation_context, \
    turn_number, is_training_candidate, training_confidence_bucket, created_at";

/// The same rows through one `COPY … FROM STDIN (FORMAT csv)`: PostgreSQL's
/// bulk-load path, the physical limit the LogTurns stream is measured
/// against (PostgreSQL only).
pub async fn copy_rows(db: &DatabaseConnection, turns: Vec<Turn>) -> Result<u64, String> {
    if db.get_database_backend() != sea_orm::DatabaseBackend::Postgres {
        return Err("copy needs PostgreSQL".into());
    }
    let now = chrono::Utc::now().naive_utc().to_string();
    let mut csv = String::with_capacity(turns.len() * 600);
    for turn in turns {
        let fields = [
            turn.session_id,
            "whatsapp".into(),
            turn.user_message,
            turn.bot_response,
            "text".into(),
            turn.intent,
            turn.confidence,
            turn.alternates.to_string(),
            turn.entities.to_string(),
            turn.language,
            "indicbert".into(),
            "42".into(),
            "flow".into(),
            "true".into(),
            "120".into(),
            turn.context.to_string(),
            turn.turn_number.to_string(),
            "false".into(),
            "medium".into(),
            now.clone(),
        ];
        let quoted: Vec<String> = fields
            .iter()
            .map(|f| format!("\"{}\"", f.replace('"', "\"\"")))
            .collect();
        csv.push_str(&quoted.join(","));
        csv.push('\n');
    }
    let pool = db.get_postgres_connection_pool();
    let mut conn = pool.acquire().await.map_err(|e| format!("db: {e}"))?;
    let statement = format!("COPY conversation_logs ({COPY_COLUMNS}) FROM STDIN WITH (FORMAT csv)");
    let mut copy = conn
        .copy_in_raw(&statement)
        .await
        .map_err(|e| format!("db: {e}"))?;
    copy.send(csv.into_bytes())
        .await
        .map_err(|e| format!("db: {e}"))?;
    copy.finish().await.map_err(|e| format!("db: {e}"))
}
