//! Rewards retry until they are old, not until a count of attempts runs out:
//! a wallet outage longer than a few minutes no longer fails every reward
//! in it. Seeds the cap of the backoff and the age at which a reward stops
//! being retried; `reward_max_attempts` stays (other apps may read the row)
//! but its description now says it is no longer the stop rule.
use crate::seed::{self, SeedSetting, s};
use crate::sql;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The settings this migration seeds.
#[rustfmt::skip]
pub const SEEDED_SETTINGS: &[SeedSetting] = &[
    s("rewards", "reward_retry_cap_seconds", "300", "number", "Longest wait between two tries of a wallet credit that failed for a passing reason (the doubling wait stops growing here)"),
    s("rewards", "reward_retry_max_hours", "72", "number", "A reward the wallet could not take for a passing reason is retried until it is this many hours old, then marked failed"),
];

const MAX_ATTEMPTS_BEFORE: &str =
    "How many times crediting a reward to the wallet is tried before it is marked failed";
const MAX_ATTEMPTS_NOW: &str = "Deprecated, no longer read: rewards are retried until \
    reward_retry_max_hours, whatever the number of attempts";

const DESCRIBE: &str = "UPDATE gamification_settings SET description = ? \
    WHERE key = 'reward_max_attempts' AND description = ?";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        seed::insert(manager, SEEDED_SETTINGS).await?;
        let values = vec![MAX_ATTEMPTS_NOW.into(), MAX_ATTEMPTS_BEFORE.into()];
        sql::run_with(manager, DESCRIBE, values).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let values = vec![MAX_ATTEMPTS_BEFORE.into(), MAX_ATTEMPTS_NOW.into()];
        sql::run_with(manager, DESCRIBE, values).await?;
        seed::delete(manager, SEEDED_SETTINGS).await
    }
}
