//! The review queue's order as an index: samples by review status, then
//! `COALESCE(review_priority, 0)` descending, then id. Not a partial index on
//! 'pending': the queue binds the status as a parameter, and a generic plan
//! cannot prove a parameter equals the index's predicate. The older
//! `idx_training_samples_review` is on the bare column, which the queue's
//! expression cannot use, so every page sorted all pending samples.
use sea_orm_migration::prelude::*;

use crate::sql;

#[derive(DeriveMigrationName)]
pub struct Migration;

const INDEX: &str = "CREATE INDEX IF NOT EXISTS idx_training_samples_review_queue
    ON training_samples (review_status, (COALESCE(review_priority, 0)) DESC, id)";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        sql::run_all(manager, &[INDEX]).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared("DROP INDEX IF EXISTS idx_training_samples_review_queue")
            .await?;
        Ok(())
    }
}
