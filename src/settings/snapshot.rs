//! The typed view of all settings that the rest of the service reads. A
//! missing or unreadable row falls back to the default here (and says so in
//! the log), so one bad row written by another application cannot stop the
//! service; the defaults equal the values the migrations seed.
use std::{collections::HashMap, str::FromStr};

use chrono_tz::Tz;
use rust_decimal::Decimal;

use crate::{domain::GameType, phone::Region};

#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    // rewards
    pub reward_per_correct_easy: Decimal,
    pub reward_per_correct_medium: Decimal,
    pub reward_per_correct_hard: Decimal,
    pub completion_bonus: Decimal,
    pub reward_currency: String,
    pub daily_reward_cap: Decimal,
    pub loyalty_points_per_correct: i32,
    pub reward_retry_base_seconds: i64,
    pub reward_retry_cap_seconds: i64,
    pub reward_retry_max_hours: i64,
    pub unverified_answer_reward: Decimal,
    pub completion_bonus_min_correct_share: Decimal,
    // limits
    pub daily_game_limit: i64,
    pub game_cooldown_seconds: i64,
    pub min_answer_seconds: Decimal,
    pub max_answer_length: usize,
    pub max_text_length: usize,
    /// Where a day begins for daily limits, the cap and leaderboards.
    pub day_timezone: Tz,
    pub idempotency_retention_hours: i64,
    // gameplay
    pub games_enabled: bool,
    pub enabled_game_types: Vec<String>,
    pub questions_per_game: usize,
    pub session_timeout_minutes: i64,
    pub personalized_question_share: Decimal,
    pub question_repeat_days: i64,
    pub language_master_min_length: usize,
    pub language_master_max_length: usize,
    pub near_duplicate_threshold: Decimal,
    pub phone_default_region: Region,
    /// Days played that earn one streak freeze (0: no freezes).
    pub streak_freeze_every_days: i32,
    /// Streak freezes a player holds at most.
    pub streak_freeze_max: i32,
    /// Players per weekly league cohort.
    pub league_size: i64,
    /// Moved up / down a tier per cohort at the week's close.
    pub promote_count: i64,
    pub demote_count: i64,
    // training
    pub confidence_low_threshold: Decimal,
    pub confidence_high_threshold: Decimal,
    pub candidate_margin_threshold: Decimal,
    pub auto_approve_min_votes: i64,
    pub auto_approve_min_measured_voters: i64,
    pub min_gold_answers: i32,
    pub max_votes_per_sample: i64,
    pub auto_approve_agreement: Decimal,
    pub auto_approve_posterior: Decimal,
    pub dawid_skene_min_votes: i64,
    pub crowd_asks_unmeasured_players: bool,
    pub min_player_reliability: Decimal,
    pub gold_question_share: Decimal,
    pub conversation_log_retention_days: i64,
    pub settings_cache_seconds: u64,
}

