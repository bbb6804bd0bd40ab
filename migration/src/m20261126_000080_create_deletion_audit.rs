//! The audit of DeleteUserData: who asked, when, for which user id, and how
//! many rows each table lost. No content: no text, no phone number. The
//! table name carries the service's prefix (the database is shared).
use crate::sql;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLE: &str = "CREATE TABLE IF NOT EXISTS gamification_deletion_audit (
    id {pk},
    user_id INTEGER NOT NULL,
    requested_by VARCHAR(100) NOT NULL,
    requested_at {timestamp} NOT NULL,
    counts {jsonb} NOT NULL
)";

const INDEX: &str = "CREATE INDEX IF NOT EXISTS idx_gamification_deletion_audit_user
    ON gamification_deletion_audit (user_id)";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        sql::run_all(manager, &[TABLE, INDEX]).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared("DROP TABLE IF EXISTS gamification_deletion_audit")
            .await?;
        Ok(())
    }
}
