//! GetConversationStats without scanning every turn: `conversation_stats_hourly`
//! keeps, per UTC hour, intent and language, the sums the statistics are
//! made of (turns, candidates, low-confidence turns, the confidences' sum
//! in ten-thousandths and their count, processing and response times' sums
//! and counts). Every sum is an integer, so both backends add them up
//! exactly in SQL (confidences have four decimal places).
//! A background fold writes each hour once it is closed, and
//! `conversation_stats_folds.folded_until` says up to where: the turns of
//! later hours are read from `conversation_logs` itself. Deleting turns of
//! a folded hour (retention, DeleteUserData) refolds that hour in the same
//! transaction. Both tables are ours alone; an empty or missing intent or
//! language is kept as ''.
use sea_orm_migration::prelude::*;

use crate::sql;

#[derive(DeriveMigrationName)]
pub struct Migration;

const HOURLY: &str = "CREATE TABLE IF NOT EXISTS conversation_stats_hourly (
    hour {timestamp} NOT NULL,
    intent VARCHAR(100) NOT NULL,
    language VARCHAR(20) NOT NULL,
    turns BIGINT NOT NULL,
    candidates BIGINT NOT NULL,
    low_confidence BIGINT NOT NULL,
    confidence_sum_e4 BIGINT NOT NULL,
    confidences BIGINT NOT NULL,
    nlu_ms_sum BIGINT NOT NULL,
    nlu_ms_count BIGINT NOT NULL,
    response_ms_sum BIGINT NOT NULL,
    response_ms_count BIGINT NOT NULL,
    PRIMARY KEY (hour, intent, language)
)";

const FOLDS: &str = "CREATE TABLE IF NOT EXISTS conversation_stats_folds (
    id INTEGER PRIMARY KEY,
    folded_until {timestamp}
)";

// The one row the fold locks and advances; NULL: nothing folded yet.
const FOLDS_ROW: &str = "INSERT INTO conversation_stats_folds (id, folded_until)
    SELECT 1, NULL WHERE NOT EXISTS (SELECT 1 FROM conversation_stats_folds WHERE id = 1)";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        sql::run_all(manager, &[HOURLY, FOLDS, FOLDS_ROW]).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared("DROP TABLE IF EXISTS conversation_stats_folds")
            .await?;
        db.execute_unprepared("DROP TABLE IF EXISTS conversation_stats_hourly")
            .await?;
        Ok(())
    }
}
