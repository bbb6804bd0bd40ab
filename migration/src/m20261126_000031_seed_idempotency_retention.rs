//! The setting that says how long idempotency keys are kept. Seeded like
//! every setting: `ON CONFLICT (key) DO NOTHING`, so an admin's value stays.
use crate::seed::{self, SeedSetting, s};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[rustfmt::skip]
pub const SEEDED_SETTINGS: &[SeedSetting] = &[
    s("limits", "idempotency_retention_hours", "24", "number", "A write's request_id is remembered this many hours (at least 24): a retry within it returns the first result"),
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
