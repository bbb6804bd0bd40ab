//! `reward_deliveries.retry_started_at`: when the current retry window of a
//! reward began. Empty means at its creation; an admin's RetryReward starts
//! a new window, so a reward put back to pending after days is retried for
//! another `reward_retry_max_hours` instead of failing at its first hiccup.
use sea_orm_migration::prelude::*;

use crate::sql;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if !manager
            .has_column("reward_deliveries", "retry_started_at")
            .await?
        {
            let add = "ALTER TABLE reward_deliveries ADD COLUMN retry_started_at {timestamp}";
            sql::run_all(manager, &[add]).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager
            .has_column("reward_deliveries", "retry_started_at")
            .await?
        {
            let drop = "ALTER TABLE reward_deliveries DROP COLUMN retry_started_at";
            manager.get_connection().execute_unprepared(drop).await?;
        }
        Ok(())
    }
}
