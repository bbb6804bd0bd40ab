//! The setting that says how long idempotency keys are kept. Seeded like
//! every setting: `ON CONFLICT (key) DO NOTHING`, so an admin's value stays.
use crate::{SeedSetting, sql};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[rustfmt::skip]
pub const SEEDED: &[SeedSetting] = &[SeedSetting {
    key: "idempotency_retention_hours",
    value: "24",
    value_type: "number",
    category: "limits",
    description: "A write's request_id is remembered this many hours (at least 24): a retry within it returns the first result",
}];

const INSERT: &str = "INSERT INTO gamification_settings (key, value, type, category, description) \
    VALUES (?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for setting in SEEDED {
            let values = [
                setting.key,
                setting.value,
                setting.value_type,
                setting.category,
                setting.description,
            ];
            sql::run_with(manager, INSERT, values.map(Value::from).to_vec()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for setting in SEEDED {
            let delete = "DELETE FROM gamification_settings WHERE key = ?";
            sql::run_with(manager, delete, vec![Value::from(setting.key)]).await?;
        }
        Ok(())
    }
}
