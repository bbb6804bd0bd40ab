//! SQL for gamification_settings and its history.
use chrono::NaiveDateTime;
use std::collections::HashMap;

use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, sea_query::Expr,
};

use super::snapshot::Snapshot;
use crate::{
    db,
    entity::{gamification_setting_history as history, gamification_settings as settings},
    error::{AppError, AppResult},
};

/// Every setting, keyed by name, and the typed view built from them.
pub async fn load_all(
    db: &impl ConnectionTrait,
) -> AppResult<(HashMap<String, settings::Model>, Snapshot)> {
    let rows = settings::Entity::find().all(db).await?;
    let values: HashMap<String, String> = rows
        .iter()
        .map(|s| (s.key.clone(), s.value.clone()))
        .collect();
    let by_key = rows.into_iter().map(|s| (s.key.clone(), s)).collect();
    Ok((by_key, Snapshot::from_rows(&values)))
}

/// One page of settings ordered by key, starting after `after_key`; fetches
/// one row more than asked so the caller knows whether another page follows.
pub async fn list(
    db: &DatabaseConnection,
    category: Option<&str>,
    after_key: Option<&str>,
    size: u64,
) -> AppResult<Vec<settings::Model>> {
    let mut query = settings::Entity::find()
        .order_by_asc(settings::Column::Key)
        .limit(size + 1);
    if let Some(category) = category {
        query = query.filter(settings::Column::Category.eq(category));
    }
    if let Some(after) = after_key {
        query = query.filter(settings::Column::Key.gt(after));
    }
    Ok(query.all(db).await?)
}

pub async fn get(db: &impl ConnectionTrait, key: &str) -> AppResult<settings::Model> {
    settings::Entity::find()
        .filter(settings::Column::Key.eq(key))
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found(format!("setting {key:?}")))
}

/// A validated change, ready to write.
pub struct Change<'a> {
    pub key: &'a str,
    pub expected_version: i32,
    pub new_value: String,
    pub changed_by: &'a str,
    pub reason: Option<&'a str>,
    pub at: NaiveDateTime,
}

/// Writes a change and its history row in one transaction; the version check
/// in the UPDATE makes a concurrent writer's change win or lose as a whole.
pub async fn apply_change(
    db: &DatabaseConnection,
    current: &settings::Model,
    change: Change<'_>,
) -> AppResult<settings::Model> {
    let txn = db::begin_write(db).await?;
    let now = change.at;
    let updated = settings::Entity::update_many()
        .col_expr(
            settings::Column::Value,
            Expr::value(change.new_value.clone()),
        )
        .col_expr(
            settings::Column::Version,
            Expr::value(change.expected_version + 1),
        )
        .col_expr(settings::Column::UpdatedAt, Expr::value(now))
        .col_expr(
            settings::Column::UpdatedBy,
            Expr::value(change.changed_by.to_string()),
        )
        .filter(settings::Column::Key.eq(change.key))
        .filter(settings::Column::Version.eq(change.expected_version))
        .exec(&txn)
        .await?;
    if updated.rows_affected != 1 {
        return Err(stale(change.key));
    }
    history::Entity::insert(history::ActiveModel {
        setting_key: Set(change.key.to_string()),
        old_value: Set(current.value.clone()),
        new_value: Set(change.new_value),
        changed_by: Set(change.changed_by.to_string()),
        reason: Set(change.reason.map(str::to_string)),
        changed_at: Set(now),
        ..Default::default()
    })
    .exec(&txn)
    .await?;
    let saved = get(&txn, change.key).await?;
    txn.commit().await?;
    Ok(saved)
}

pub fn stale(key: &str) -> AppError {
    AppError::Aborted(format!(
        "setting {key:?} was changed by someone else since it was read; read it again and retry with its new etag"
    ))
}

/// One page of history, newest first, starting below `before_id`.
pub async fn history(
    db: &DatabaseConnection,
    key: Option<&str>,
    before_id: Option<i64>,
    size: u64,
) -> AppResult<Vec<history::Model>> {
    let mut query = history::Entity::find()
        .order_by_desc(history::Column::Id)
        .limit(size + 1);
    if let Some(key) = key {
        query = query.filter(history::Column::SettingKey.eq(key));
    }
    if let Some(before) = before_id {
        query = query.filter(history::Column::Id.lt(before));
    }
    Ok(query.all(db).await?)
}
