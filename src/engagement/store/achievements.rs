//! `achievements` and `player_achievements`.
use std::collections::HashMap;

use chrono::NaiveDateTime;
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::{Set, Unchanged},
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QueryTrait,
    sea_query::{Expr, ExprTrait, OnConflict},
};

use crate::{
    engagement::achievements::{
        Achievement, Progress, Texts,
        input::AchievementInput,
        rule::{Metric, RowMetric, Rule},
    },
    entity::{achievements, amount::Amount, player_achievements},
    error::AppResult,
};

/// Every achievement whose rule can be read, by id. (A row another hand
/// broke is skipped with a warning rather than failing every game.)
pub async fn all<C: ConnectionTrait>(db: &C) -> AppResult<Vec<Achievement>> {
    let rows = achievements::Entity::find()
        .order_by_asc(achievements::Column::Id)
        .all(db)
        .await?;
    Ok(rows.into_iter().filter_map(from_row).collect())
}

fn from_row(row: achievements::Model) -> Option<Achievement> {
    let achievements::Model {
        id,
        key,
        name_en,
        name_hi,
        description_en,
        description_hi,
        rule_kind,
        metric,
        target,
        window_days,
        min_accuracy,
        language,
        reward_points,
        reward_amount,
        enabled,
        created_at,
        updated_at,
    } = row;
    let metric = metric.as_deref().and_then(Metric::parse);
    let rule = match rule_kind.as_str() {
        "count" => metric.map(|metric| Rule::Count { metric, target }),
        "in_a_row" => metric
            .and_then(RowMetric::of)
            .map(|metric| Rule::InARow { metric, target }),
        "within_days" => metric
            .zip(window_days)
            .map(|(metric, window_days)| Rule::WithinDays {
                metric,
                target,
                window_days,
            }),
        "gold_accuracy" => min_accuracy.map(|a| Rule::GoldAccuracy {
            min_accuracy: a.0,
            min_answers: target,
        }),
        "first_in_language" => language.map(|language| Rule::FirstInLanguage { language }),
        _ => None,
    };
    let Some(rule) = rule else {
        tracing::warn!(
            id,
            key,
            rule_kind,
            "an achievement whose rule cannot be read is skipped"
        );
        return None;
    };
    Some(Achievement {
        id,
        key,
        name: Texts {
            en: name_en,
            hi: name_hi,
        },
        description: Texts {
            en: description_en,
            hi: description_hi,
        },
        rule,
        reward_points,
        reward_amount: reward_amount.map(|a| a.0),
        enabled,
        created_at,
        updated_at,
    })
}

/// The columns a rule is stored in.
fn apply(model: &mut achievements::ActiveModel, input: &AchievementInput, now: NaiveDateTime) {
    let AchievementInput {
        name,
        description,
        rule,
        reward_points,
        reward_amount,
        enabled,
    } = input;
    let (metric, window, accuracy, language) = match rule {
        Rule::Count { metric, .. } => (Some(*metric), None, None, None),
        Rule::InARow { metric, .. } => (Some(metric.metric()), None, None, None),
        Rule::WithinDays {
            metric,
            window_days,
            ..
        } => (Some(*metric), Some(*window_days), None, None),
        Rule::GoldAccuracy { min_accuracy, .. } => (None, None, Some(*min_accuracy), None),
        Rule::FirstInLanguage { language } => (None, None, None, Some(language.clone())),
    };
    model.name_en = Set(name.en.clone());
    model.name_hi = Set(name.hi.clone());
    model.description_en = Set(description.en.clone());
    model.description_hi = Set(description.hi.clone());
    model.rule_kind = Set(rule.kind().to_string());
    model.metric = Set(metric.map(|m| m.as_str().to_string()));
    model.target = Set(rule.target());
    model.window_days = Set(window);
    model.min_accuracy = Set(accuracy.map(Amount));
    model.language = Set(language);
    model.reward_points = Set(*reward_points);
    model.reward_amount = Set(reward_amount.map(Amount));
    model.enabled = Set(*enabled);
    model.updated_at = Set(now);
}

