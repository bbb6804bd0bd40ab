//! The rank fold's index. The fold takes uncounted totals in primary-key
//! order (`… ORDER BY period_kind, period_start, game_type, language,
//! user_id LIMIT n FOR UPDATE SKIP LOCKED`), so two folds lock them in the
//! same order. The partial index of 000099 lacked `user_id`: to keep that
//! order PostgreSQL walked the primary key over every total, filtering for
//! the uncounted ones (it cannot estimate `ranked_score <> score` and takes
//! most rows to match): 0.6 s every 5 s at 4M totals, for none found. With
//! `user_id` the partial index gives the order itself, and it still serves
//! the readers' per-board correction.
use sea_orm_migration::prelude::*;

use crate::sql;

#[derive(DeriveMigrationName)]
pub struct Migration;

const BY_USER: &str = "CREATE INDEX IF NOT EXISTS idx_leaderboard_totals_unranked_by_user ON \
    leaderboard_totals (period_kind, period_start, game_type, language, user_id) \
    WHERE ranked_score IS NULL OR ranked_score <> score";
const DROP_OLD: &str = "DROP INDEX IF EXISTS idx_leaderboard_totals_unranked";
const OLD: &str = "CREATE INDEX IF NOT EXISTS idx_leaderboard_totals_unranked ON \
    leaderboard_totals (period_kind, period_start, game_type, language) \
    WHERE ranked_score IS NULL OR ranked_score <> score";
const DROP_NEW: &str = "DROP INDEX IF EXISTS idx_leaderboard_totals_unranked_by_user";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        sql::run_all(manager, &[BY_USER, DROP_OLD]).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        sql::run_all(manager, &[OLD, DROP_NEW]).await
    }
}
