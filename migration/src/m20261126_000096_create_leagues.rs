//! Weekly leagues. `league_weeks` has a row per week (Monday 00:00 in
//! `day_timezone`, as UTC) with leagues in it: `open` until the close job
//! ranks its cohorts and sets it `closed`; the row is the guard that only
//! one instance closes a week. `league_memberships` places a player in a
//! week's cohort (language, tier, cohort number) with their league points,
//! and after the close their rank and outcome (`promoted`, `demoted`,
//! `stayed`). Ours alone; no foreign keys (like `label_votes`).
//!
//! Settings: `league_size` (players per cohort), `promote_count` and
//! `demote_count` (moved up and down at the week's end).
use sea_orm_migration::prelude::*;

use crate::{
    seed::{self, SeedSetting, s},
    sql,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[rustfmt::skip]
pub const SEEDED_SETTINGS: &[SeedSetting] = &[
    s("gameplay", "league_size", "30", "number", "Players per weekly league cohort (same tier and language)"),
    s("gameplay", "promote_count", "7", "number", "Players at the top of each league cohort who move up a tier when the week closes (at most half the cohort)"),
    s("gameplay", "demote_count", "5", "number", "Players at the bottom of each league cohort who move down a tier when the week closes (at most half the cohort)"),
];

const WEEKS: &str = "CREATE TABLE IF NOT EXISTS league_weeks (
    week_start {timestamp} PRIMARY KEY,
    week_end {timestamp} NOT NULL,
    status VARCHAR(10) NOT NULL DEFAULT 'open',
    closed_at {timestamp},
    promoted INTEGER NOT NULL DEFAULT 0,
    demoted INTEGER NOT NULL DEFAULT 0
)";

const MEMBERSHIPS: &str = "CREATE TABLE IF NOT EXISTS league_memberships (
    week_start {timestamp} NOT NULL,
    user_id INTEGER NOT NULL,
    language VARCHAR(10) NOT NULL,
    tier VARCHAR(16) NOT NULL,
    cohort INTEGER NOT NULL,
    points BIGINT NOT NULL DEFAULT 0,
    points_at {timestamp} NOT NULL,
    joined_at {timestamp} NOT NULL,
    rank INTEGER,
    outcome VARCHAR(10),
    PRIMARY KEY (week_start, user_id)
)";

const COHORT_INDEX: &str = "CREATE INDEX IF NOT EXISTS idx_league_memberships_cohort ON \
    league_memberships (week_start, language, tier, cohort, points DESC)";

const USER_INDEX: &str = "CREATE INDEX IF NOT EXISTS idx_league_memberships_user ON \
    league_memberships (user_id, week_start)";

const OPEN_INDEX: &str =
    "CREATE INDEX IF NOT EXISTS idx_league_weeks_status ON league_weeks (status, week_end)";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        sql::run_all(
            manager,
            &[WEEKS, MEMBERSHIPS, COHORT_INDEX, USER_INDEX, OPEN_INDEX],
        )
        .await?;
        seed::insert(manager, SEEDED_SETTINGS).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        seed::delete(manager, SEEDED_SETTINGS).await?;
        for table in ["league_memberships", "league_weeks"] {
            manager
                .get_connection()
                .execute_unprepared(&format!("DROP TABLE IF EXISTS {table}"))
                .await?;
        }
        Ok(())
    }
}
