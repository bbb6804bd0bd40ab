//! Settings for measured crowd voters and for reading phone numbers.
//! `ON CONFLICT (key) DO NOTHING`, like every seed: an admin's value stays.
use crate::seed::{self, SeedSetting, s};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[rustfmt::skip]
pub const SEEDED_SETTINGS: &[SeedSetting] = &[
    s("training", "min_gold_answers", "5", "number", "Gold answers a player needs before their accuracy is trusted and their crowd votes count"),
    s("training", "auto_approve_min_measured_voters", "2", "number", "Measured players (see min_gold_answers) who must have voted before a label can be approved automatically"),
    s("training", "max_votes_per_sample", "7", "number", "Votes after which a sample the crowd has not approved goes to human review and is no longer asked"),
    s("gameplay", "phone_default_region", "IN", "string", "Region (ISO 3166 code) in which a phone number written without a country code is read"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        seed::insert(manager, SEEDED_SETTINGS).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        seed::delete(manager, SEEDED_SETTINGS).await
    }
}
