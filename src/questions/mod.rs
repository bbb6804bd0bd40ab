//! The question bank: admins create, edit, enable and import questions, and
//! generate drafts from approved training samples (`generate`); the games
//! draw from it and keep `usage_count` / `success_rate`.
mod generate;
pub mod grpc;
mod input;
pub mod kind;
pub mod stats;
mod store;
mod wire;

pub use input::QuestionInput;
pub use kind::QuestionKind;
pub use wire::question_input;

use chrono::NaiveDateTime;
use sea_orm::{DatabaseConnection, DatabaseTransaction};

use crate::{
    db,
    entity::game_questions,
    error::{AppError, AppResult, Violations},
    fields::ids,
    idempotency::{self, RequestKey},
    pagination,
};

/// A question with its tags.
#[derive(Clone, Debug)]
pub struct Question {
    pub model: game_questions::Model,
    pub tags: Vec<String>,
}

/// Filters of ListQuestions.
#[derive(Debug, Default)]
pub struct QuestionFilter {
    pub game_type: Option<String>,
    pub difficulty: Option<String>,
    pub language: Option<String>,
    pub enabled: Option<bool>,
    pub tag: Option<String>,
    /// Questions whose text contains this (the console's search).
    pub text: Option<String>,
}

#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn create(
    db: &DatabaseConnection,
    input: QuestionInput,
    now: NaiveDateTime,
) -> AppResult<Question> {
    let txn = db::begin_write(db).await?;
    let question = insert_new(&txn, &input, now).await?;
    txn.commit().await?;
    Ok(question)
}

/// Creates the question once per request id: a retry gets the question the
/// first call created.
#[tracing::instrument(skip_all, err(level = "debug"), fields(request_id = key.id()))]
pub async fn create_once(
    db: &DatabaseConnection,
    input: QuestionInput,
    key: &RequestKey,
    now: NaiveDateTime,
) -> AppResult<Question> {
    let txn = db::begin_write(db).await?;
    if let Some(id) = idempotency::claim(&txn, Some(key), now).await? {
        txn.rollback().await?;
        let missing = || {
            AppError::not_found(format!(
                "question {id}, created earlier under this request_id,"
            ))
        };
        let id = i32::try_from(id).map_err(|_| missing())?;
        return store::get(db, id).await?.ok_or_else(missing);
    }
    let question = insert_new(&txn, &input, now).await?;
    idempotency::record(&txn, Some(key), i64::from(question.model.id)).await?;
    txn.commit().await?;
    Ok(question)
}

async fn insert_new(
    txn: &DatabaseTransaction,
    input: &QuestionInput,
    now: NaiveDateTime,
) -> AppResult<Question> {
    if store::exists(txn, input, None).await? {
        return Err(duplicate(input));
    }
    store::insert(txn, input, now).await
}

#[tracing::instrument(skip_all, err(level = "debug"), fields(id = id))]
pub async fn update(
    db: &DatabaseConnection,
    id: i32,
    input: QuestionInput,
    now: NaiveDateTime,
) -> AppResult<Question> {
    let id = ids::id("id", id)?;
    let txn = db::begin_write(db).await?;
    store::lock(&txn, id)
        .await?
        .ok_or_else(|| AppError::not_found(format!("question {id}")))?;
    if store::exists(&txn, &input, Some(id)).await? {
        return Err(duplicate(&input));
    }
    let question = store::replace(&txn, id, &input, now).await?;
    txn.commit().await?;
    Ok(question)
}

#[tracing::instrument(skip_all, err(level = "debug"), fields(id = id, enabled = enabled))]
pub async fn set_enabled(
    db: &DatabaseConnection,
    id: i32,
    enabled: bool,
    now: NaiveDateTime,
) -> AppResult<Question> {
    let id = ids::id("id", id)?;
    let txn = db::begin_write(db).await?;
    store::lock(&txn, id)
        .await?
        .ok_or_else(|| AppError::not_found(format!("question {id}")))?;
    let question = store::set_enabled(&txn, id, enabled, now).await?;
    txn.commit().await?;
    Ok(question)
}

pub async fn get(db: &DatabaseConnection, id: i32) -> AppResult<Question> {
    let id = ids::id("id", id)?;
    // Usage and success rate count every answer given so far.
    stats::fold(db).await?;
    store::get(db, id)
        .await?
        .ok_or_else(|| AppError::not_found(format!("question {id}")))
}

pub async fn list(
    db: &DatabaseConnection,
    filter: QuestionFilter,
    page_size: i32,
    page_token: &str,
) -> AppResult<(Vec<Question>, Option<String>)> {
    let mut violations = Violations::new();
    let size = violations.check(pagination::page_size(page_size));
    let after = violations.check(pagination::decode_id_token(page_token));
    violations.finish()?;
    let (size, after) = (size.unwrap_or_default(), after.flatten());
    stats::fold(db).await?;
    let rows = store::list(db, &filter, after, size).await?;
    let (rows, more) = pagination::split_page(rows, size);
    let next = pagination::next_token(&rows, more, |q| q.model.id);
    Ok((rows, next))
}

/// The outcome of a bulk import.
#[derive(Debug, Default)]
pub struct Imported {
    pub ids: Vec<i32>,
    /// (row index, reason)
    pub rejections: Vec<(usize, String)>,
}

/// Imports rows one by one: a bad or duplicate row is reported and skipped,
/// the others are imported.
#[tracing::instrument(skip_all, err(level = "debug"), fields(rows = rows.len()))]
pub async fn import(
    db: &DatabaseConnection,
    rows: Vec<Result<QuestionInput, String>>,
    now: NaiveDateTime,
) -> AppResult<Imported> {
    let mut imported = Imported::default();
    for (row, parsed) in rows.into_iter().enumerate() {
        let result = match parsed {
            Ok(input) => create(db, input, now).await.map_err(|e| e.to_string()),
            Err(reason) => Err(reason),
        };
        match result {
            Ok(question) => imported.ids.push(question.model.id),
            Err(reason) => imported.rejections.push((row, reason)),
        }
    }
    Ok(imported)
}

fn duplicate(input: &QuestionInput) -> AppError {
    AppError::AlreadyExists(format!(
        "a {} question in {} with this text already exists",
        input.game_type.as_str(),
        input.language
    ))
}
