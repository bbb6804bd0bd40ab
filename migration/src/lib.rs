//! The database schema of the gamification service, as sea-orm-migration
//! migrations. Run it with `DATABASE_URL=... cargo run -p migration -- up`.
//!
//! It adopts the tables other apps already use (never dropping them), then
//! adds the service's own tables, columns and seed data, following the
//! database audit. SQL is written per table with a few dialect tokens (see
//! [`sql`]) so PostgreSQL gets exactly the audited column types.
pub use sea_orm_migration::prelude::*;

mod lock;
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
pub mod sql;
pub mod starter_questions;

pub use lock::{MIGRATION_LOCK_KEY, connect_dedicated, lock, unlock, up_locked};
pub use m20251120_000004_seed_settings::{SEEDED_SETTING_KEYS, SEEDED_SETTINGS, SeedSetting};

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
        ]
    }
}
