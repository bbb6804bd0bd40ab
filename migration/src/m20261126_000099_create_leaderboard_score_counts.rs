//! A leaderboard rank without counting the players ahead. `leaderboard_score_counts`
//! holds, per board (period kind and start, game type, language), how many
//! players have each score; a rank is 1 + the players in the buckets above
//! one's score, a sum over distinct scores rather than a count over players.
//!
//! The buckets are folded from `leaderboard_totals` in the background, not
//! in the completion transaction (every completion would queue on the
//! bucket rows of the popular scores). `leaderboard_totals.ranked_score` is
//! the score a player is counted at in the buckets (NULL: not yet counted);
//! a completion raises `score` and leaves it, so the rows whose two differ
//! are the fold's work, and a reader corrects the buckets by those few rows
//! (the partial index finds them per board). Existing totals start
//! uncounted; the first folds count them.
use sea_orm_migration::prelude::*;

use crate::sql;

#[derive(DeriveMigrationName)]
pub struct Migration;

const ADD: &str = "ALTER TABLE leaderboard_totals ADD COLUMN ranked_score BIGINT";

const TABLE: &str = "CREATE TABLE IF NOT EXISTS leaderboard_score_counts (
    period_kind VARCHAR(8) NOT NULL,
    period_start {timestamp} NOT NULL,
    game_type VARCHAR(50) NOT NULL,
    language VARCHAR(10) NOT NULL,
    score BIGINT NOT NULL,
    players BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (period_kind, period_start, game_type, language, score)
)";

const UNRANKED_INDEX: &str = "CREATE INDEX IF NOT EXISTS idx_leaderboard_totals_unranked ON \
    leaderboard_totals (period_kind, period_start, game_type, language) \
    WHERE ranked_score IS NULL OR ranked_score <> score";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if !manager
            .has_column("leaderboard_totals", "ranked_score")
            .await?
        {
            sql::run_all(manager, &[ADD]).await?;
        }
        sql::run_all(manager, &[TABLE, UNRANKED_INDEX]).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared("DROP INDEX IF EXISTS idx_leaderboard_totals_unranked")
            .await?;
        db.execute_unprepared("DROP TABLE IF EXISTS leaderboard_score_counts")
            .await?;
        if manager
            .has_column("leaderboard_totals", "ranked_score")
            .await?
        {
            db.execute_unprepared("ALTER TABLE leaderboard_totals DROP COLUMN ranked_score")
                .await?;
        }
        Ok(())
    }
}
