//! `reward_deliveries`: the delivery state of each money reward on its way to
//! the PHP wallet, one row per game session (`game_session_id` is unique).
//!
//! `game_sessions.reward_status` and `reward_transaction_id` stay the truth
//! other apps read; this table adds what delivery needs: attempts, the next
//! attempt time, the last error, a lease (`claimed_by`, `claimed_until`) so
//! several server instances never post one reward at the same time, and
//! `seq`, the WatchRewards cursor. `seq` is assigned by one sequencer at a
//! time under a lock, in commit order, so a watcher that resumes after `seq`
//! N can never miss a row committed late with a smaller value.
use crate::sql;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLE: &str = "CREATE TABLE IF NOT EXISTS reward_deliveries (
    id {pk},
    game_session_id INTEGER NOT NULL UNIQUE REFERENCES game_sessions(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL,
    amount {money} NOT NULL,
    currency VARCHAR(3) NOT NULL,
    loyalty_points INTEGER NOT NULL DEFAULT 0,
    status VARCHAR(20) NOT NULL DEFAULT 'pending'
        CONSTRAINT chk_reward_deliveries_status
        CHECK (status IN ('pending', 'credited', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at {timestamp} NOT NULL,
    claimed_by VARCHAR(100),
    claimed_until {timestamp},
    last_error TEXT,
    wallet_transaction_id VARCHAR(100),
    seq BIGINT,
    latency_ms BIGINT,
    created_at {timestamp} NOT NULL,
    updated_at {timestamp} NOT NULL,
    credited_at {timestamp}
)";

// The last WatchRewards cursor handed out. Its row is locked by the one
// sequencer at work (FOR UPDATE on PostgreSQL, BEGIN IMMEDIATE on SQLite), so
// cursors are assigned in commit order and never reused, even when a retried
// reward gives its old cursor up for a new one.
const SEQUENCER: &str = "CREATE TABLE IF NOT EXISTS reward_sequencer (
    name VARCHAR(20) NOT NULL PRIMARY KEY,
    last_value BIGINT NOT NULL
)";

const SEED_SEQUENCER: &str = "INSERT INTO reward_sequencer (name, last_value) \
    SELECT 'watch', 0 WHERE NOT EXISTS (SELECT 1 FROM reward_sequencer WHERE name = 'watch')";

const INDEXES: &[&str] = &[
    "CREATE INDEX IF NOT EXISTS idx_reward_deliveries_due \
        ON reward_deliveries (status, next_attempt_at)",
    "CREATE INDEX IF NOT EXISTS idx_reward_deliveries_seq ON reward_deliveries (seq)",
    "CREATE INDEX IF NOT EXISTS idx_reward_deliveries_user ON reward_deliveries (user_id)",
    // Adoption looks for completed sessions still pending.
    "CREATE INDEX IF NOT EXISTS idx_game_sessions_reward_status \
        ON game_sessions (reward_status)",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        sql::run_all(manager, &[TABLE, SEQUENCER, SEED_SEQUENCER]).await?;
        sql::run_all(manager, INDEXES).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        sql::run_all(
            manager,
            &[
                "DROP INDEX IF EXISTS idx_game_sessions_reward_status",
                "DROP TABLE IF EXISTS reward_sequencer",
                "DROP TABLE IF EXISTS reward_deliveries",
            ],
        )
        .await
    }
}
