//! Dawid–Skene aggregation of crowd votes: `sample_posteriors` keeps, per
//! training sample with votes, the posterior of each label (a JSON object
//! `{"intent": probability}`), the top label and its posterior, the
//! entropy (bits) and how the posterior was computed (`dawid_skene`, or
//! `weighted_vote` below the minimum of data). Ours alone; `sample_id` has
//! no foreign key, like `label_votes`.
//!
//! Settings: `auto_approve_posterior` (the top posterior that approves a
//! label), `dawid_skene_min_votes` (votes in the crowd before Dawid–Skene
//! replaces the weighted vote) and `crowd_asks_unmeasured_players`.
use sea_orm_migration::prelude::*;

use crate::{
    seed::{self, SeedSetting, s},
    sql,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[rustfmt::skip]
pub const SEEDED_SETTINGS: &[SeedSetting] = &[
    s("training", "auto_approve_posterior", "0.99", "number", "Dawid-Skene posterior (0 to 1) of the top label that approves a crowd-labelled sample"),
    s("training", "crowd_asks_unmeasured_players", "true", "boolean", "Whether players not yet measured (see min_gold_answers) are drawn crowd questions; their votes count once they are measured, but take vote slots meanwhile"),
    s("training", "dawid_skene_min_votes", "20", "number", "Counting crowd votes needed before Dawid-Skene decides; below, the weighted vote and auto_approve_agreement do"),
];

const SAMPLE_POSTERIORS: &str = "CREATE TABLE IF NOT EXISTS sample_posteriors (
    sample_id INTEGER PRIMARY KEY,
    posteriors {jsonb} NOT NULL,
    top_intent VARCHAR(100) NOT NULL,
    top_posterior {ratio} NOT NULL,
    entropy DOUBLE PRECISION NOT NULL,
    expected_change DOUBLE PRECISION NOT NULL,
    votes INTEGER NOT NULL,
    method VARCHAR(20) NOT NULL,
    updated_at {timestamp} NOT NULL DEFAULT {now}
)";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        sql::run_all(manager, &[SAMPLE_POSTERIORS]).await?;
        seed::insert(manager, SEEDED_SETTINGS).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        seed::delete(manager, SEEDED_SETTINGS).await?;
        manager
            .get_connection()
            .execute_unprepared("DROP TABLE IF EXISTS sample_posteriors")
            .await?;
        Ok(())
    }
}
