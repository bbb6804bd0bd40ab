//! Idempotency keys (AIP-155): the `request_id` a caller sent with a write,
//! which method it was for, a hash of the request, and the id of the row
//! the write created. A retry with the same id finds the row here and gets
//! the first result back. Written in the same transaction as the write it
//! guards; deleted after `idempotency_retention_hours`.
//!
//! The table name carries the service's prefix: the database is shared, and
//! `idempotency_keys` is a name another application could well own.
//! `request_id` is the UUID's canonical text (lower case, hyphenated) on
//! both backends. `resource_id` is NULL only inside the writing transaction.
use crate::sql;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLE: &str = "CREATE TABLE IF NOT EXISTS gamification_idempotency_keys (
    request_id VARCHAR(36) PRIMARY KEY,
    method VARCHAR(50) NOT NULL,
    request_hash VARCHAR(64) NOT NULL,
    resource_id BIGINT,
    created_at {timestamp} NOT NULL
)";

const INDEX: &str = "CREATE INDEX IF NOT EXISTS idx_gamification_idempotency_keys_created
    ON gamification_idempotency_keys (created_at)";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        sql::run_all(manager, &[TABLE, INDEX]).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared("DROP TABLE IF EXISTS gamification_idempotency_keys")
            .await?;
        Ok(())
    }
}
