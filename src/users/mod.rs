//! Users of the chat assistant: matched to the PHP backend's users by
//! `php_user_id`, then by phone, and carrying the gamification totals.
pub mod grpc;
pub mod phone;
mod store;

use sea_orm::DatabaseConnection;
use serde_json::Value as Json;

use crate::{
    entity::users,
    error::{AppError, AppResult, Violations},
};
use phone::{Phone, Region};

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

/// The raw text fields of an upsert, before checking.
pub struct RawUserInput {
    pub php_user_id: Option<i32>,
    pub phone: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub preferred_language: String,
    pub preferences_json: String,
    pub interests_json: String,
}

impl UserInput {
    /// `region` reads phone numbers written without a country code.
    pub fn parse(raw: RawUserInput, region: Region) -> AppResult<UserInput> {
        let mut v = Violations::new();
        if raw.php_user_id.is_some_and(|id| id <= 0) {
            v.add("php_user_id", "must be a positive id");
        }
        let phone = non_empty(&raw.phone).and_then(|p| {
            Phone::parse(p, region)
                .map_err(|reason| v.add("phone", reason))
                .ok()
        });
        if raw.php_user_id.is_none() && raw.phone.trim().is_empty() {
            v.add(
                "php_user_id",
                "php_user_id or phone is required to match a user",
            );
        }
        let email = non_empty(&raw.email).map(str::to_string);
        if let Some(email) = &email {
            let well_formed = email.len() <= 255
                && email
                    .split_once('@')
                    .is_some_and(|(local, domain)| !local.is_empty() && domain.contains('.'));
            if !well_formed {
                v.add("email", "is not an email address");
            }
        }
        let first_name = bounded(&mut v, "first_name", &raw.first_name, 100);
        let last_name = bounded(&mut v, "last_name", &raw.last_name, 100);
        let preferred_language = non_empty(&raw.preferred_language).map(str::to_ascii_lowercase);
        if let Some(lang) = &preferred_language {
            let valid = lang.len() <= 10
                && lang.split('-').all(|part| {
                    !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric())
                })
                && lang
                    .split('-')
                    .next()
                    .is_some_and(|primary| (2..=3).contains(&primary.len()));
            if !valid {
                v.add(
                    "preferred_language",
                    "must be a language tag such as en, hi or mr-IN",
                );
            }
        }
        let preferences = json_field(&mut v, "preferences_json", &raw.preferences_json, true);
        let interests = json_field(&mut v, "interests_json", &raw.interests_json, false);
        v.finish()?;
        Ok(UserInput {
            php_user_id: raw.php_user_id,
            phone,
            email,
            first_name,
            last_name,
            preferred_language,
            preferences,
            interests,
        })
    }
}

fn non_empty(text: &str) -> Option<&str> {
    let trimmed = text.trim();
    (!trimmed.is_empty()).then_some(trimmed)
}

fn bounded(v: &mut Violations, field: &str, text: &str, max: usize) -> Option<String> {
    let text = non_empty(text)?;
    if text.chars().count() > max {
        v.add(field, format!("must be at most {max} characters"));
    }
    Some(text.to_string())
}

fn json_field(v: &mut Violations, field: &str, text: &str, object_only: bool) -> Option<Json> {
    let text = non_empty(text)?;
    match serde_json::from_str::<Json>(text) {
        Ok(json) if object_only && !json.is_object() => {
            v.add(field, "must be a JSON object");
            None
        }
        Ok(json) => Some(json),
        Err(e) => {
            v.add(field, format!("is not valid JSON: {e}"));
            None
        }
    }
}

/// Creates or updates a user; returns the user and whether it was created.
#[tracing::instrument(skip_all, err(level = "debug"), fields(php_user_id = ?input.php_user_id,
    phone = input.phone.as_ref().map(Phone::masked)))]
pub async fn upsert(db: &DatabaseConnection, input: UserInput) -> AppResult<(User, bool)> {
    match store::upsert(db, &input).await {
        // Two first contacts of one user raced and the other insert won:
        // this attempt now finds that row and updates it.
        Err(AppError::AlreadyExists(_)) => store::upsert(db, &input).await,
        other => other,
    }
}

pub async fn get(db: &DatabaseConnection, key: UserKey) -> AppResult<User> {
    if let UserKey::Id(id) | UserKey::PhpUserId(id) = key
        && id <= 0
    {
        return Err(AppError::invalid("lookup", "ids are positive"));
    }
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
