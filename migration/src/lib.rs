//! The database schema of the gamification service, as sea-orm-migration
//! migrations. Run it with `DATABASE_URL=... cargo run -p migration -- up`.
//!
//! It adopts the tables other apps already use (never dropping them), then
//! adds the service's own tables, columns and seed data, following the
//! database audit. SQL is written per table with a few dialect tokens (see
//! [`sql`]) so PostgreSQL gets exactly the audited column types.
pub use sea_orm_migration::prelude::*;

mod m20251120_000001_adopt_existing_tables;
mod m20251120_000002_create_gamification_tables;
mod m20251120_000003_alter_existing_tables;
mod m20251120_000004_seed_settings;
mod m20251120_000005_seed_questions;
mod m20251121_000001_create_game_answers;
mod m20251121_000002_seed_personalized_questions;
mod m20251122_000001_create_reward_deliveries;
mod m20251123_000001_create_training_batches;
mod m20251125_000001_create_crowd_labelling;
mod m20261126_000030_create_idempotency_keys;
mod m20261126_000031_seed_idempotency_retention;
pub mod sql;
pub mod starter_questions;

pub use m20251120_000004_seed_settings::{SEEDED_SETTING_KEYS, SEEDED_SETTINGS, SeedSetting};

/// Every setting the migrations seed: the first seed's list, then those
/// added by later migrations.
pub fn all_seeded_settings() -> Vec<SeedSetting> {
    [
        SEEDED_SETTINGS,
        m20261126_000031_seed_idempotency_retention::SEEDED,
    ]
    .concat()
}

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20251120_000001_adopt_existing_tables::Migration),
            Box::new(m20251120_000002_create_gamification_tables::Migration),
            Box::new(m20251120_000003_alter_existing_tables::Migration),
            Box::new(m20251120_000004_seed_settings::Migration),
            Box::new(m20251120_000005_seed_questions::Migration),
            Box::new(m20251121_000001_create_game_answers::Migration),
            Box::new(m20251121_000002_seed_personalized_questions::Migration),
            Box::new(m20251122_000001_create_reward_deliveries::Migration),
            Box::new(m20251123_000001_create_training_batches::Migration),
            Box::new(m20251125_000001_create_crowd_labelling::Migration),
            Box::new(m20261126_000030_create_idempotency_keys::Migration),
            Box::new(m20261126_000031_seed_idempotency_retention::Migration),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_seeded_key_is_seeded_once() {
        let all = all_seeded_settings();
        let keys: HashSet<_> = all.iter().map(|s| s.key).collect();
        assert_eq!(keys.len(), all.len(), "a key is seeded twice");
    }
}
