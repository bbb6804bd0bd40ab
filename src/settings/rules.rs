//! What a setting's value may be: its type decides how the text parses, and
//! some keys carry tighter bounds (a ratio stays within [0, 1], a count is a
//! whole number), so an admin typo cannot switch the games off by accident.
use std::str::FromStr;

use rust_decimal::Decimal;

use crate::phone::Region;

/// The `type` column of gamification_settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SettingType {
    Number,
    Boolean,
    Json,
    String,
}

impl SettingType {
    pub fn parse(text: &str) -> Option<SettingType> {
        match text {
            "number" => Some(SettingType::Number),
            "boolean" => Some(SettingType::Boolean),
            "json" => Some(SettingType::Json),
            "string" => Some(SettingType::String),
            _ => None,
        }
    }
}

/// Bounds beyond the type, for keys whose meaning demands them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bound {
    /// A whole number, zero or more.
    Count,
    /// A whole number, one or more.
    PositiveCount,
    /// Within [0, 1].
    Ratio,
    /// Zero or more, at most two decimal places.
    Money,
    /// A whole number, at least this.
    AtLeast(i64),
}

fn bound_of(key: &str) -> Option<Bound> {
    use Bound::*;
    Some(match key {
        "reward_per_correct_easy"
        | "reward_per_correct_medium"
        | "reward_per_correct_hard"
        | "completion_bonus"
        | "daily_reward_cap"
        | "unverified_answer_reward" => Money,
        "loyalty_points_per_correct"
        | "daily_game_limit"
        | "game_cooldown_seconds"
        | "question_repeat_days"
        | "streak_freeze_every_days"
        | "streak_freeze_max"
        | "promote_count"
        | "demote_count" => Count,
        "reward_max_attempts"
        | "reward_retry_base_seconds"
        | "reward_retry_cap_seconds"
        | "reward_retry_max_hours"
        | "max_answer_length"
        | "max_text_length"
        | "questions_per_game"
        | "session_timeout_minutes"
        | "language_master_min_length"
        | "language_master_max_length"
        | "auto_approve_min_votes"
        | "auto_approve_min_measured_voters"
        | "min_gold_answers"
        | "max_votes_per_sample"
        | "dawid_skene_min_votes"
        | "conversation_log_retention_days"
        | "settings_cache_seconds" => PositiveCount,
        "personalized_question_share"
        | "near_duplicate_threshold"
        | "confidence_low_threshold"
        | "confidence_high_threshold"
        | "candidate_margin_threshold"
        | "auto_approve_agreement"
        | "auto_approve_posterior"
        | "min_player_reliability"
        | "gold_question_share"
        | "completion_bonus_min_correct_share" => Ratio,
        // AIP-155 retries are honoured for at least a day.
        "idempotency_retention_hours" => AtLeast(24),
        // A cohort of one has nobody to play against.
        "league_size" => AtLeast(2),
        _ => return None,
    })
}

/// Checks `value` against the setting's type and bounds and returns it in
/// its canonical text form (trimmed number, lower-case boolean, compact JSON).
pub fn normalize_value(
    key: &str,
    setting_type: SettingType,
    value: &str,
) -> Result<String, String> {
    match setting_type {
        SettingType::Number => normalize_number(key, value.trim()),
        SettingType::Boolean => match value.trim().to_ascii_lowercase().as_str() {
            "true" => Ok("true".into()),
            "false" => Ok("false".into()),
            _ => Err("must be true or false".into()),
        },
        SettingType::Json => serde_json::from_str::<serde_json::Value>(value)
            .map(|json| json.to_string())
            .map_err(|e| format!("must be valid JSON: {e}")),
        SettingType::String if value.trim().is_empty() => Err("must not be empty".into()),
        SettingType::String => normalize_string(key, value),
    }
}

/// Strings whose meaning is a closed set are checked against it.
fn normalize_string(key: &str, value: &str) -> Result<String, String> {
    match key {
        "phone_default_region" => value.parse::<Region>().map(|region| region.to_string()),
        "day_timezone" => value
            .trim()
            .parse::<chrono_tz::Tz>()
            .map(|tz| tz.name().to_string())
            .map_err(|_| "must be an IANA time zone name, e.g. Asia/Kolkata".into()),
        _ => Ok(value.to_string()),
    }
}

