//! Whether a turn is worth a person's (or the crowd's) label: the NLU was
//! unsure (low or medium bucket), or hesitated between its top two intents.
use rust_decimal::Decimal;
use serde_json::Value as Json;

use super::turn::Bucket;
use crate::{error::Violation, fields::label, settings::Snapshot};

/// A training candidate: low or medium confidence, or a top-two intent
/// margin below the setting (the model hesitated between two intents).
pub fn is_candidate(
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

/// Intents with their confidences.
pub type Scores = Vec<(String, Decimal)>;

/// `[{"intent": "x", "confidence": 0.2}, ...]` or `{"x": 0.2, ...}`.
pub fn alternate_intents(text: &str) -> Result<(Option<Json>, Scores), Violation> {
    const FIELD: &str = "nlu_alternate_intents_json";
    let Some(json) = label::json(FIELD, text)? else {
        return Ok((None, Vec::new()));
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
    let scores = pairs
        .into_iter()
        .map(|(name, score)| {
            let name = label::intent(FIELD, &name)?;
            let score = label::json_decimal(score)
                .ok_or_else(|| Violation::new(FIELD, format!("{name} has no numeric confidence")))
                .and_then(|s| label::unit_interval(FIELD, s))?;
            Ok((name, score))
        })
        .collect::<Result<Vec<_>, Violation>>()?;
    Ok((Some(json), scores))
}
