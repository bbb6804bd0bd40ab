//! Conversions between conversation domain values and protobuf messages.
use prost_types::Timestamp;

use super::{
    Turn,
    stats::GroupStats,
    turn::{Bucket, RawTurn},
};
use crate::{
    convert,
    error::{AppError, Violation},
    proto::{self, ConfidenceBucket},
    users::phone,
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

pub fn bucket_to_proto(bucket: Option<&str>) -> ConfidenceBucket {
    match bucket.and_then(Bucket::parse) {
        Some(Bucket::Low) => ConfidenceBucket::Low,
        Some(Bucket::Medium) => ConfidenceBucket::Medium,
        Some(Bucket::High) => ConfidenceBucket::High,
        None => ConfidenceBucket::Unspecified,
    }
}

pub fn raw_turn(input: proto::TurnInput) -> RawTurn {
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
    RawTurn {
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
    }
}

pub fn json_text(value: Option<serde_json::Value>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

pub fn turn_to_proto(turn: Turn) -> proto::Turn {
    let bucket = bucket_to_proto(turn.training_confidence_bucket.as_deref());
    proto::Turn {
        id: i64::from(turn.id),
        training_confidence_bucket: bucket as i32,
        is_training_candidate: turn.is_training_candidate.unwrap_or(false),
        create_time: convert::opt_timestamp(turn.created_at),
        input: Some(proto::TurnInput {
            user_id: turn.user_id,
            session_id: turn.session_id,
            // Never hand a whole phone number back out.
            phone_number: turn
                .phone_number
                .as_deref()
                .map(phone::masked)
                .unwrap_or_default(),
            channel: turn.channel.unwrap_or_default(),
            user_message: turn.user_message,
            bot_response: turn.bot_response.unwrap_or_default(),
            message_type: turn.message_type.unwrap_or_default(),
            nlu_intent: turn.nlu_intent.unwrap_or_default(),
            nlu_confidence: turn
                .nlu_confidence
                .map(|c| c.to_string())
                .unwrap_or_default(),
            nlu_alternate_intents_json: json_text(turn.nlu_alternate_intents),
            nlu_entities_json: json_text(turn.nlu_entities),
            nlu_language: turn.nlu_language.unwrap_or_default(),
            nlu_tone: turn.nlu_tone.unwrap_or_default(),
            nlu_provider: turn.nlu_provider.unwrap_or_default(),
            nlu_processing_time_ms: turn.nlu_processing_time_ms,
            routed_to: turn.routed_to.unwrap_or_default(),
            routing_reason: turn.routing_reason.unwrap_or_default(),
            flow_id: turn.flow_id.unwrap_or_default(),
            agent_id: turn.agent_id.unwrap_or_default(),
            response_type: turn.response_type.unwrap_or_default(),
            response_success: turn.response_success,
            response_time_ms: turn.response_time_ms,
            conversation_context_json: json_text(turn.conversation_context),
            turn_number: turn.turn_number,
        }),
    }
}
