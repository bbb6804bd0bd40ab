//! Conversions between conversation domain values and protobuf messages.
use prost_types::Timestamp;

use super::{
    candidate,
    stats::GroupStats,
    turn::{Bucket, NewTurn, Turn, TurnFields, non_negative},
};
use crate::{
    convert,
    error::{AppError, Violation, Violations},
    fields::{ids, label},
    phone,
    proto::{self, ConfidenceBucket},
    settings::Snapshot,
};

pub fn count(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

pub fn non_empty(text: String) -> Option<String> {
    (!text.is_empty()).then_some(text)
}

pub fn decimal_text(value: Option<rust_decimal::Decimal>) -> String {
    value.map(|d| d.to_string()).unwrap_or_default()
}

pub fn intent_stats(g: GroupStats) -> proto::IntentStats {
    proto::IntentStats {
        intent: g.key,
        turn_count: g.turns,
        mean_confidence: decimal_text(g.mean_confidence),
        low_confidence_share: g.low_confidence_share.to_string(),
        mean_nlu_processing_time_ms: g.mean_nlu_processing_ms.unwrap_or_default(),
        mean_response_time_ms: g.mean_response_ms.unwrap_or_default(),
    }
}

pub fn time(
    field: &str,
    value: Option<Timestamp>,
) -> Result<Option<chrono::NaiveDateTime>, AppError> {
    value
        .map(|ts| {
            let nanos = u32::try_from(ts.nanos).unwrap_or(u32::MAX);
            chrono::DateTime::from_timestamp(ts.seconds, nanos)
                .map(|at| at.naive_utc())
                .ok_or_else(|| Violation::new(field, "is not a valid timestamp").into())
        })
        .transpose()
}

pub fn bucket_from_proto(value: i32) -> Result<Option<Bucket>, AppError> {
    match ConfidenceBucket::try_from(value) {
        Ok(ConfidenceBucket::Unspecified) => Ok(None),
        Ok(ConfidenceBucket::Low) => Ok(Some(Bucket::Low)),
        Ok(ConfidenceBucket::Medium) => Ok(Some(Bucket::Medium)),
        Ok(ConfidenceBucket::High) => Ok(Some(Bucket::High)),
        Err(_) => Err(AppError::invalid("bucket", "is not a known bucket")),
    }
}

pub fn bucket_to_proto(bucket: Option<Bucket>) -> ConfidenceBucket {
    match bucket {
        Some(Bucket::Low) => ConfidenceBucket::Low,
        Some(Bucket::Medium) => ConfidenceBucket::Medium,
        Some(Bucket::High) => ConfidenceBucket::High,
        None => ConfidenceBucket::Unspecified,
    }
}

/// Parses a turn: every field checked (all faults reported at once), then
/// classified. The message is destructured whole, so a new field cannot be
/// forgotten.
pub fn new_turn(input: proto::TurnInput, settings: &Snapshot) -> Result<NewTurn, Vec<Violation>> {
    let proto::TurnInput {
        user_id,
        session_id,
        phone_number,
        channel,
        user_message,
        bot_response,
        message_type,
        nlu_intent,
        nlu_confidence,
        nlu_alternate_intents_json,
        nlu_entities_json,
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
        conversation_context_json,
        turn_number,
    } = input;
    let mut v = Violations::new();
    let (max, region) = (settings.max_text_length, settings.phone_default_region);
    // Four places, as DECIMAL(5,4) stores it: the turn LogTurn answers
    // with (built from what was written, not read back) reads as ListTurns
    // will show it, on either backend.
    let nlu_confidence = v
        .field(label::confidence("nlu_confidence", &nlu_confidence))
        .map(|mut c| {
            c.rescale(4);
            c
        });
    let (nlu_alternate_intents, alternates) =
        v.field(candidate::alternate_intents(&nlu_alternate_intents_json));
    let fields = TurnFields {
        user_id: v.field(user_id.map(|id| ids::id("user_id", id)).transpose()),
        session_id: v.field(label::line("session_id", &session_id, 100)),
        phone_number: v.field(phone::field("phone_number", &phone_number, region)),
        channel: Some(
            v.field(label::bounded("channel", &channel, 50))
                .unwrap_or_else(|| "web".into()),
        ),
        user_message: v.field(label::text("user_message", &user_message, max).map(String::from)),
        bot_response: v
            .field(label::optional_text("bot_response", &bot_response, max))
            .map(String::from),
        message_type: Some(
            v.field(label::bounded("message_type", &message_type, 20))
                .unwrap_or_else(|| "text".into()),
        ),
        nlu_intent: v.field(label::optional_intent("nlu_intent", &nlu_intent)),
        nlu_confidence,
        nlu_alternate_intents,
        nlu_entities: v.field(label::json("nlu_entities_json", &nlu_entities_json)),
        nlu_language: v.field(label::bounded("nlu_language", &nlu_language, 10)),
        nlu_tone: v.field(label::bounded("nlu_tone", &nlu_tone, 50)),
        nlu_provider: v.field(label::bounded("nlu_provider", &nlu_provider, 50)),
        nlu_processing_time_ms: v.field(non_negative(
            "nlu_processing_time_ms",
            nlu_processing_time_ms,
        )),
        routed_to: v.field(label::bounded("routed_to", &routed_to, 100)),
        routing_reason: non_empty(routing_reason),
        flow_id: v.field(label::bounded("flow_id", &flow_id, 100)),
        agent_id: v.field(label::bounded("agent_id", &agent_id, 100)),
        response_type: v.field(label::bounded("response_type", &response_type, 50)),
        response_success: Some(response_success.unwrap_or(true)),
        response_time_ms: v.field(non_negative("response_time_ms", response_time_ms)),
        conversation_context: v.field(label::json(
            "conversation_context_json",
            &conversation_context_json,
        )),
        turn_number: v.field(non_negative("turn_number", turn_number)),
    };
    v.into_result(fields)
        .map(|fields| NewTurn::classify(fields, &alternates, settings))
}

pub fn json_text(value: Option<serde_json::Value>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

pub fn turn_to_proto(turn: Turn) -> proto::Turn {
    let Turn {
        id,
        created_at,
        turn:
            NewTurn {
                fields,
                bucket,
                is_training_candidate,
            },
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
    proto::Turn {
        id: i64::from(id),
        training_confidence_bucket: bucket_to_proto(bucket) as i32,
        is_training_candidate,
        create_time: convert::opt_timestamp(created_at),
        input: Some(proto::TurnInput {
            user_id,
            session_id,
            // Never hand a whole phone number back out.
            phone_number: phone_number
                .as_deref()
                .map(phone::masked)
                .unwrap_or_default(),
            channel: channel.unwrap_or_default(),
            user_message,
            bot_response: bot_response.unwrap_or_default(),
            message_type: message_type.unwrap_or_default(),
            nlu_intent: nlu_intent.unwrap_or_default(),
            nlu_confidence: decimal_text(nlu_confidence),
            nlu_alternate_intents_json: json_text(nlu_alternate_intents),
            nlu_entities_json: json_text(nlu_entities),
            nlu_language: nlu_language.unwrap_or_default(),
            nlu_tone: nlu_tone.unwrap_or_default(),
            nlu_provider: nlu_provider.unwrap_or_default(),
            nlu_processing_time_ms,
            routed_to: routed_to.unwrap_or_default(),
            routing_reason: routing_reason.unwrap_or_default(),
            flow_id: flow_id.unwrap_or_default(),
            agent_id: agent_id.unwrap_or_default(),
            response_type: response_type.unwrap_or_default(),
            response_success,
            response_time_ms,
            conversation_context_json: json_text(conversation_context),
            turn_number,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn turn(confidence: &str, alternates: &str) -> NewTurn {
        let input = proto::TurnInput {
            session_id: "s1".into(),
            user_message: "hello".into(),
            nlu_intent: "greet".into(),
            nlu_confidence: confidence.into(),
            nlu_alternate_intents_json: alternates.into(),
            ..proto::TurnInput::default()
        };
        new_turn(input, &Snapshot::default()).expect("valid turn")
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

    #[test]
    fn every_fault_of_a_turn_is_reported() {
        let input = proto::TurnInput {
            user_id: Some(0),
            nlu_confidence: "2".into(),
            turn_number: Some(-1),
            ..proto::TurnInput::default()
        };
        let faults = new_turn(input, &Snapshot::default()).expect_err("invalid");
        let fields: Vec<&str> = faults.iter().map(|v| v.field.as_str()).collect();
        for field in [
            "user_id",
            "session_id",
            "user_message",
            "nlu_confidence",
            "turn_number",
        ] {
            assert!(fields.contains(&field), "{field} in {fields:?}");
        }
    }
}
