//! PostgreSQL's bulk-load path for streamed turns: `COPY … FROM STDIN` in
//! CSV. A LogTurns chunk whose items carry no request id needs no ids back
//! and no idempotency rows, so it is written this way: one statement (its
//! own transaction), no bind-parameter limit, and PostgreSQL's multi-row
//! heap insert instead of one executor row at a time. The chunks of
//! concurrent streams are encoded apart (each on its stream's task) and
//! sent as parts of one COPY (see [`crate::conversations::copier`]).
use std::{fmt::Display, io, io::Write as _, sync::Arc};

use chrono::NaiveDateTime;
use sea_orm::{DatabaseBackend, DatabaseConnection, DbErr, RuntimeErr};

use super::super::turn::{NewTurn, TurnFields};
use crate::error::AppResult;

/// The columns, in the order [`Line::turn`] writes them.
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

/// The turns as COPY's CSV lines.
pub fn encode<'a>(turns: impl IntoIterator<Item = &'a NewTurn>, now: NaiveDateTime) -> Vec<u8> {
    // Formatted once: chrono parses its format string on every call.
    let now = now.format("%Y-%m-%d %H:%M:%S%.6f").to_string();
    let turns = turns.into_iter();
    // About what a benchmark turn takes; growing copies the whole buffer.
    let mut csv = Vec::with_capacity(turns.size_hint().0 * 640);
    let mut json = Vec::new();
    for turn in turns {
        let mut line = Line {
            out: &mut csv,
            json: &mut json,
            cells: 0,
        };
        line.turn(turn, &now);
    }
    csv
}

/// Writes the encoded parts with one COPY (one transaction): all or none.
/// Returns the rows written.
pub async fn copy_csv(db: &DatabaseConnection, parts: &[&[u8]]) -> AppResult<u64> {
    let driver = |e: sea_orm::sqlx::Error| DbErr::Exec(RuntimeErr::SqlxError(Arc::new(e)));
    let pool = db.get_postgres_connection_pool();
    let mut conn = pool.acquire().await.map_err(driver)?;
    let mut copy = conn.copy_in_raw(COPY_TURNS).await.map_err(driver)?;
    for part in parts {
        if let Err(error) = copy.send(*part).await {
            // Ends the COPY on the server before the connection goes back.
            let _ = copy.abort("the client could not send the rows").await;
            return Err(driver(error).into());
        }
    }
    Ok(copy.finish().await.map_err(driver)?)
}

/// One CSV line, written straight into the output (no string per cell):
/// NULL is an empty unquoted field, text is always quoted (so an empty
/// string stays an empty string), numbers, booleans and times go bare.
struct Line<'a> {
    out: &'a mut Vec<u8>,
    /// Scratch space for a JSON value, reused from line to line.
    json: &'a mut Vec<u8>,
    cells: usize,
}

impl Line<'_> {
    fn turn(&mut self, turn: &NewTurn, now: &str) {
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
        let line = self;
        line.shown(user_id.as_ref());
        line.text(Some(session_id));
        line.text(phone_number.as_deref());
        line.text(channel.as_deref());
        line.text(Some(user_message));
        line.text(bot_response.as_deref());
        line.text(message_type.as_deref());
        line.text(nlu_intent.as_deref());
        line.shown(nlu_confidence.as_ref());
        line.json(nlu_alternate_intents.as_ref());
        line.json(nlu_entities.as_ref());
        line.text(nlu_language.as_deref());
        line.text(nlu_tone.as_deref());
        line.text(nlu_provider.as_deref());
        line.shown(nlu_processing_time_ms.as_ref());
        line.text(routed_to.as_deref());
        line.text(routing_reason.as_deref());
        line.text(flow_id.as_deref());
        line.text(agent_id.as_deref());
        line.text(response_type.as_deref());
        line.shown(response_success.as_ref());
        line.shown(response_time_ms.as_ref());
        line.json(conversation_context.as_ref());
        line.shown(turn_number.as_ref());
        line.shown(Some(is_training_candidate));
        line.text(bucket.map(|b| b.as_str()));
        line.shown(Some(now));
        line.out.push(b'\n');
    }

    fn next(&mut self) {
        if self.cells > 0 {
            self.out.push(b',');
        }
        self.cells += 1;
    }

    /// A number, boolean or time: never empty and never a quote.
    fn shown(&mut self, value: Option<impl Display>) {
        self.next();
        if let Some(value) = value {
            let _ = write!(self.out, "{value}");
        }
    }

    fn text(&mut self, value: Option<&str>) {
        self.next();
        if let Some(text) = value {
            self.out.push(b'"');
            let _ = Quoted(self.out).write_all(text.as_bytes());
            self.out.push(b'"');
        }
    }

    fn json(&mut self, value: Option<&serde_json::Value>) {
        self.next();
        if let Some(value) = value {
            // Serialised apart, then quoted in one pass: serde_json writes
            // many small pieces.
            self.json.clear();
            let _ = serde_json::to_writer(&mut *self.json, value);
            self.out.push(b'"');
            let _ = Quoted(self.out).write_all(self.json);
            self.out.push(b'"');
        }
    }
}

/// Writes the inside of a quoted CSV field: each quote doubled. Its writes
/// never fail (a Vec grows).
struct Quoted<'a>(&'a mut Vec<u8>);

impl io::Write for Quoted<'_> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let mut rest = bytes;
        while let Some(at) = rest.iter().position(|&b| b == b'"') {
            self.0.extend_from_slice(&rest[..=at]);
            self.0.push(b'"');
            rest = &rest[at + 1..];
        }
        self.0.extend_from_slice(rest);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
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
                nlu_confidence: Some(rust_decimal::Decimal::new(7250, 4)),
                nlu_entities: Some(serde_json::json!({"dish": "\"paneer\""})),
                turn_number: Some(3),
                ..TurnFields::default()
            },
            bucket: None,
            is_training_candidate: false,
        };
        let at = chrono::NaiveDate::from_ymd_opt(2026, 11, 26)
            .and_then(|d| d.and_hms_micro_opt(4, 5, 6, 7))
            .expect("time");
        let out = encode([&turn, &turn], at);
        let line = ",\"wa-1\",,,\"he said \"\"hi\"\", then left\nbye\",\"\",,,0.7250,,\
            \"{\"\"dish\"\":\"\"\\\"\"paneer\\\"\"\"\"}\",,,,,,,,,,,,,3,false,,\
            2026-11-26 04:05:06.000007\n";
        assert_eq!(String::from_utf8(out).expect("utf-8"), line.repeat(2));
    }
}
