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
mod m20261126_000001_seed_economy_settings;
mod m20261126_000002_clear_adopted_reward_status;
mod m20261126_000010_seed_more_questions;
mod m20261126_000011_add_question_source;
mod m20261126_000030_create_idempotency_keys;
mod m20261126_000031_seed_idempotency_retention;
mod m20261126_000040_seed_reward_retry_settings;
mod m20261126_000041_add_reward_retry_window;
mod m20261126_000050_seed_voter_settings;
mod m20261126_000051_fix_trunk_prefixed_phones;
mod m20261126_000060_add_answer_stats_pending;
mod m20261126_000061_index_dashboard_days;
mod m20261126_000062_create_conversation_stats_hourly;
mod m20261126_000063_index_review_queue;
mod m20261126_000070_create_sample_posteriors;
mod m20261126_000080_create_deletion_audit;
mod m20261126_000081_add_batch_manifest;
mod m20261126_000090_create_engagement_tables;
mod m20261126_000091_seed_achievements;
mod m20261126_000095_create_leaderboard_totals;
mod m20261126_000096_create_leagues;
mod m20261126_000097_index_unseated_members;
mod m20261126_000098_add_game_progress;
mod m20261126_000099_create_leaderboard_score_counts;
mod m20261126_000100_index_unranked_totals_by_user;
mod seed;
pub mod sql;
pub mod starter_bank;
pub mod starter_questions;

pub use m20261126_000095_create_leaderboard_totals::ALL_TIME_START;
pub use seed::SeedSetting;

/// The settings of every seed migration, in migration order.
const SEED_LISTS: &[&[SeedSetting]] = &[
    m20251120_000004_seed_settings::SEEDED_SETTINGS,
    m20261126_000001_seed_economy_settings::SEEDED_SETTINGS,
    m20261126_000031_seed_idempotency_retention::SEEDED_SETTINGS,
    m20261126_000040_seed_reward_retry_settings::SEEDED_SETTINGS,
    m20261126_000050_seed_voter_settings::SEEDED_SETTINGS,
    m20261126_000070_create_sample_posteriors::SEEDED_SETTINGS,
    m20261126_000090_create_engagement_tables::SEEDED_SETTINGS,
    m20261126_000096_create_leagues::SEEDED_SETTINGS,
];
const SEED_COUNT: usize = seed::count(SEED_LISTS);
const ALL_SEEDED: [SeedSetting; SEED_COUNT] = seed::concat(SEED_LISTS);

/// Every setting the migrations seed, in seeding order.
pub const SEEDED_SETTINGS: &[SeedSetting] = &ALL_SEEDED;
/// The keys of [`SEEDED_SETTINGS`], in the same order.
pub const SEEDED_SETTING_KEYS: [&str; SEED_COUNT] = seed::keys(&ALL_SEEDED);
pub use lock::{MIGRATION_LOCK_KEY, connect_dedicated, lock, unlock, up_locked};

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
            Box::new(m20261126_000001_seed_economy_settings::Migration),
            Box::new(m20261126_000002_clear_adopted_reward_status::Migration),
            Box::new(m20261126_000010_seed_more_questions::Migration),
            Box::new(m20261126_000011_add_question_source::Migration),
            Box::new(m20261126_000030_create_idempotency_keys::Migration),
            Box::new(m20261126_000031_seed_idempotency_retention::Migration),
            Box::new(m20261126_000040_seed_reward_retry_settings::Migration),
            Box::new(m20261126_000041_add_reward_retry_window::Migration),
            Box::new(m20261126_000050_seed_voter_settings::Migration),
            Box::new(m20261126_000051_fix_trunk_prefixed_phones::Migration),
            Box::new(m20261126_000060_add_answer_stats_pending::Migration),
            Box::new(m20261126_000061_index_dashboard_days::Migration),
            Box::new(m20261126_000062_create_conversation_stats_hourly::Migration),
            Box::new(m20261126_000063_index_review_queue::Migration),
            Box::new(m20261126_000070_create_sample_posteriors::Migration),
            Box::new(m20261126_000080_create_deletion_audit::Migration),
            Box::new(m20261126_000081_add_batch_manifest::Migration),
            Box::new(m20261126_000090_create_engagement_tables::Migration),
            Box::new(m20261126_000091_seed_achievements::Migration),
            Box::new(m20261126_000095_create_leaderboard_totals::Migration),
            Box::new(m20261126_000096_create_leagues::Migration),
            Box::new(m20261126_000097_index_unseated_members::Migration),
            Box::new(m20261126_000098_add_game_progress::Migration),
            Box::new(m20261126_000099_create_leaderboard_score_counts::Migration),
            Box::new(m20261126_000100_index_unranked_totals_by_user::Migration),
        ]
    }
}
