//! Label fields shared by conversation turns, training samples and questions:
//! intent names, confidences (exact decimals, never floats), JSON fields and
//! bounded text. Each returns the parsed value or the violation to report.
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};
use serde_json::Value as Json;

use crate::{
    error::Violation,
    text::{CheckedText, TextKind},
};

/// The longest intent name (the column is VARCHAR(100)).
const MAX_INTENT_LENGTH: usize = 100;

/// An intent name: lower snake_case, `^[a-z][a-z0-9_]{0,99}$`.
pub fn intent(field: &str, value: &str) -> Result<String, Violation> {
    let mut chars = value.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_lowercase());
    let rest_ok = chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !first_ok || !rest_ok || value.len() > MAX_INTENT_LENGTH {
        return Err(Violation::new(
            field,
            "must be lower snake_case: a letter, then letters, digits or _ (at most 100)",
        ));
    }
    Ok(value.to_string())
}

/// An optional intent: empty means none.
pub fn optional_intent(field: &str, value: &str) -> Result<Option<String>, Violation> {
    if value.is_empty() {
        return Ok(None);
    }
    intent(field, value).map(Some)
}

/// A confidence as a decimal string in [0, 1], rounded to the column's four
/// places; empty means unknown.
pub fn confidence(field: &str, value: &str) -> Result<Option<Decimal>, Violation> {
    if value.trim().is_empty() {
        return Ok(None);
    }
    let parsed = parse_decimal(value.trim())
        .ok_or_else(|| Violation::new(field, "must be a decimal number such as 0.73"))?;
    unit_interval(field, parsed).map(Some)
}

/// A decimal in [0, 1], rounded to four places.
pub fn unit_interval(field: &str, value: Decimal) -> Result<Decimal, Violation> {
    if value < Decimal::ZERO || value > Decimal::ONE {
        return Err(Violation::new(field, "must be between 0 and 1"));
    }
    Ok(value.round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero))
}

/// Plain (`0.73`) or scientific (`7.3e-1`) decimal notation.
pub fn parse_decimal(text: &str) -> Option<Decimal> {
    Decimal::from_str(text)
        .ok()
        .or_else(|| Decimal::from_scientific(text).ok())
}

/// An optional JSON field sent as a string; empty means none.
pub fn json(field: &str, value: &str) -> Result<Option<Json>, Violation> {
    if value.trim().is_empty() {
        return Ok(None);
    }
    serde_json::from_str(value)
        .map(Some)
        .map_err(|e| Violation::new(field, format!("is not valid JSON: {e}")))
}

/// Required free text: not blank, at most `max_chars` characters, no NUL
/// nor control characters but tabs and line breaks.
pub fn text(field: &str, value: &str, max_chars: usize) -> Result<CheckedText, Violation> {
    if value.trim().is_empty() {
        return Err(Violation::new(field, "is required"));
    }
    CheckedText::parse(field, value, TextKind::Free, max_chars)
}

/// Optional free text; empty means none.
pub fn optional_text(
    field: &str,
    value: &str,
    max_chars: usize,
) -> Result<Option<CheckedText>, Violation> {
    if value.is_empty() {
        return Ok(None);
    }
    CheckedText::parse(field, value, TextKind::Free, max_chars).map(Some)
}

/// Optional one-line text for a VARCHAR column (no control characters);
/// empty means none.
pub fn bounded(field: &str, value: &str, max_chars: usize) -> Result<Option<String>, Violation> {
    if value.is_empty() {
        return Ok(None);
    }
    CheckedText::parse(field, value, TextKind::Line, max_chars).map(|t| Some(t.into_string()))
}

/// Required one-line text for a VARCHAR column.
pub fn line(field: &str, value: &str, max_chars: usize) -> Result<String, Violation> {
    bounded(field, value, max_chars)?.ok_or_else(|| Violation::new(field, "is required"))
}

/// A decimal read from a JSON number or string, without going through f64
/// arithmetic: serde_json prints a number in its shortest exact form.
pub fn json_decimal(value: &Json) -> Option<Decimal> {
    match value {
        Json::Number(n) => parse_decimal(&n.to_string()),
        Json::String(s) => parse_decimal(s.trim()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intents_are_lower_snake_case() {
        for good in ["greet", "order_food", "a1_b2"] {
            assert!(intent("intent", good).is_ok(), "{good}");
        }
        let long = "a".repeat(101);
        for bad in ["", "Greet", "1abc", "order-food", "ordér", long.as_str()] {
            assert!(intent("intent", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn confidences_are_exact_and_bounded() {
        assert_eq!(confidence("c", "").expect("empty"), None);
        assert_eq!(
            confidence("c", "0.85").expect("ok"),
            Some(Decimal::new(85, 2))
        );
        assert_eq!(
            confidence("c", "0.123456").expect("ok"),
            Some(Decimal::new(1235, 4))
        );
        assert!(confidence("c", "1.0001").is_err());
        assert!(confidence("c", "-0.1").is_err());
        assert!(confidence("c", "high").is_err());
    }

    #[test]
    fn json_numbers_keep_their_decimal_text() {
        let value: Json = serde_json::from_str("0.1").expect("json");
        assert_eq!(json_decimal(&value), Some(Decimal::new(1, 1)));
    }
}
