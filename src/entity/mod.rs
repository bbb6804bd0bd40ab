//! SeaORM entities, one module per table (named after it), plus the column
//! types the tables need beyond SeaORM's own.
pub mod achievements;
pub mod amount;
pub mod conversation_logs;
pub mod conversation_memory;
pub mod conversation_stats_folds;
pub mod conversation_stats_hourly;
pub mod db_uuid;
pub mod deletion_audit;
pub mod flow_runs;
pub mod flows;
pub mod game_answers;
pub mod game_question_tags;
pub mod game_questions;
pub mod game_sessions;
pub mod gamification_setting_history;
pub mod gamification_settings;
pub mod idempotency_keys;
pub mod label_votes;
pub mod leaderboard_score_counts;
pub mod leaderboard_totals;
pub mod league_memberships;
pub mod league_weeks;
pub mod player_achievements;
pub mod player_day_stats;
pub mod player_events;
pub mod player_reliability;
pub mod player_streaks;
pub mod reward_deliveries;
pub mod sample_posteriors;
pub mod training_batch_items;
pub mod training_batches;
pub mod training_samples;
pub mod users;

pub mod prelude {
    pub use super::amount::Amount;
    pub use super::conversation_logs::Entity as ConversationLogs;
    pub use super::conversation_memory::Entity as ConversationMemory;
    pub use super::db_uuid::DbUuid;
    pub use super::flow_runs::Entity as FlowRuns;
    pub use super::flows::Entity as Flows;
    pub use super::game_answers::Entity as GameAnswers;
    pub use super::game_questions::Entity as GameQuestions;
    pub use super::game_sessions::Entity as GameSessions;
    pub use super::gamification_setting_history::Entity as GamificationSettingHistory;
    pub use super::gamification_settings::Entity as GamificationSettings;
    pub use super::reward_deliveries::Entity as RewardDeliveries;
    pub use super::training_batch_items::Entity as TrainingBatchItems;
    pub use super::training_batches::Entity as TrainingBatches;
    pub use super::training_samples::Entity as TrainingSamples;
    pub use super::users::Entity as Users;
}
