//! Seeding settings: every migration that adds settings lists them as
//! [`SeedSetting`] rows and inserts them with `ON CONFLICT (key) DO
//! NOTHING`, so a value an admin has changed is never overwritten.
use sea_orm_migration::prelude::*;

use crate::{SeedSetting, sql};

/// One seeded setting row (`category, key, value, type, description`).
pub const fn setting(
    category: &'static str,
    key: &'static str,
    value: &'static str,
    value_type: &'static str,
    description: &'static str,
) -> SeedSetting {
    SeedSetting {
        key,
        value,
        value_type,
        category,
        description,
    }
}

const INSERT: &str = "INSERT INTO gamification_settings (key, value, type, category, description) \
    VALUES (?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING";

pub async fn insert_settings(
    manager: &SchemaManager<'_>,
    settings: &[SeedSetting],
) -> Result<(), DbErr> {
    for setting in settings {
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

pub async fn delete_settings(
    manager: &SchemaManager<'_>,
    settings: &[SeedSetting],
) -> Result<(), DbErr> {
    for setting in settings {
        let delete = "DELETE FROM gamification_settings WHERE key = ?";
        sql::run_with(manager, delete, vec![Value::from(setting.key)]).await?;
    }
    Ok(())
}