pub async fn insert<C: ConnectionTrait>(
    db: &C,
    key: &str,
    input: &AchievementInput,
    now: NaiveDateTime,
) -> AppResult<Achievement> {
    let mut model = achievements::ActiveModel {
        key: Set(key.to_string()),
        created_at: Set(now),
        ..Default::default()
    };
    apply(&mut model, input, now);
    let row = model.insert(db).await?;
    readable(row)
}

/// None when there is no such achievement.
pub async fn update<C: ConnectionTrait>(
    db: &C,
    id: i32,
    input: &AchievementInput,
    now: NaiveDateTime,
) -> AppResult<Option<Achievement>> {
    if achievements::Entity::find_by_id(id)
        .one(db)
        .await?
        .is_none()
    {
        return Ok(None);
    }
    let mut model = achievements::ActiveModel {
        id: Unchanged(id),
        ..Default::default()
    };
    apply(&mut model, input, now);
    let row = model.update(db).await?;
    readable(row).map(Some)
}

/// None when there is no such achievement.
pub async fn set_enabled<C: ConnectionTrait>(
    db: &C,
    id: i32,
    enabled: bool,
    now: NaiveDateTime,
) -> AppResult<Option<Achievement>> {
    if achievements::Entity::find_by_id(id)
        .one(db)
        .await?
        .is_none()
    {
        return Ok(None);
    }
    let model = achievements::ActiveModel {
        id: Unchanged(id),
        enabled: Set(enabled),
        updated_at: Set(now),
        ..Default::default()
    };
    readable(model.update(db).await?).map(Some)
}

fn readable(row: achievements::Model) -> AppResult<Achievement> {
    from_row(row).ok_or_else(|| {
        crate::error::AppError::Internal("an achievement just written cannot be read".into())
    })
}

/// The player's progress rows, by achievement id.
pub async fn progress_of<C: ConnectionTrait>(
    db: &C,
    user_id: i32,
) -> AppResult<HashMap<i32, Progress>> {
    let rows = player_achievements::Entity::find()
        .filter(player_achievements::Column::UserId.eq(user_id))
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let progress = Progress {
                progress: r.progress,
                target: r.target,
                unlocked_at: r.unlocked_at,
            };
            (r.achievement_id, progress)
        })
        .collect())
}

/// New progress on one achievement; `unlock` (the game's id) when met.
pub struct ProgressWrite {
    pub user_id: i32,
    pub achievement_id: i32,
    pub progress: i32,
    pub target: i32,
    pub unlock: Option<i32>,
    pub now: NaiveDateTime,
}

/// Writes the progress of several achievements in one statement and
/// returns the ids this call unlocked. Guarded as a whole: a new row is
/// inserted, an existing one updated only while `unlocked_at IS NULL`, and
/// the rows written come back, so an achievement counts as unlocked here
/// only when this statement set its `unlocked_at`; however many writers
/// race, only one ever unlocks it.
pub async fn save_progress<C: ConnectionTrait>(
    db: &C,
    writes: Vec<ProgressWrite>,
) -> AppResult<Vec<i32>> {
    use player_achievements::Column as P;
    if writes.is_empty() {
        return Ok(Vec::new());
    }
    let rows = writes
        .into_iter()
        .map(|w| player_achievements::ActiveModel {
            user_id: Set(w.user_id),
            achievement_id: Set(w.achievement_id),
            progress: Set(w.progress),
            target: Set(w.target),
            unlocked_at: Set(w.unlock.map(|_| w.now)),
            game_session_id: Set(w.unlock),
            updated_at: Set(w.now),
            ..Default::default()
        });
    let still_locked = Expr::col((player_achievements::Entity, P::UnlockedAt)).is_null();
    let upsert = OnConflict::columns([P::UserId, P::AchievementId])
        .update_columns([
            P::Progress,
            P::Target,
            P::UpdatedAt,
            P::UnlockedAt,
            P::GameSessionId,
        ])
        .action_and_where(still_locked)
        .to_owned();
    let mut insert = player_achievements::Entity::insert_many(rows).on_conflict(upsert);
    let statement = QueryTrait::query(&mut insert).returning_all().to_owned();
    let written = player_achievements::Entity::find()
        .from_raw_sql(db.get_database_backend().build(&statement))
        .all(db)
        .await?;
    Ok(written
        .into_iter()
        .filter(|row| row.unlocked_at.is_some())
        .map(|row| row.achievement_id)
        .collect())
}
