//! The audit's Phase 3, settings part: the default value of every setting
//! the service reads. `ON CONFLICT (key) DO NOTHING`: a value an admin has
//! changed is never overwritten, neither here nor on a re-run.
use crate::seed::{self, SeedSetting, s};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const GAME_TYPES: &str = r#"["intent_quest","tone_detective","entity_hunter","language_master"]"#;

/// The settings this migration seeds, in seeding order.
#[rustfmt::skip]
pub const SEEDED_SETTINGS: &[SeedSetting] = &[
    s("rewards", "reward_per_correct_easy", "1.00", "number", "Reward (in reward_currency) for a correct answer to an easy question"),
    s("rewards", "reward_per_correct_medium", "2.00", "number", "Reward (in reward_currency) for a correct answer to a medium question"),
    s("rewards", "reward_per_correct_hard", "3.00", "number", "Reward (in reward_currency) for a correct answer to a hard question"),
    s("rewards", "completion_bonus", "5.00", "number", "Extra reward for finishing every question of a game"),
    s("rewards", "reward_currency", "INR", "string", "ISO 4217 currency of all reward amounts, credited to the PHP wallet"),
    s("rewards", "daily_reward_cap", "50.00", "number", "Most a user can earn in rewards per day; answers beyond it still score but pay nothing"),
    s("rewards", "loyalty_points_per_correct", "10", "number", "Loyalty points added to the user for each correct answer"),
    s("rewards", "reward_max_attempts", "5", "number", "How many times crediting a reward to the wallet is tried before it is marked failed"),
    s("rewards", "reward_retry_base_seconds", "30", "number", "First wait before retrying a failed wallet credit; doubles on each further attempt"),
    s("limits", "daily_game_limit", "10", "number", "Most games a user can start per day"),
    s("limits", "game_cooldown_seconds", "30", "number", "Minimum wait between the end of one game and the start of the next"),
    s("limits", "min_answer_seconds", "2", "number", "Answers faster than this after the question was shown are rejected as automated"),
    s("limits", "max_answer_length", "500", "number", "Longest accepted answer, in characters"),
    s("limits", "max_text_length", "2000", "number", "Longest accepted free text (conversation messages, training sample text), in characters"),
    s("gameplay", "games_enabled", "true", "boolean", "Global kill switch: when false no new game can start"),
    s("gameplay", "enabled_game_types", GAME_TYPES, "json", "JSON array of the game types players may start"),
    s("gameplay", "questions_per_game", "5", "number", "Number of questions in one game"),
    s("gameplay", "session_timeout_minutes", "30", "number", "A game left unanswered this long expires"),
    s("gameplay", "personalized_question_share", "0.4", "number", "Share (0 to 1) of a game's questions drawn from the player's own conversations"),
    s("gameplay", "question_repeat_days", "7", "number", "A question is not shown again to the same player within this many days"),
    s("gameplay", "language_master_min_length", "5", "number", "Shortest accepted language_master rephrasing, in characters"),
    s("gameplay", "language_master_max_length", "280", "number", "Longest accepted language_master rephrasing, in characters"),
    s("gameplay", "near_duplicate_threshold", "0.9", "number", "Similarity (0 to 1) at or above which a language_master answer counts as a copy of an earlier one"),
    s("training", "confidence_low_threshold", "0.5", "number", "NLU confidence below this is bucketed 'low'"),
    s("training", "confidence_high_threshold", "0.85", "number", "NLU confidence at or above this is bucketed 'high'; between the thresholds is 'medium'"),
    s("training", "candidate_margin_threshold", "0.1", "number", "A message is a training candidate when its top two intents' confidences differ by less than this"),
    s("training", "auto_approve_min_votes", "3", "number", "Player answers needed on one text before its label can be approved automatically"),
    s("training", "auto_approve_agreement", "0.8", "number", "Share (0 to 1) of votes that must agree for automatic approval"),
    s("training", "min_player_reliability", "0.6", "number", "Players scoring below this share on gold questions do not count as votes"),
    s("training", "gold_question_share", "0.2", "number", "Share (0 to 1) of questions with a known answer, used to measure player reliability"),
    s("training", "conversation_log_retention_days", "90", "number", "Conversation logs older than this are deleted unless kept as training samples"),
    s("training", "settings_cache_seconds", "5", "number", "How long the service caches settings before reading them again"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        seed::insert(manager, SEEDED_SETTINGS).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        seed::delete(manager, SEEDED_SETTINGS).await
    }
}
