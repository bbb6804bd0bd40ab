//! League memberships waiting for a cohort seat (`cohort = 0`, written by a
//! player's first completed game of the week and seated by a short pass
//! after it commits) are found through this index, not by scanning every
//! membership of the week. A plain index rather than a partial one on
//! `cohort = 0`: the seating queries bind the cohort as a parameter, and a
//! generic plan cannot prove a parameter equals a partial index's predicate.
use sea_orm_migration::prelude::*;

use crate::sql;

#[derive(DeriveMigrationName)]
pub struct Migration;

const INDEX: &str = "CREATE INDEX IF NOT EXISTS idx_league_memberships_seat \
    ON league_memberships (cohort, week_start)";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        sql::run_all(manager, &[INDEX]).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared("DROP INDEX IF EXISTS idx_league_memberships_seat")
            .await?;
        Ok(())
    }
}