impl Snapshot {
    /// Builds the snapshot from `key → value` rows.
    pub fn from_rows(rows: &HashMap<String, String>) -> Snapshot {
        let r = Reader(rows);
        Snapshot {
            reward_per_correct_easy: r.get("reward_per_correct_easy", Decimal::new(100, 2)),
            reward_per_correct_medium: r.get("reward_per_correct_medium", Decimal::new(200, 2)),
            reward_per_correct_hard: r.get("reward_per_correct_hard", Decimal::new(300, 2)),
            completion_bonus: r.get("completion_bonus", Decimal::new(500, 2)),
            reward_currency: r.get("reward_currency", "INR".to_string()),
            daily_reward_cap: r.get("daily_reward_cap", Decimal::new(5000, 2)),
            loyalty_points_per_correct: r.get("loyalty_points_per_correct", 10),
            // reward_max_attempts is deprecated: seeded, no longer read.
            reward_retry_base_seconds: r.get("reward_retry_base_seconds", 30),
            reward_retry_cap_seconds: r.get("reward_retry_cap_seconds", 300),
            reward_retry_max_hours: r.get("reward_retry_max_hours", 72),
            unverified_answer_reward: r.get("unverified_answer_reward", Decimal::new(50, 2)),
            completion_bonus_min_correct_share: r
                .get("completion_bonus_min_correct_share", Decimal::new(6, 1)),
            daily_game_limit: r.get("daily_game_limit", 10),
            game_cooldown_seconds: r.get("game_cooldown_seconds", 30),
            min_answer_seconds: r.get("min_answer_seconds", Decimal::new(2, 0)),
            max_answer_length: r.get("max_answer_length", 500),
            max_text_length: r.get("max_text_length", 2000),
            day_timezone: r.get("day_timezone", Tz::Asia__Kolkata),
            idempotency_retention_hours: r.get("idempotency_retention_hours", 24),
            games_enabled: r.get("games_enabled", true),
            enabled_game_types: r.json("enabled_game_types", || {
                GameType::ALL
                    .iter()
                    .map(|t| t.as_str().to_string())
                    .collect()
            }),
            questions_per_game: r.get("questions_per_game", 5),
            session_timeout_minutes: r.get("session_timeout_minutes", 30),
            personalized_question_share: r.get("personalized_question_share", Decimal::new(4, 1)),
            question_repeat_days: r.get("question_repeat_days", 7),
            language_master_min_length: r.get("language_master_min_length", 5),
            language_master_max_length: r.get("language_master_max_length", 280),
            near_duplicate_threshold: r.get("near_duplicate_threshold", Decimal::new(9, 1)),
            phone_default_region: r.get("phone_default_region", Region::INDIA),
            streak_freeze_every_days: r.get("streak_freeze_every_days", 7),
            streak_freeze_max: r.get("streak_freeze_max", 2),
            league_size: r.get("league_size", 30),
            promote_count: r.get("promote_count", 7),
            demote_count: r.get("demote_count", 5),
            confidence_low_threshold: r.get("confidence_low_threshold", Decimal::new(5, 1)),
            confidence_high_threshold: r.get("confidence_high_threshold", Decimal::new(85, 2)),
            candidate_margin_threshold: r.get("candidate_margin_threshold", Decimal::new(1, 1)),
            auto_approve_min_votes: r.get("auto_approve_min_votes", 3),
            auto_approve_min_measured_voters: r.get("auto_approve_min_measured_voters", 2),
            min_gold_answers: r.get("min_gold_answers", 5),
            max_votes_per_sample: r.get("max_votes_per_sample", 7),
            auto_approve_agreement: r.get("auto_approve_agreement", Decimal::new(8, 1)),
            auto_approve_posterior: r.get("auto_approve_posterior", Decimal::new(99, 2)),
            dawid_skene_min_votes: r.get("dawid_skene_min_votes", 20),
            crowd_asks_unmeasured_players: r.get("crowd_asks_unmeasured_players", true),
            min_player_reliability: r.get("min_player_reliability", Decimal::new(6, 1)),
            gold_question_share: r.get("gold_question_share", Decimal::new(2, 1)),
            conversation_log_retention_days: r.get("conversation_log_retention_days", 90),
            settings_cache_seconds: r.get("settings_cache_seconds", 5),
        }
    }

    /// The reward for one correct answer at a difficulty (medium for unknown ones).
    pub fn reward_per_correct(&self, difficulty: &str) -> Decimal {
        match difficulty {
            "easy" => self.reward_per_correct_easy,
            "hard" => self.reward_per_correct_hard,
            _ => self.reward_per_correct_medium,
        }
    }
}

impl Default for Snapshot {
    fn default() -> Snapshot {
        Snapshot::from_rows(&HashMap::new())
    }
}

struct Reader<'a>(&'a HashMap<String, String>);

impl Reader<'_> {
    fn get<T: FromStr>(&self, key: &str, default: T) -> T {
        // Numbers are stored in canonical decimal form; a whole-number field
        // still reads "5.0" written by another application.
        let parse = |text: &str| {
            text.parse::<T>().ok().or_else(|| {
                text.trim_end_matches('0')
                    .trim_end_matches('.')
                    .parse()
                    .ok()
            })
        };
        match self.0.get(key) {
            None => default,
            Some(text) => parse(text.trim()).unwrap_or_else(|| {
                tracing::warn!(key, value = %text, "unreadable setting; using the default");
                default
            }),
        }
    }

    fn json<T: serde::de::DeserializeOwned>(&self, key: &str, default: impl FnOnce() -> T) -> T {
        match self.0.get(key).map(|text| serde_json::from_str(text)) {
            Some(Ok(value)) => value,
            Some(Err(_)) => {
                tracing::warn!(key, "unreadable JSON setting; using the default");
                default()
            }
            None => default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_override_defaults_and_bad_rows_fall_back() {
        let rows = HashMap::from([
            ("daily_game_limit".to_string(), "3".to_string()),
            ("games_enabled".to_string(), "false".to_string()),
            ("questions_per_game".to_string(), "many".to_string()),
            (
                "enabled_game_types".to_string(),
                "[\"intent_quest\"]".to_string(),
            ),
        ]);
        let snapshot = Snapshot::from_rows(&rows);
        assert_eq!(snapshot.daily_game_limit, 3);
        assert!(!snapshot.games_enabled);
        assert_eq!(
            snapshot.questions_per_game, 5,
            "unreadable value falls back"
        );
        assert_eq!(
            snapshot.enabled_game_types,
            vec!["intent_quest".to_string()]
        );
        assert_eq!(snapshot.reward_per_correct("hard"), Decimal::new(3, 0));
    }

    #[test]
    fn the_seeded_values_read_as_the_defaults() {
        let seeded: HashMap<String, String> = migration::SEEDED_SETTINGS
            .iter()
            .map(|s| (s.key.to_string(), s.value.to_string()))
            .collect();
        assert_eq!(Snapshot::from_rows(&seeded), Snapshot::default());
    }
}
