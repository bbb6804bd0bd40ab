//! The audit's Phase 2: the tables this service owns.
//!
//! It runs before the audit's Phase 1 (`m20251120_000003`) because the
//! columns Phase 1 adds to `game_sessions` are foreign keys to
//! `training_samples` and `conversation_logs`, which must exist first.
use crate::sql;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

// `version` is not in the audit: it is bumped on every change so that two
// admins editing the same setting cannot silently overwrite each other.
const GAMIFICATION_SETTINGS: &str = "CREATE TABLE IF NOT EXISTS gamification_settings (
    id {pk},
    key VARCHAR(100) NOT NULL UNIQUE,
    value TEXT NOT NULL,
    type VARCHAR(20) NOT NULL,
    description TEXT,
    category VARCHAR(50),
    updated_at {timestamp} DEFAULT {now},
    updated_by VARCHAR(100),
    version INTEGER NOT NULL DEFAULT 1
)";

const GAMIFICATION_SETTING_HISTORY: &str =
    "CREATE TABLE IF NOT EXISTS gamification_setting_history (
    id {pk},
    setting_key VARCHAR(100) NOT NULL,
    old_value TEXT NOT NULL,
    new_value TEXT NOT NULL,
    changed_by VARCHAR(100) NOT NULL,
    reason TEXT,
    changed_at {timestamp} NOT NULL DEFAULT {now}
)";

// `language` is not in the audit: every game is played in one language.
const GAME_QUESTIONS: &str = "CREATE TABLE IF NOT EXISTS game_questions (
    id {pk},
    game_type VARCHAR(50) NOT NULL,
    language VARCHAR(10) NOT NULL DEFAULT 'en',
    question_text TEXT NOT NULL,
    question_context TEXT,
    correct_answer TEXT NOT NULL,
    answer_options {jsonb},
    difficulty VARCHAR(20) DEFAULT 'medium',
    reward_amount {money},
    context_required BOOLEAN DEFAULT FALSE,
    tags {text_array},
    created_at {timestamp} DEFAULT {now},
    updated_at {timestamp} DEFAULT {now},
    enabled BOOLEAN DEFAULT TRUE,
    usage_count INTEGER DEFAULT 0,
    success_rate {ratio}
)";

const TRAINING_SAMPLES: &str = "CREATE TABLE IF NOT EXISTS training_samples (
    id {pk},
    user_id INTEGER,
    session_id VARCHAR(100),
    game_session_id VARCHAR(100),
    text TEXT NOT NULL,
    intent VARCHAR(100) NOT NULL,
    entities {jsonb},
    confidence {ratio},
    language VARCHAR(10),
    tone VARCHAR(50),
    context {jsonb},
    source VARCHAR(50) DEFAULT 'game',
    nlu_provider VARCHAR(50),
    approved BOOLEAN DEFAULT FALSE,
    approved_by VARCHAR(100),
    approved_at {timestamp},
    review_status VARCHAR(20) DEFAULT 'pending',
    review_priority INTEGER DEFAULT 0,
    used_in_training BOOLEAN DEFAULT FALSE,
    training_batch_id VARCHAR(100),
    created_at {timestamp} DEFAULT {now}
)";

const CONVERSATION_LOGS: &str = "CREATE TABLE IF NOT EXISTS conversation_logs (
    id {pk},
    user_id INTEGER,
    session_id VARCHAR(100) NOT NULL,
    phone_number VARCHAR(50),
    channel VARCHAR(50) DEFAULT 'web',
    user_message TEXT NOT NULL,
    bot_response TEXT,
    message_type VARCHAR(20) DEFAULT 'text',
    nlu_intent VARCHAR(100),
    nlu_confidence {ratio},
    nlu_alternate_intents {jsonb},
    nlu_entities {jsonb},
    nlu_language VARCHAR(10),
    nlu_tone VARCHAR(50),
    nlu_provider VARCHAR(50),
    nlu_processing_time_ms INTEGER,
    routed_to VARCHAR(100),
    routing_reason TEXT,
    flow_id VARCHAR(100),
    agent_id VARCHAR(100),
    response_type VARCHAR(50),
    response_success BOOLEAN DEFAULT TRUE,
    response_time_ms INTEGER,
    conversation_context {jsonb},
    turn_number INTEGER,
    is_training_candidate BOOLEAN DEFAULT FALSE,
    training_confidence_bucket VARCHAR(20),
    created_at {timestamp} DEFAULT {now}
)";

const INDEXES: &[&str] = &[
    "CREATE INDEX IF NOT EXISTS idx_gamification_setting_history_key
        ON gamification_setting_history (setting_key, id)",
    "CREATE INDEX IF NOT EXISTS idx_game_questions_selection
        ON game_questions (game_type, difficulty, language, enabled)",
    "CREATE INDEX IF NOT EXISTS idx_training_samples_review
        ON training_samples (review_status, review_priority DESC)",
    "CREATE INDEX IF NOT EXISTS idx_training_samples_intent ON training_samples (intent)",
    "CREATE INDEX IF NOT EXISTS idx_training_samples_user_id ON training_samples (user_id)",
    "CREATE INDEX IF NOT EXISTS idx_training_samples_game_session_id
        ON training_samples (game_session_id)",
    "CREATE INDEX IF NOT EXISTS idx_training_samples_export
        ON training_samples (approved, used_in_training)",
    "CREATE INDEX IF NOT EXISTS idx_conversation_logs_session
        ON conversation_logs (session_id, created_at)",
    "CREATE INDEX IF NOT EXISTS idx_conversation_logs_user
        ON conversation_logs (user_id, created_at)",
    "CREATE INDEX IF NOT EXISTS idx_conversation_logs_intent ON conversation_logs (nlu_intent)",
    "CREATE INDEX IF NOT EXISTS idx_conversation_logs_candidates
        ON conversation_logs (is_training_candidate, created_at)",
    "CREATE INDEX IF NOT EXISTS idx_conversation_logs_created_at ON conversation_logs (created_at)",
];

/// Dropped by `down`, and nothing else.
const TABLES: &[&str] = &[
    "gamification_settings",
    "gamification_setting_history",
    "game_questions",
    "training_samples",
    "conversation_logs",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        sql::run_all(
            manager,
            &[
                GAMIFICATION_SETTINGS,
                GAMIFICATION_SETTING_HISTORY,
                GAME_QUESTIONS,
                TRAINING_SAMPLES,
                CONVERSATION_LOGS,
            ],
        )
        .await?;
        sql::run_all(manager, INDEXES).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in TABLES {
            let drop = format!("DROP TABLE IF EXISTS {table}");
            manager.get_connection().execute_unprepared(&drop).await?;
        }
        Ok(())
    }
}
