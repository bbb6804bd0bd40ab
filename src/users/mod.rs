//! Users of the chat assistant: matched to the PHP backend's users by
//! `php_user_id`, then by phone, and carrying the gamification totals.
pub mod fields;
pub mod grpc;

mod store;

use chrono::NaiveDateTime;
use sea_orm::DatabaseConnection;
use serde_json::Value as Json;

use crate::phone::Phone;
use crate::{
    entity::users,
    error::{AppError, AppResult},
};

pub type User = users::Model;

/// A checked UpsertUser request. `None` fields keep their stored value.
#[derive(Debug, Default)]
pub struct UserInput {
    pub php_user_id: Option<i32>,
    pub phone: Option<Phone>,
    pub email: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub preferred_language: Option<String>,
    pub preferences: Option<Json>,
    pub interests: Option<Json>,
}

/// How to find one user.
#[derive(Debug)]
pub enum UserKey {
    Id(i32),
    PhpUserId(i32),
    Phone(Phone),
}

/// Creates or updates a user; returns the user and whether it was created.
#[tracing::instrument(skip_all, err(level = "debug"), fields(php_user_id = ?input.php_user_id,
    phone = input.phone.as_ref().map(Phone::masked)))]
pub async fn upsert(
    db: &DatabaseConnection,
    input: UserInput,
    now: NaiveDateTime,
) -> AppResult<(User, bool)> {
    match store::upsert(db, &input, now).await {
        // Two first contacts of one user raced and the other insert won:
        // this attempt now finds that row and updates it.
        Err(AppError::AlreadyExists(_)) => store::upsert(db, &input, now).await,
        other => other,
    }
}

pub async fn get(db: &DatabaseConnection, key: UserKey) -> AppResult<User> {
    store::find(db, &key)
        .await?
        .ok_or_else(|| AppError::not_found(describe(&key)))
}

fn describe(key: &UserKey) -> String {
    match key {
        UserKey::Id(id) => format!("user {id}"),
        UserKey::PhpUserId(id) => format!("user with php_user_id {id}"),
        UserKey::Phone(phone) => format!("user with phone {}", phone.masked()),
    }
}
