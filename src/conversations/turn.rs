//! A conversation turn as the NLU backend reports it, and its classification
//! (confidence bucket, training candidate) with the thresholds of the
//! current settings. The wire message is parsed in [`super::wire`]; the
//! rows are read and written in [`super::store`].
use chrono::NaiveDateTime;
use rust_decimal::Decimal;
use serde_json::Value as Json;

use super::candidate::{self, Scores};
use crate::{error::Violation, settings::Snapshot};

/// What the NLU backend reported about one turn, checked (or, read back,
/// as stored: legacy rows may leave any column empty).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct TurnFields {
    pub user_id: Option<i32>,
    pub session_id: String,
    pub phone_number: Option<String>,
    pub channel: Option<String>,
    pub user_message: String,
    pub bot_response: Option<String>,
    pub message_type: Option<String>,
    pub nlu_intent: Option<String>,
    pub nlu_confidence: Option<Decimal>,
    pub nlu_alternate_intents: Option<Json>,
    pub nlu_entities: Option<Json>,
    pub nlu_language: Option<String>,
    pub nlu_tone: Option<String>,
    pub nlu_provider: Option<String>,
    pub nlu_processing_time_ms: Option<i32>,
    pub routed_to: Option<String>,
    pub routing_reason: Option<String>,
    pub flow_id: Option<String>,
    pub agent_id: Option<String>,
    pub response_type: Option<String>,
    pub response_success: Option<bool>,
    pub response_time_ms: Option<i32>,
    pub conversation_context: Option<Json>,
    pub turn_number: Option<i32>,
}

/// A turn with its classification, ready to insert.
#[derive(Debug, Clone, PartialEq)]
pub struct NewTurn {
    pub fields: TurnFields,
    pub bucket: Option<Bucket>,
    pub is_training_candidate: bool,
}

/// A stored turn.
#[derive(Debug, Clone, PartialEq)]
pub struct Turn {
    pub id: i32,
    pub created_at: Option<NaiveDateTime>,
    pub turn: NewTurn,
}

/// How sure the NLU was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bucket {
    Low,
    Medium,
    High,
}

impl Bucket {
    pub fn as_str(self) -> &'static str {
        match self {
            Bucket::Low => "low",
            Bucket::Medium => "medium",
            Bucket::High => "high",
        }
    }

    /// A stored bucket; an unknown legacy value reads as none.
    pub fn parse(text: &str) -> Option<Bucket> {
        [Bucket::Low, Bucket::Medium, Bucket::High]
            .into_iter()
            .find(|b| b.as_str() == text)
    }

    /// Low below the low threshold, high at or above the high one.
    pub fn of(confidence: Decimal, settings: &Snapshot) -> Bucket {
        if confidence < settings.confidence_low_threshold {
            Bucket::Low
        } else if confidence >= settings.confidence_high_threshold {
            Bucket::High
        } else {
            Bucket::Medium
        }
    }
}

impl NewTurn {
    /// Classifies checked fields; `alternates` are the scores parsed from
    /// `nlu_alternate_intents`.
    pub fn classify(fields: TurnFields, alternates: &Scores, settings: &Snapshot) -> NewTurn {
        let bucket = fields.nlu_confidence.map(|c| Bucket::of(c, settings));
        let is_training_candidate = candidate::is_candidate(
            bucket,
            fields.nlu_intent.as_deref(),
            fields.nlu_confidence,
            alternates,
            settings,
        );
        NewTurn {
            fields,
            bucket,
            is_training_candidate,
        }
    }
}

/// A count or duration sent by the NLU backend: never negative.
pub fn non_negative(field: &str, value: Option<i32>) -> Result<Option<i32>, Violation> {
    match value {
        Some(n) if n < 0 => Err(Violation::new(field, "must not be negative")),
        other => Ok(other),
    }
}
