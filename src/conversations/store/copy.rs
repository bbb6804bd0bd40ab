//! PostgreSQL's bulk-load path for streamed turns: `COPY … FROM STDIN` in
//! CSV. A LogTurns chunk whose items carry no request id needs no ids back
//! and no idempotency rows, so it is written this way: one statement (its
//! own transaction), no bind-parameter limit, and PostgreSQL's multi-row
//! heap insert instead of one executor row at a time.
use std::{fmt::Write as _, sync::Arc};

use chrono::NaiveDateTime;
use sea_orm::{DatabaseBackend, DatabaseConnection, DbErr, RuntimeErr};

use super::super::turn::{NewTurn, TurnFields};
use crate::error::AppResult;

/// The columns, in the order [`csv_row`] writes them.
const COPY_TURNS: &str = "COPY conversation_logs (user_id, session_id, phone_number, channel, \
    user_message, bot_response, message_type, nlu_intent, nlu_confidence, nlu_alternate_intents, \
    nlu_entities, nlu_language, nlu_tone, nlu_provider, nlu_processing_time_ms, routed_to, \
    routing_reason, flow_id, agent_id, response_type, response_success, response_time_ms, \
    conversation_context, turn_number, is_training_candidate, training_confidence_bucket, \
    created_at) FROM STDIN WITH (FORMAT csv)";

/// Whether the bulk path is open on this database (PostgreSQL only).
pub fn available(db: &DatabaseConnection) -> bool {
    db.get_database_backend() == DatabaseBackend::Postgres
}

/// Writes the turns with one COPY; all or none.
pub async fn copy_turns(
    db: &DatabaseConnection,
    turns: &[NewTurn],
    now: NaiveDateTime,
) -> AppResult<u64> {
    let mut csv = String::with_capacity(turns.len() * 512);
    for turn in turns {
        csv_row(&mut csv, turn, now);
    }
    let driver = |e: sea_orm::sqlx::Error| DbErr::Exec(RuntimeErr::SqlxError(Arc::new(e)));
    let pool = db.get_postgres_connection_pool();
    let mut conn = pool.acquire().await.map_err(driver)?;
    let mut copy = conn.copy_in_raw(COPY_TURNS).await.map_err(driver)?;
    if let Err(error) = copy.send(csv.into_bytes()).await {
        // Ends the COPY on the server before the connection goes back.
        let _ = copy.abort("the client could not send the rows").await;
        return Err(driver(error).into());
    }
    Ok(copy.finish().await.map_err(driver)?)
}

/// One CSV line: NULL is an empty unquoted field, text is always quoted (so
/// an empty string stays an empty string).
fn csv_row(out: &mut String, turn: &NewTurn, now: NaiveDateTime) {
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
    let json = |v: &Option<serde_json::Value>| v.as_ref().map(|v| v.to_string());
    let cells: [Option<String>; 27] = [
        user_id.map(|v| v.to_string()),
        Some(session_id.clone()),
        phone_number.clone(),
        channel.clone(),
        Some(user_message.clone()),
        bot_response.clone(),
        message_type.clone(),
        nlu_intent.clone(),
        nlu_confidence.map(|v| v.to_string()),
        json(nlu_alternate_intents),
        json(nlu_entities),
        nlu_language.clone(),
        nlu_tone.clone(),
        nlu_provider.clone(),
        nlu_processing_time_ms.map(|v| v.to_string()),
        routed_to.clone(),
        routing_reason.clone(),
        flow_id.clone(),
        agent_id.clone(),
        response_type.clone(),
        response_success.map(|v| v.to_string()),
        response_time_ms.map(|v| v.to_string()),
        json(conversation_context),
        turn_number.map(|v| v.to_string()),
        Some(is_training_candidate.to_string()),
        bucket.map(|b| b.as_str().to_string()),
        Some(now.format("%Y-%m-%d %H:%M:%S%.6f").to_string()),
    ];
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        if let Some(text) = cell {
            let _ = write!(out, "\"{}\"", text.replace('"', "\"\""));
        }
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nulls_are_bare_and_text_is_quoted_with_its_quotes_doubled() {
        let turn = NewTurn {
            fields: TurnFields {
                session_id: "wa-1".into(),
                user_message: "he said \"hi\", then left\nbye".into(),
                bot_response: Some(String::new()),
                ..TurnFields::default()
            },
            bucket: None,
            is_training_candidate: false,
        };
        let at = chrono::NaiveDate::from_ymd_opt(2026, 11, 26)
            .and_then(|d| d.and_hms_micro_opt(4, 5, 6, 7))
            .expect("time");
        let mut out = String::new();
        csv_row(&mut out, &turn, at);
        assert_eq!(
            out,
            ",\"wa-1\",,,\"he said \"\"hi\"\", then left\nbye\",\"\",,,,,,,,,,,,,,,,,,,\"false\",,\"2026-11-26 04:05:06.000007\"\n"
        );
    }
}
