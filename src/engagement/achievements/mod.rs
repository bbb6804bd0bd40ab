//! Achievements: definitions an admin edits (a rule of a few typed kinds
//! and an optional reward), and each player's progress. Progress moves
//! only when a counted game completes ([`unlock::advance`]); an unlock is
//! exactly-once by the unique (user, achievement) row.
pub mod input;
pub mod rule;
pub mod unlock;

use chrono::NaiveDateTime;
use rust_decimal::Decimal;
use sea_orm::DatabaseConnection;

use super::store;
use crate::{
    db,
    error::{AppError, AppResult, Violations},
    fields::ids,
};
use input::{AchievementInput, RawAchievement};
pub use rule::{Metric, RowMetric, Rule};

/// English and Hindi.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Texts {
    pub en: String,
    pub hi: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Achievement {
    pub id: i32,
    pub key: String,
    pub name: Texts,
    pub description: Texts,
    pub rule: Rule,
    pub reward_points: i32,
    pub reward_amount: Option<Decimal>,
    pub enabled: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A player's progress on one achievement.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    pub progress: i32,
    pub target: i32,
    pub unlocked_at: Option<NaiveDateTime>,
}

/// An achievement, with a player's progress when one was asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listed {
    pub achievement: Achievement,
    pub progress: Option<Progress>,
}

/// ListAchievements: every enabled achievement (all with
/// `include_disabled`), with the player's progress when `user_id` is not
/// 0; a player's unlocked achievements are listed even when disabled since.
pub async fn list(
    db: &DatabaseConnection,
    user_id: i32,
    include_disabled: bool,
) -> AppResult<Vec<Listed>> {
    let user_id = ids::optional_id("user_id", user_id)?;
    let all = store::achievements::all(db).await?;
    let Some(user_id) = user_id else {
        return Ok(all
            .into_iter()
            .filter(|a| include_disabled || a.enabled)
            .map(|achievement| Listed {
                achievement,
                progress: None,
            })
            .collect());
    };
    store::require_user(db, user_id).await?;
    let progress = store::achievements::progress_of(db, user_id).await?;
    Ok(all
        .into_iter()
        .filter_map(|achievement| {
            let mine = progress.get(&achievement.id).copied();
            let unlocked = mine.is_some_and(|p| p.unlocked_at.is_some());
            let shown = include_disabled || achievement.enabled || unlocked;
            let progress = mine.unwrap_or(Progress {
                progress: 0,
                target: achievement.rule.target(),
                unlocked_at: None,
            });
            shown.then_some(Listed {
                achievement,
                progress: Some(progress),
            })
        })
        .collect())
}

/// Admin: a new achievement; a key in use is ALREADY_EXISTS.
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn create(
    db: &DatabaseConnection,
    key: &str,
    raw: RawAchievement,
    now: NaiveDateTime,
) -> AppResult<Achievement> {
    let mut v = Violations::new();
    let key = v.check(input::key(key));
    let input = match input::parse(raw) {
        Ok(input) => Some(input),
        Err(AppError::InvalidArgument(found)) => {
            v.fields(Err::<(), _>(found));
            None
        }
        Err(other) => return Err(other),
    };
    v.finish()?;
    let (Some(key), Some(input)) = (key, input) else {
        return Err(AppError::Internal(
            "a checked achievement went missing".into(),
        ));
    };
    store::achievements::insert(db, &key, &input, now).await
}

/// Admin: replaces everything but the key. Unlocks already made stay; the
/// players' progress follows the new rule from their next game.
#[tracing::instrument(skip_all, err(level = "debug"), fields(id))]
pub async fn update(
    db: &DatabaseConnection,
    id: i32,
    raw: RawAchievement,
    now: NaiveDateTime,
) -> AppResult<Achievement> {
    let mut v = Violations::new();
    let id = v.check(ids::id("id", id));
    let input: Option<AchievementInput> = match input::parse(raw) {
        Ok(input) => Some(input),
        Err(AppError::InvalidArgument(found)) => {
            v.fields(Err::<(), _>(found));
            None
        }
        Err(other) => return Err(other),
    };
    v.finish()?;
    let (Some(id), Some(input)) = (id, input) else {
        return Err(AppError::Internal(
            "a checked achievement went missing".into(),
        ));
    };
    let txn = db::begin_write(db).await?;
    let updated = store::achievements::update(&txn, id, &input, now)
        .await?
        .ok_or_else(|| AppError::not_found(format!("achievement {id}")))?;
    txn.commit().await?;
    Ok(updated)
}

/// Admin: switches an achievement on or off, nothing else.
#[tracing::instrument(skip_all, err(level = "debug"), fields(id))]
pub async fn set_enabled(
    db: &DatabaseConnection,
    id: i32,
    enabled: bool,
    now: NaiveDateTime,
) -> AppResult<Achievement> {
    let id = ids::id("id", id)?;
    store::achievements::set_enabled(db, id, enabled, now)
        .await?
        .ok_or_else(|| AppError::not_found(format!("achievement {id}")))
}

/// One achievement by id.
pub async fn get(db: &DatabaseConnection, id: i32) -> AppResult<Achievement> {
    let id = ids::id("id", id)?;
    store::achievements::all(db)
        .await?
        .into_iter()
        .find(|a| a.id == id)
        .ok_or_else(|| AppError::not_found(format!("achievement {id}")))
}
