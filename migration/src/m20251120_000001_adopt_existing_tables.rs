//! Adopts the tables the existing apps already use (see the database audit):
//! `users`, `flows`, `game_sessions`, `conversation_memory`, `flow_runs`.
//!
//! On the production database they exist already, with rows, beside about 67
//! Label Studio tables, so every statement is `IF NOT EXISTS`: there nothing
//! is created twice and no row is touched. On a fresh database (development,
//! tests) they are created the way the old apps created them.
use crate::sql;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const USERS: &str = "CREATE TABLE IF NOT EXISTS users (
    id {pk},
    php_user_id INTEGER UNIQUE,
    phone VARCHAR(20) UNIQUE,
    email VARCHAR(255),
    first_name VARCHAR(100),
    last_name VARCHAR(100),
    preferred_language VARCHAR(10) DEFAULT 'en',
    preferences {jsonb},
    interests {jsonb},
    total_games_played INTEGER NOT NULL DEFAULT 0,
    total_rewards_earned {money} NOT NULL DEFAULT 0,
    loyalty_points INTEGER NOT NULL DEFAULT 0,
    created_at {timestamp} NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at {timestamp} NOT NULL DEFAULT CURRENT_TIMESTAMP,
    last_active_at {timestamp}
)";

// Made by Prisma: text id, camelCase columns, TIMESTAMP(3).
const FLOWS: &str = r#"CREATE TABLE IF NOT EXISTS flows (
    id TEXT NOT NULL PRIMARY KEY,
    name TEXT NOT NULL,
    description TEXT,
    module TEXT NOT NULL DEFAULT 'general',
    "trigger" TEXT,
    version TEXT NOT NULL DEFAULT '1.0.0',
    states {jsonb} NOT NULL DEFAULT '{}',
    "initialState" TEXT NOT NULL,
    "finalStates" {jsonb} NOT NULL DEFAULT '[]',
    "contextSchema" {jsonb},
    metadata {jsonb},
    enabled BOOLEAN NOT NULL DEFAULT TRUE,
    status TEXT NOT NULL DEFAULT 'active',
    created_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP(3) DEFAULT CURRENT_TIMESTAMP
)"#;

const GAME_SESSIONS: &str = "CREATE TABLE IF NOT EXISTS game_sessions (
    id {pk},
    session_id VARCHAR(100) NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users(id),
    game_type VARCHAR(50) NOT NULL,
    difficulty VARCHAR(20) DEFAULT 'medium',
    language VARCHAR(10) DEFAULT 'en',
    mission_id VARCHAR(100),
    mission_data {jsonb},
    status VARCHAR(20) DEFAULT 'active',
    score INTEGER DEFAULT 0,
    completion_time_seconds INTEGER,
    rewards_earned {jsonb},
    started_at {timestamp} DEFAULT CURRENT_TIMESTAMP,
    completed_at {timestamp},
    updated_at {timestamp} DEFAULT CURRENT_TIMESTAMP
)";

const CONVERSATION_MEMORY: &str = "CREATE TABLE IF NOT EXISTS conversation_memory (
    id {pk},
    user_id INTEGER NOT NULL REFERENCES users(id),
    role VARCHAR(10),
    content TEXT NOT NULL,
    turn_number INTEGER,
    session_id VARCHAR(100),
    created_at {timestamp} DEFAULT CURRENT_TIMESTAMP
)";

// Made by Prisma as well.
const FLOW_RUNS: &str = "CREATE TABLE IF NOT EXISTS flow_runs (
    id {uuid} NOT NULL PRIMARY KEY{uuid_default},
    flow_id TEXT REFERENCES flows(id),
    session_id TEXT,
    phone_number TEXT,
    current_state TEXT,
    context {jsonb} DEFAULT '{}',
    status TEXT DEFAULT 'active',
    error TEXT,
    started_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    completed_at TIMESTAMP(3),
    updated_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
)";

const INDEXES: &[&str] = &[
    "CREATE INDEX IF NOT EXISTS idx_game_sessions_user_id ON game_sessions (user_id)",
    "CREATE INDEX IF NOT EXISTS idx_game_sessions_session_id ON game_sessions (session_id)",
    "CREATE INDEX IF NOT EXISTS idx_game_sessions_status ON game_sessions (status)",
    "CREATE INDEX IF NOT EXISTS idx_conversation_memory_session ON conversation_memory (session_id)",
    "CREATE INDEX IF NOT EXISTS idx_conversation_memory_user_id ON conversation_memory (user_id)",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        sql::run_all(
            manager,
            &[USERS, FLOWS, GAME_SESSIONS, CONVERSATION_MEMORY, FLOW_RUNS],
        )
        .await?;
        sql::run_all(manager, INDEXES).await
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        // Deliberately nothing: these tables and their rows belong to the
        // other apps (the Prisma flow engine, the PHP backend). We adopted
        // them; we never drop them, not even when rolling everything back.
        Ok(())
    }
}
