//! Training data: the batches handed to the people who fine-tune the intent
//! model, the link from a sample to the conversation turn it was promoted
//! from, and the indexes the conversation-log queries need.
//!
//! `training_batch_items.sample_id` is UNIQUE: whatever races, a sample can
//! be in one batch only. Items copy the exported fields, so a batch exports
//! the same rows on every call even after a sample is re-reviewed or its
//! user's data erased.
use crate::sql;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

// `seed` is a u64 as decimal text: it does not fit a signed BIGINT.
const TRAINING_BATCHES: &str = "CREATE TABLE IF NOT EXISTS training_batches (
    id {pk},
    batch_id VARCHAR(100) NOT NULL UNIQUE,
    sample_count INTEGER NOT NULL,
    duplicate_count INTEGER NOT NULL DEFAULT 0,
    validation_fraction {ratio} NOT NULL,
    seed VARCHAR(20) NOT NULL,
    filters {jsonb},
    created_by VARCHAR(100),
    created_at {timestamp} NOT NULL DEFAULT {now}
)";

const TRAINING_BATCH_ITEMS: &str = "CREATE TABLE IF NOT EXISTS training_batch_items (
    id {pk},
    batch_id VARCHAR(100) NOT NULL REFERENCES training_batches (batch_id) ON DELETE CASCADE,
    sample_id INTEGER NOT NULL UNIQUE,
    position INTEGER NOT NULL,
    split VARCHAR(20) NOT NULL,
    text TEXT NOT NULL,
    intent VARCHAR(100) NOT NULL,
    entities {jsonb},
    language VARCHAR(10),
    UNIQUE (batch_id, position)
)";

const INDEXES: &[&str] = &[
    "CREATE UNIQUE INDEX IF NOT EXISTS idx_training_samples_conversation_log
        ON training_samples (conversation_log_id)",
    "CREATE INDEX IF NOT EXISTS idx_training_samples_batch ON training_samples (training_batch_id)",
    "CREATE INDEX IF NOT EXISTS idx_conversation_logs_candidate_id
        ON conversation_logs (is_training_candidate, id)",
];

const DROP_INDEXES: &[&str] = &[
    "DROP INDEX IF EXISTS idx_training_samples_conversation_log",
    "DROP INDEX IF EXISTS idx_training_samples_batch",
    "DROP INDEX IF EXISTS idx_conversation_logs_candidate_id",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        sql::run_all(manager, &[TRAINING_BATCHES, TRAINING_BATCH_ITEMS]).await?;
        if !manager
            .has_column("training_samples", "conversation_log_id")
            .await?
        {
            // No foreign key: the retention sweep deletes old turns, and the
            // samples promoted from them stay.
            let sql = "ALTER TABLE training_samples ADD COLUMN conversation_log_id INTEGER";
            manager.get_connection().execute_unprepared(sql).await?;
        }
        sql::run_all(manager, INDEXES).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for drop in DROP_INDEXES {
            db.execute_unprepared(drop).await?;
        }
        if manager
            .has_column("training_samples", "conversation_log_id")
            .await?
        {
            let sql = "ALTER TABLE training_samples DROP COLUMN conversation_log_id";
            db.execute_unprepared(sql).await?;
        }
        for table in ["training_batch_items", "training_batches"] {
            db.execute_unprepared(&format!("DROP TABLE IF EXISTS {table}"))
                .await?;
        }
        Ok(())
    }
}
