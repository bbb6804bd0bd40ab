//! A conversation turn as the NLU backend reports it: checked field by
//! field, then classified (confidence bucket, training candidate) with the
//! thresholds of the current settings.
use rust_decimal::Decimal;
use serde_json::Value as Json;

use super::candidate;
use crate::{
    error::{AppError, Violation, Violations},
    settings::Snapshot,
    text::CheckedText,
    training::labels,
    users::phone::{self, Region},
};

/// The raw fields of one turn; empty strings mean "not given".
#[derive(Debug, Default, Clone)]
pub struct RawTurn {
    pub user_id: Option<i32>,
    pub session_id: String,
    pub phone_number: String,
    pub channel: String,
    pub user_message: String,
    pub bot_response: String,
    pub message_type: String,
    pub nlu_intent: String,
    pub nlu_confidence: String,
    pub nlu_alternate_intents_json: String,
    pub nlu_entities_json: String,
    pub nlu_language: String,
    pub nlu_tone: String,
    pub nlu_provider: String,
    pub nlu_processing_time_ms: Option<i32>,
    pub routed_to: String,
    pub routing_reason: String,
    pub flow_id: String,
    pub agent_id: String,
    pub response_type: String,
    pub response_success: Option<bool>,
    pub response_time_ms: Option<i32>,
    pub conversation_context_json: String,
    pub turn_number: Option<i32>,
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

