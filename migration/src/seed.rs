//! Seeding `gamification_settings`: each seed migration lists its rows, and
//! [`crate::SEEDED_SETTINGS`] puts every list together (the service's typed
//! defaults must equal them). `ON CONFLICT (key) DO NOTHING`: a value an
//! admin has changed is never overwritten, neither here nor on a re-run.
use crate::sql;
use sea_orm_migration::prelude::*;

/// One row of `gamification_settings` as seeded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SeedSetting {
    pub key: &'static str,
    pub value: &'static str,
    /// `number`, `boolean`, `json` or `string`.
    pub value_type: &'static str,
    /// `rewards`, `limits`, `gameplay` or `training`.
    pub category: &'static str,
    pub description: &'static str,
}

pub(crate) const fn s(
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

/// Inserts the settings that are missing; rows already there stay as they are.
pub(crate) async fn insert(
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

pub(crate) async fn delete(
    manager: &SchemaManager<'_>,
    settings: &[SeedSetting],
) -> Result<(), DbErr> {
    for setting in settings {
        let delete = "DELETE FROM gamification_settings WHERE key = ?";
        sql::run_with(manager, delete, vec![Value::from(setting.key)]).await?;
    }
    Ok(())
}

/// How many settings the lists hold together.
pub(crate) const fn count(lists: &[&[SeedSetting]]) -> usize {
    let (mut total, mut i) = (0, 0);
    while i < lists.len() {
        total += lists[i].len();
        i += 1;
    }
    total
}

/// The lists one after the other (`N` is their [`count`]).
pub(crate) const fn concat<const N: usize>(lists: &[&[SeedSetting]]) -> [SeedSetting; N] {
    let mut all = [s("", "", "", "", ""); N];
    let (mut n, mut i) = (0, 0);
    while i < lists.len() {
        let mut j = 0;
        while j < lists[i].len() {
            all[n] = lists[i][j];
            n += 1;
            j += 1;
        }
        i += 1;
    }
    all
}

/// The keys of `settings`, in the same order.
pub(crate) const fn keys<const N: usize>(settings: &[SeedSetting; N]) -> [&'static str; N] {
    let mut keys = [""; N];
    let mut i = 0;
    while i < N {
        keys[i] = settings[i].key;
        i += 1;
    }
    keys
}

#[cfg(test)]
mod tests {
    use crate::{SEEDED_SETTING_KEYS, SEEDED_SETTINGS};
    use std::collections::HashSet;

    #[test]
    fn keys_are_unique_and_types_and_categories_known() {
        let keys: HashSet<_> = SEEDED_SETTING_KEYS.iter().collect();
        assert_eq!(keys.len(), SEEDED_SETTINGS.len(), "duplicate key");
        for s in SEEDED_SETTINGS {
            assert!(!s.key.is_empty(), "an empty slot: count and lists disagree");
            let types = ["number", "boolean", "json", "string"];
            assert!(types.contains(&s.value_type), "{}", s.key);
            let categories = ["rewards", "limits", "gameplay", "training"];
            assert!(categories.contains(&s.category), "{}", s.key);
            if s.value_type == "number" {
                assert!(s.value.parse::<f64>().is_ok(), "{} is not a number", s.key);
            }
        }
    }
}
