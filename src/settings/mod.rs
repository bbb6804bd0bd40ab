//! Settings: database-driven configuration of games, rewards, limits and
//! training, with a typed cached view for hot paths and a full change history.
mod cache;
pub mod grpc;
mod rules;
mod snapshot;
mod store;

pub use cache::SettingsCache;
pub use rules::SettingType;
pub use snapshot::Snapshot;

use chrono::NaiveDateTime;
use sea_orm::DatabaseConnection;

use crate::{
    entity::{gamification_setting_history, gamification_settings},
    error::{AppError, AppResult, Violation, Violations},
    pagination,
};

pub type Setting = gamification_settings::Model;
pub type SettingChange = gamification_setting_history::Model;

/// An admin's request to change one setting, checked field by field.
pub struct UpdateRequest {
    pub key: String,
    pub value: String,
    pub updated_by: String,
    pub etag: String,
    pub reason: String,
}

/// One setting, from the cache (see `cache.rs` for why that is safe).
pub async fn get(cache: &SettingsCache, key: &str) -> AppResult<Setting> {
    if key.trim().is_empty() {
        return Err(AppError::invalid("key", "is required"));
    }
    cache
        .setting(key)
        .await
        .ok_or_else(|| AppError::not_found(format!("setting {key:?}")))
}

/// One setting as the database has it now (not the cache): what an edit
/// form shows, and the current value of a conflict.
pub async fn get_fresh(db: &DatabaseConnection, key: &str) -> AppResult<Setting> {
    store::get(db, key).await
}

pub async fn list(
    db: &DatabaseConnection,
    category: &str,
    page_size: i32,
    page_token: &str,
) -> AppResult<(Vec<Setting>, Option<String>)> {
    let mut violations = Violations::new();
    let size = violations.check(pagination::page_size(page_size));
    let after = violations.check(pagination::decode_token(page_token));
    violations.finish()?;
    let (size, after) = (size.unwrap_or_default(), after.flatten());
    let category = (!category.is_empty()).then_some(category);
    let rows = store::list(db, category, after.as_deref(), size).await?;
    let (rows, more) = pagination::split_page(rows, size);
    let next = pagination::next_token(&rows, more, |s| s.key.clone());
    Ok((rows, next))
}

/// Changes a setting if the caller saw its latest version.
#[tracing::instrument(skip_all, err(level = "debug"), fields(key = %request.key, by = %request.updated_by))]
pub async fn update(
    db: &DatabaseConnection,
    cache: &SettingsCache,
    request: UpdateRequest,
    now: NaiveDateTime,
) -> AppResult<Setting> {
    let mut violations = Violations::new();
    if request.key.trim().is_empty() {
        violations.add("key", "is required");
    }
    let updated_by = request.updated_by.trim();
    match updated_by.chars().count() {
        0 => violations.add("updated_by", "is required: say who makes the change"),
        n if n > 100 => violations.add("updated_by", "must be at most 100 characters"),
        _ => {}
    }
    let expected_version = violations.check(parse_etag(&request.etag));
    violations.finish()?;

    let current = store::get(db, &request.key).await?;
    let setting_type = SettingType::parse(&current.r#type).ok_or_else(|| {
        AppError::Internal(format!(
            "setting {} has unknown type {}",
            current.key, current.r#type
        ))
    })?;
    let new_value =
        rules::normalize_value(&current.key, setting_type, &request.value).map_err(|reason| {
            AppError::invalid("value", format!("{} setting: {reason}", current.r#type))
        })?;
    let expected_version = expected_version.unwrap_or_default();
    if current.version != expected_version {
        return Err(store::stale(&current.key));
    }
    let reason = request.reason.trim();
    let change = store::Change {
        key: &current.key,
        expected_version,
        new_value,
        changed_by: updated_by,
        reason: (!reason.is_empty()).then_some(reason),
        at: now,
    };
    let saved = store::apply_change(db, &current, change).await?;
    cache.invalidate();
    Ok(saved)
}

pub async fn history(
    db: &DatabaseConnection,
    key: &str,
    page_size: i32,
    page_token: &str,
) -> AppResult<(Vec<SettingChange>, Option<String>)> {
    let mut violations = Violations::new();
    let size = violations.check(pagination::page_size(page_size));
    let before = violations.check(pagination::decode_id_token(page_token));
    violations.finish()?;
    let (size, before) = (size.unwrap_or_default(), before.flatten());
    let key = (!key.is_empty()).then_some(key);
    if let Some(key) = key {
        store::get(db, key).await?;
    }
    let rows = store::history(db, key, before, size).await?;
    let (rows, more) = pagination::split_page(rows, size);
    let next = pagination::next_token(&rows, more, |c| c.id);
    Ok((rows, next))
}

/// The etag is the row version as text.
pub fn etag(setting: &Setting) -> String {
    setting.version.to_string()
}

fn parse_etag(etag: &str) -> Result<i32, Violation> {
    if etag.is_empty() {
        return Err(Violation::new(
            "etag",
            "is required: send the etag from GetSetting",
        ));
    }
    etag.parse()
        .map_err(|_| Violation::new("etag", "is not an etag this service issued"))
}