fn normalize_number(key: &str, value: &str) -> Result<String, String> {
    let number =
        Decimal::from_str(value).map_err(|_| format!("must be a decimal number, got {value:?}"))?;
    match bound_of(key) {
        Some(Bound::Count) if number.is_sign_negative() || !number.fract().is_zero() => {
            Err("must be a whole number, zero or more".into())
        }
        Some(Bound::PositiveCount) if number < Decimal::ONE || !number.fract().is_zero() => {
            Err("must be a whole number, one or more".into())
        }
        Some(Bound::Ratio) if number.is_sign_negative() || number > Decimal::ONE => {
            Err("must be between 0 and 1".into())
        }
        Some(Bound::Money) if number.is_sign_negative() || number.normalize().scale() > 2 => {
            Err("must be an amount of zero or more with at most two decimal places".into())
        }
        Some(Bound::AtLeast(min)) if number < Decimal::from(min) || !number.fract().is_zero() => {
            Err(format!("must be a whole number, at least {min}"))
        }
        _ => Ok(number.normalize().to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_checked_against_type_and_bounds() {
        let cases = [
            ("daily_game_limit", SettingType::Number, "12", Ok("12")),
            ("daily_game_limit", SettingType::Number, "ten", Err(())),
            ("daily_game_limit", SettingType::Number, "1.5", Err(())),
            ("daily_game_limit", SettingType::Number, "-1", Err(())),
            ("questions_per_game", SettingType::Number, "0", Err(())),
            ("league_size", SettingType::Number, "1", Err(())),
            ("league_size", SettingType::Number, "2", Ok("2")),
            ("promote_count", SettingType::Number, "0", Ok("0")),
            ("demote_count", SettingType::Number, "-1", Err(())),
            (
                "confidence_low_threshold",
                SettingType::Number,
                "1.2",
                Err(()),
            ),
            (
                "confidence_low_threshold",
                SettingType::Number,
                "0.50",
                Ok("0.5"),
            ),
            ("daily_reward_cap", SettingType::Number, "10.005", Err(())),
            ("daily_reward_cap", SettingType::Number, "10.50", Ok("10.5")),
            ("games_enabled", SettingType::Boolean, "TRUE", Ok("true")),
            ("games_enabled", SettingType::Boolean, "yes", Err(())),
            (
                "enabled_game_types",
                SettingType::Json,
                "[\"a\", \"b\"]",
                Ok("[\"a\",\"b\"]"),
            ),
            ("enabled_game_types", SettingType::Json, "[oops", Err(())),
            ("reward_currency", SettingType::String, "  ", Err(())),
            (
                "day_timezone",
                SettingType::String,
                "Asia/Kolkata",
                Ok("Asia/Kolkata"),
            ),
            (
                "day_timezone",
                SettingType::String,
                " Europe/London ",
                Ok("Europe/London"),
            ),
            ("day_timezone", SettingType::String, "IST", Err(())),
            ("day_timezone", SettingType::String, "UTC+5:30", Err(())),
            (
                "unverified_answer_reward",
                SettingType::Number,
                "0.505",
                Err(()),
            ),
            (
                "completion_bonus_min_correct_share",
                SettingType::Number,
                "1.1",
                Err(()),
            ),
            ("phone_default_region", SettingType::String, "in", Ok("IN")),
            (
                "phone_default_region",
                SettingType::String,
                "India",
                Err(()),
            ),
            ("phone_default_region", SettingType::String, "ZZ", Err(())),
            ("max_votes_per_sample", SettingType::Number, "0", Err(())),
            (
                "streak_freeze_every_days",
                SettingType::Number,
                "0",
                Ok("0"),
            ),
            ("streak_freeze_max", SettingType::Number, "-1", Err(())),
            ("streak_freeze_max", SettingType::Number, "1.5", Err(())),
            ("min_gold_answers", SettingType::Number, "2.5", Err(())),
            (
                "idempotency_retention_hours",
                SettingType::Number,
                "23",
                Err(()),
            ),
            (
                "idempotency_retention_hours",
                SettingType::Number,
                "48",
                Ok("48"),
            ),
        ];
        for (key, ty, value, expected) in cases {
            let got = normalize_value(key, ty, value);
            match expected {
                Ok(text) => assert_eq!(got.as_deref(), Ok(text), "{key}={value:?}"),
                Err(()) => assert!(
                    got.is_err(),
                    "{key}={value:?} should be refused, got {got:?}"
                ),
            }
        }
    }
}