    pub fn parse(text: &str) -> Option<Bucket> {
        match text {
            "low" => Some(Bucket::Low),
            "medium" => Some(Bucket::Medium),
            "high" => Some(Bucket::High),
            _ => None,
        }
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

/// A checked turn, ready to insert.
#[derive(Debug, Clone)]
pub struct NewTurn {
    pub user_id: Option<i32>,
    pub session_id: String,
    pub phone_number: Option<String>,
    pub channel: String,
    pub user_message: CheckedText,
    pub bot_response: Option<CheckedText>,
    pub message_type: String,
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
    pub response_success: bool,
    pub response_time_ms: Option<i32>,
    pub conversation_context: Option<Json>,
    pub turn_number: Option<i32>,
    pub bucket: Option<Bucket>,
    pub is_training_candidate: bool,
}

/// The NLU's verdict on a turn, checked.
struct Nlu {
    intent: Option<String>,
    confidence: Option<Decimal>,
    alternates_json: Option<Json>,
    alternates: Vec<(String, Decimal)>,
    entities: Option<Json>,
}

impl Nlu {
    fn check(raw: &RawTurn, v: &mut Violations) -> Nlu {
        let confidence = v.check(labels::confidence("nlu_confidence", &raw.nlu_confidence));
        let alternates = v.check(candidate::alternate_intents(
            &raw.nlu_alternate_intents_json,
        ));
        let intent = v.check(labels::optional_intent("nlu_intent", &raw.nlu_intent));
        let entities = v.check(labels::json("nlu_entities_json", &raw.nlu_entities_json));
        let (alternates_json, alternates) = alternates.unwrap_or_default();
        Nlu {
            intent: intent.flatten(),
            confidence: confidence.flatten(),
            alternates_json,
            alternates,
            entities: entities.flatten(),
        }
    }
}

/// Short text columns, checked against their VARCHAR sizes.
struct Short {
    session_id: Option<String>,
    phone_number: Option<String>,
    channel: Option<String>,
    message_type: Option<String>,
    nlu_language: Option<String>,
    nlu_tone: Option<String>,
    nlu_provider: Option<String>,
    routed_to: Option<String>,
    flow_id: Option<String>,
    agent_id: Option<String>,
    response_type: Option<String>,
}

impl Short {
    fn check(raw: &RawTurn, region: Region, v: &mut Violations) -> Short {
        let mut short = |field: &str, value: &str, max: usize| {
            v.check(labels::bounded(field, value, max)).flatten()
        };
        let mut short = Short {
            session_id: short("session_id", &raw.session_id, 100),
            phone_number: short("phone_number", &raw.phone_number, 50),
            channel: short("channel", &raw.channel, 50),
            message_type: short("message_type", &raw.message_type, 20),
            nlu_language: short("nlu_language", &raw.nlu_language, 10),
            nlu_tone: short("nlu_tone", &raw.nlu_tone, 50),
            nlu_provider: short("nlu_provider", &raw.nlu_provider, 50),
            routed_to: short("routed_to", &raw.routed_to, 100),
            flow_id: short("flow_id", &raw.flow_id, 100),
            agent_id: short("agent_id", &raw.agent_id, 100),
            response_type: short("response_type", &raw.response_type, 50),
        };
        if raw.session_id.is_empty() {
            v.add("session_id", "is required");
        }
        // One spelling per number, the one users.phone has, so that a
        // user's turns are found by their phone (DeleteUserData).
        short.phone_number = short.phone_number.and_then(|text| {
            phone::normalize_e164(&text, region)
                .map_err(|reason| v.add("phone_number", reason))
                .ok()
        });
        short
    }
}

fn check_numbers(raw: &RawTurn, v: &mut Violations) {
    for (field, value) in [
        ("nlu_processing_time_ms", raw.nlu_processing_time_ms),
        ("response_time_ms", raw.response_time_ms),
        ("turn_number", raw.turn_number),
    ] {
        if value.is_some_and(|n| n < 0) {
            v.add(field, "must not be negative");
        }
    }
    if raw.user_id.is_some_and(|id| id <= 0) {
        v.add("user_id", "must be a positive id");
    }
}

impl NewTurn {
    /// Checks every field (reporting all faults at once) and classifies the turn.
    pub fn parse(raw: RawTurn, settings: &Snapshot) -> Result<NewTurn, Vec<Violation>> {
        let mut v = Violations::new();
        let nlu = Nlu::check(&raw, &mut v);
        let short = Short::check(&raw, settings.phone_default_region, &mut v);
        let max = settings.max_text_length;
        let user_message = v.check(labels::text("user_message", &raw.user_message, max));
        let bot_response = v.check(labels::optional_text(
            "bot_response",
            &raw.bot_response,
            max,
        ));
        let context = v.check(labels::json(
            "conversation_context_json",
            &raw.conversation_context_json,
        ));
        check_numbers(&raw, &mut v);
        v.finish().map_err(|error| match error {
            AppError::InvalidArgument(violations) => violations,
            other => vec![Violation::new("turn", other.to_string())],
        })?;
        let bucket = nlu.confidence.map(|c| Bucket::of(c, settings));
        let is_training_candidate = candidate::is_candidate(
            bucket,
            nlu.intent.as_deref(),
            nlu.confidence,
            &nlu.alternates,
            settings,
        );
        Ok(NewTurn {
            user_id: raw.user_id,
            session_id: short.session_id.unwrap_or_default(),
            phone_number: short.phone_number,
            channel: short.channel.unwrap_or_else(|| "web".into()),
            user_message: user_message
                .ok_or_else(|| vec![Violation::new("user_message", "is required")])?,
            bot_response: bot_response.flatten(),
            message_type: short.message_type.unwrap_or_else(|| "text".into()),
            nlu_intent: nlu.intent,
            nlu_confidence: nlu.confidence,
            nlu_alternate_intents: nlu.alternates_json,
            nlu_entities: nlu.entities,
            nlu_language: short.nlu_language,
            nlu_tone: short.nlu_tone,
            nlu_provider: short.nlu_provider,
            nlu_processing_time_ms: raw.nlu_processing_time_ms,
            routed_to: short.routed_to,
            routing_reason: (!raw.routing_reason.is_empty()).then_some(raw.routing_reason),
            flow_id: short.flow_id,
            agent_id: short.agent_id,
            response_type: short.response_type,
            response_success: raw.response_success.unwrap_or(true),
            response_time_ms: raw.response_time_ms,
            conversation_context: context.flatten(),
            turn_number: raw.turn_number,
            bucket,
            is_training_candidate,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn turn(confidence: &str, alternates: &str) -> NewTurn {
        let raw = RawTurn {
            session_id: "s1".into(),
            user_message: "hello".into(),
            nlu_intent: "greet".into(),
            nlu_confidence: confidence.into(),
            nlu_alternate_intents_json: alternates.into(),
            ..RawTurn::default()
        };
        NewTurn::parse(raw, &Snapshot::default()).expect("valid turn")
    }

    #[test]
    fn buckets_follow_the_thresholds() {
        // Defaults: low below 0.5, high at or above 0.85.
        let cases = [
            ("0", Bucket::Low),
            ("0.4999", Bucket::Low),
            ("0.5", Bucket::Medium),
            ("0.8499", Bucket::Medium),
            ("0.85", Bucket::High),
            ("1", Bucket::High),
        ];
        for (confidence, bucket) in cases {
            assert_eq!(turn(confidence, "").bucket, Some(bucket), "{confidence}");
        }
    }

    #[test]
    fn a_narrow_margin_makes_a_confident_turn_a_candidate() {
        assert!(!turn("0.9", r#"[{"intent":"order","confidence":0.05}]"#).is_training_candidate);
        assert!(turn("0.9", r#"[{"intent":"order","confidence":0.85}]"#).is_training_candidate);
        assert!(turn("0.9", r#"{"greet":0.9,"order":0.81}"#).is_training_candidate);
        assert!(turn("0.6", "").is_training_candidate, "medium");
    }
}
