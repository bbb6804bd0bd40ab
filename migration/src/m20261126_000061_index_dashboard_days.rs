//! Indexes for the console's dashboard: its charts count games started and
//! completed, samples approved and rewards credited per day over the last
//! 30 days. Without them each chart scans its whole table, which grows for
//! ever; with them it reads the window. Additive only (no row changes) on
//! the adopted `game_sessions` table.
use sea_orm_migration::prelude::*;

use crate::sql;

#[derive(DeriveMigrationName)]
pub struct Migration;

const INDEXES: &[(&str, &str)] = &[
    ("idx_game_sessions_started_at", "game_sessions (started_at)"),
    (
        "idx_game_sessions_completed_at",
        "game_sessions (completed_at)",
    ),
    (
        "idx_training_samples_approved_at",
        "training_samples (approved_at)",
    ),
    (
        "idx_reward_deliveries_credited_at",
        "reward_deliveries (credited_at)",
    ),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let statements: Vec<String> = INDEXES
            .iter()
            .map(|(name, on)| format!("CREATE INDEX IF NOT EXISTS {name} ON {on}"))
            .collect();
        let templates: Vec<&str> = statements.iter().map(String::as_str).collect();
        sql::run_all(manager, &templates).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, _) in INDEXES {
            manager
                .get_connection()
                .execute_unprepared(&format!("DROP INDEX IF EXISTS {name}"))
                .await?;
        }
        Ok(())
    }
}
