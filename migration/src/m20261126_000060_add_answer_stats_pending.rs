//! `game_answers.stats_pending`: an answer that still has to be counted in
//! its question's `usage_count` and `success_rate`. Every game showing a
//! question used to update that one `game_questions` row inside its
//! SubmitAnswer transaction, so concurrent players queued on its lock. Now
//! the answer only marks itself, and a fold (a background sweep, and every
//! read of the bank) adds the marked answers to their questions and clears
//! the marks, in one transaction, each answer exactly once.
//!
//! Existing answers were counted already: the column defaults to false. The
//! partial index keeps the fold's scan to the marked rows.
use sea_orm_migration::prelude::*;

use crate::sql;

#[derive(DeriveMigrationName)]
pub struct Migration;

const ADD: &str =
    "ALTER TABLE game_answers ADD COLUMN stats_pending BOOLEAN NOT NULL DEFAULT FALSE";
const INDEX: &str = "CREATE INDEX IF NOT EXISTS idx_game_answers_stats_pending
    ON game_answers (id) WHERE stats_pending";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if !manager.has_column("game_answers", "stats_pending").await? {
            sql::run_all(manager, &[ADD]).await?;
        }
        sql::run_all(manager, &[INDEX]).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared("DROP INDEX IF EXISTS idx_game_answers_stats_pending")
            .await?;
        if manager.has_column("game_answers", "stats_pending").await? {
            db.execute_unprepared("ALTER TABLE game_answers DROP COLUMN stats_pending")
                .await?;
        }
        Ok(())
    }
}
