//! A conversation turn as the NLU backend reports it: checked field by
//! field, then classified (confidence bucket, training candidate) with the
//! thresholds of the current settings.
use rust_decimal::Decimal;
use serde_json::Value as Json;

use crate::{
    error::{AppError, Violation, Violations},
    settings::Snapshot,
    training::labels,
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
    pub user_message: String,
    pub bot_response: Option<String>,
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

impl NewTurn {
    /// Checks every field (reporting all faults at once) and classifies the turn.
    pub fn parse(raw: RawTurn, settings: &Snapshot) -> Result<NewTurn, Vec<Violation>> {
        let mut v = Violations::new();
        let confidence = v.check(labels::confidence("nlu_confidence", &raw.nlu_confidence));
        let alternates = v.check(alternate_intents(&raw.nlu_alternate_intents_json));
        let intent = v.check(labels::optional_intent("nlu_intent", &raw.nlu_intent));
        let mut short = |field: &str, value: &str, max: usize| {
            v.check(labels::bounded(field, value, max)).flatten()
        };
        let session_id = short("session_id", &raw.session_id, 100);
        let phone_number = short("phone_number", &raw.phone_number, 50);
        let channel = short("channel", &raw.channel, 50);
        let message_type = short("message_type", &raw.message_type, 20);
        let nlu_language = short("nlu_language", &raw.nlu_language, 10);
        let nlu_tone = short("nlu_tone", &raw.nlu_tone, 50);
        let nlu_provider = short("nlu_provider", &raw.nlu_provider, 50);
        let routed_to = short("routed_to", &raw.routed_to, 100);
        let flow_id = short("flow_id", &raw.flow_id, 100);
        let agent_id = short("agent_id", &raw.agent_id, 100);
        let response_type = short("response_type", &raw.response_type, 50);
        if session_id.is_none() && raw.session_id.is_empty() {
            v.add("session_id", "is required");
        }
        let user_message = v.check(labels::text(
            "user_message",
            &raw.user_message,
            settings.max_text_length,
        ));
        let bot_response = v.check(optional_text(
            "bot_response",
            &raw.bot_response,
            settings.max_text_length,
        ));
        let entities = v.check(labels::json("nlu_entities_json", &raw.nlu_entities_json));
        let context = v.check(labels::json(
            "conversation_context_json",
            &raw.conversation_context_json,
        ));
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
        v.finish().map_err(|error| match error {
            AppError::InvalidArgument(violations) => violations,
            other => vec![Violation::new("turn", other.to_string())],
        })?;
        let (confidence, alternates, intent) = (
            confidence.flatten(),
            alternates.unwrap_or_default(),
            intent.flatten(),
        );
        let bucket = confidence.map(|c| Bucket::of(c, settings));
        let is_training_candidate =
            is_candidate(bucket, intent.as_deref(), confidence, &alternates, settings);
        Ok(NewTurn {
            user_id: raw.user_id,
            session_id: session_id.unwrap_or_default(),
            phone_number,
            channel: channel.unwrap_or_else(|| "web".into()),
            user_message: user_message.unwrap_or_default(),
            bot_response: bot_response.flatten(),
            message_type: message_type.unwrap_or_else(|| "text".into()),
            nlu_intent: intent,
            nlu_confidence: confidence,
            nlu_alternate_intents: labels::json("", &raw.nlu_alternate_intents_json)
                .ok()
                .flatten(),
            nlu_entities: entities.flatten(),
            nlu_language,
            nlu_tone,
            nlu_provider,
            nlu_processing_time_ms: raw.nlu_processing_time_ms,
            routed_to,
            routing_reason: non_empty(raw.routing_reason),
            flow_id,
            agent_id,
            response_type,
            response_success: raw.response_success.unwrap_or(true),
            response_time_ms: raw.response_time_ms,
            conversation_context: context.flatten(),
            turn_number: raw.turn_number,
            bucket,
            is_training_candidate,
        })
    }
}

fn non_empty(text: String) -> Option<String> {
    (!text.is_empty()).then_some(text)
}

fn optional_text(field: &str, value: &str, max: usize) -> Result<Option<String>, Violation> {
    if value.is_empty() {
        return Ok(None);
    }
    labels::bounded(field, value, max)
}

/// A training candidate: low or medium confidence, or a top-two intent
/// margin below the setting (the model hesitated between two intents).
fn is_candidate(
    bucket: Option<Bucket>,
    intent: Option<&str>,
    confidence: Option<Decimal>,
    alternates: &[(String, Decimal)],
    settings: &Snapshot,
) -> bool {
    if matches!(bucket, Some(Bucket::Low | Bucket::Medium)) {
        return true;
    }
    let mut scores: Vec<(&str, Decimal)> = alternates
        .iter()
        .map(|(name, score)| (name.as_str(), *score))
        .collect();
    if let (Some(intent), Some(confidence)) = (intent, confidence) {
        scores.push((intent, confidence));
    }
    // One score per intent (the highest), best first.
    scores.sort_by(|a, b| a.0.cmp(b.0).then(b.1.cmp(&a.1)));
    scores.dedup_by(|later, earlier| later.0 == earlier.0);
    scores.sort_by_key(|s| std::cmp::Reverse(s.1));
    match scores.as_slice() {
        [first, second, ..] => first.1 - second.1 < settings.candidate_margin_threshold,
        _ => false,
    }
}

/// `[{"intent": "x", "confidence": 0.2}, ...]` or `{"x": 0.2, ...}`.
fn alternate_intents(text: &str) -> Result<Vec<(String, Decimal)>, Violation> {
    const FIELD: &str = "nlu_alternate_intents_json";
    let Some(json) = labels::json(FIELD, text)? else {
        return Ok(Vec::new());
    };
    let pairs: Vec<(String, &Json)> = match &json {
        Json::Array(items) => items
            .iter()
            .map(|item| {
                let name = item.get("intent").and_then(Json::as_str).unwrap_or("");
                let score = item.get("confidence").or_else(|| item.get("score"));
                (name.to_string(), score.unwrap_or(&Json::Null))
            })
            .collect(),
        Json::Object(map) => map.iter().map(|(k, v)| (k.clone(), v)).collect(),
        _ => return Err(Violation::new(FIELD, "must be a JSON array or object")),
    };
    pairs
        .into_iter()
        .map(|(name, score)| {
            let name = labels::intent(FIELD, &name)?;
            let score = labels::json_decimal(score)
                .ok_or_else(|| Violation::new(FIELD, format!("{name} has no numeric confidence")))
                .and_then(|s| labels::unit_interval(FIELD, s))?;
            Ok((name, score))
        })
        .collect()
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
