//! SQL for the question bank; tags through `entity::game_question_tags`.
use chrono::NaiveDateTime;
use rust_decimal::Decimal;
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, Order, Query},
};

use super::{Question, QuestionFilter, QuestionInput};
use crate::{
    entity::{amount::Amount, game_answers, game_question_tags, game_questions},
    error::{AppError, AppResult},
};

/// A question with the same type, language and text (other than `except`).
pub async fn exists<C: ConnectionTrait>(
    db: &C,
    input: &QuestionInput,
    except: Option<i32>,
) -> AppResult<bool> {
    use game_questions::Column as Q;
    let mut query = game_questions::Entity::find()
        .filter(Q::GameType.eq(input.game_type.as_str()))
        .filter(Q::Language.eq(input.language.as_str()))
        .filter(Q::QuestionText.eq(input.question_text.as_str()));
    if let Some(id) = except {
        query = query.filter(Q::Id.ne(id));
    }
    Ok(query.count(db).await? > 0)
}

pub async fn lock<C: ConnectionTrait>(db: &C, id: i32) -> AppResult<Option<game_questions::Model>> {
    Ok(game_questions::Entity::find_by_id(id)
        .lock_exclusive()
        .one(db)
        .await?)
}

fn fill(
    model: &mut game_questions::ActiveModel,
    input: &QuestionInput,
    now: NaiveDateTime,
) -> AppResult<()> {
    let options = input
        .answer_options
        .as_ref()
        .map(serde_json::to_value)
        .transpose()
        .map_err(|e| AppError::Internal(e.to_string()))?;
    model.game_type = Set(input.game_type.as_str().to_string());
    model.language = Set(input.language.clone());
    model.question_text = Set(input.question_text.clone());
    model.question_context = Set(input.question_context.clone());
    model.correct_answer = Set(input.correct_answer.clone());
    model.answer_options = Set(options);
    model.difficulty = Set(Some(input.difficulty.to_string()));
    model.reward_amount = Set(input.reward_amount.map(Into::into));
    model.context_required = Set(Some(input.context_required));
    model.enabled = Set(Some(input.enabled));
    model.updated_at = Set(Some(now));
    Ok(())
}

pub async fn insert<C: ConnectionTrait>(
    db: &C,
    input: &QuestionInput,
    now: NaiveDateTime,
) -> AppResult<Question> {
    let mut model = game_questions::ActiveModel {
        created_at: Set(Some(now)),
        usage_count: Set(Some(0)),
        ..Default::default()
    };
    fill(&mut model, input, now)?;
    let saved = model.insert(db).await?;
    game_question_tags::store_tags(db, saved.id, &input.tags).await?;
    Ok(Question {
        model: saved,
        tags: input.tags.clone(),
    })
}

pub async fn replace<C: ConnectionTrait>(
    db: &C,
    id: i32,
    input: &QuestionInput,
    now: NaiveDateTime,
) -> AppResult<Question> {
    let current = get_model(db, id).await?;
    let mut model = current.into_active_model();
    fill(&mut model, input, now)?;
    let saved = model.update(db).await?;
    game_question_tags::store_tags(db, id, &input.tags).await?;
    Ok(Question {
        model: saved,
        tags: input.tags.clone(),
    })
}

pub async fn set_enabled<C: ConnectionTrait>(
    db: &C,
    id: i32,
    enabled: bool,
    now: NaiveDateTime,
) -> AppResult<Question> {
    let mut model = get_model(db, id).await?.into_active_model();
    model.enabled = Set(Some(enabled));
    model.updated_at = Set(Some(now));
    let saved = model.update(db).await?;
    with_tags(db, vec![saved])
        .await?
        .pop()
        .ok_or_else(|| AppError::not_found(format!("question {id}")))
}

async fn get_model<C: ConnectionTrait>(db: &C, id: i32) -> AppResult<game_questions::Model> {
    game_questions::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found(format!("question {id}")))
}

pub async fn get<C: ConnectionTrait>(db: &C, id: i32) -> AppResult<Option<Question>> {
    let Some(model) = game_questions::Entity::find_by_id(id).one(db).await? else {
        return Ok(None);
    };
    Ok(with_tags(db, vec![model]).await?.pop())
}

async fn with_tags<C: ConnectionTrait>(
    db: &C,
    models: Vec<game_questions::Model>,
) -> AppResult<Vec<Question>> {
    let ids: Vec<i32> = models.iter().map(|m| m.id).collect();
    let mut tags = game_question_tags::load_tags(db, &ids).await?;
    Ok(models
        .into_iter()
        .map(|model| Question {
            tags: tags.remove(&model.id).unwrap_or_default(),
            model,
        })
        .collect())
}

pub async fn list<C: ConnectionTrait>(
    db: &C,
    filter: &QuestionFilter,
    after: Option<i64>,
    size: u64,
) -> AppResult<Vec<Question>> {
    use game_questions::Column as Q;
    let mut query = game_questions::Entity::find()
        .order_by_asc(Q::Id)
        .limit(size + 1);
    if let Some(game_type) = &filter.game_type {
        query = query.filter(Q::GameType.eq(game_type.as_str()));
    }
    if let Some(difficulty) = &filter.difficulty {
        query = query.filter(Q::Difficulty.eq(difficulty.as_str()));
    }
    if let Some(language) = &filter.language {
        query = query.filter(Q::Language.eq(language.as_str()));
    }
    if let Some(enabled) = filter.enabled {
        query = query.filter(Q::Enabled.eq(enabled));
    }
    if let Some(tag) = &filter.tag {
        query = query.filter(game_question_tags::tag_filter(
            db.get_database_backend(),
            tag,
        ));
    }
    if let Some(text) = &filter.text {
        query = query.filter(Q::QuestionText.contains(text.as_str()));
    }
    if let Some(after) = after {
        query = query.filter(Q::Id.gt(after));
    }
    let models = query.all(db).await?;
    with_tags(db, models).await
}

/// Whether any answer waits to be counted (see `stats`).
pub async fn has_pending_answers<C: ConnectionTrait>(db: &C) -> AppResult<bool> {
    let first = game_answers::Entity::find()
        .select_only()
        .column(game_answers::Column::Id)
        .filter(game_answers::Column::StatsPending.eq(true))
        .limit(1)
        .into_tuple::<i32>()
        .one(db)
        .await?;
    Ok(first.is_some())
}

#[derive(FromQueryResult)]
struct PendingAnswer {
    question_id: i32,
    is_correct: bool,
}

/// Clears the marks of up to `limit` pending answers and returns their
/// `(question_id, is_correct)`. The outer `stats_pending` condition is
/// checked again on each row once its lock is held (PostgreSQL re-reads a
/// row another fold changed meanwhile), so concurrent folds never take one
/// answer twice.
pub async fn take_pending_answers<C: ConnectionTrait>(
    db: &C,
    limit: u64,
) -> AppResult<Vec<(i32, bool)>> {
    use game_answers::Column as A;
    let oldest = Query::select()
        .column(A::Id)
        .from(game_answers::Entity)
        .and_where(A::StatsPending.eq(true))
        .order_by(A::Id, Order::Asc)
        .limit(limit)
        .to_owned();
    let update = Query::update()
        .table(game_answers::Entity)
        .value(A::StatsPending, false)
        .and_where(A::StatsPending.eq(true))
        .and_where(A::Id.in_subquery(oldest))
        .returning(Query::returning().columns([A::QuestionId, A::IsCorrect]))
        .to_owned();
    let rows = PendingAnswer::find_by_statement(db.get_database_backend().build(&update))
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.question_id, r.is_correct))
        .collect())
}

/// A question's usage and success rate, its row locked until the
/// transaction ends; None when it was deleted since.
pub async fn usage<C: ConnectionTrait>(
    db: &C,
    id: i32,
) -> AppResult<Option<(Option<i32>, Option<Decimal>)>> {
    let row = lock(db, id).await?;
    Ok(row.map(|q| (q.usage_count, q.success_rate.map(|r| r.0))))
}

pub async fn set_usage<C: ConnectionTrait>(
    db: &C,
    id: i32,
    usage: i32,
    rate: Decimal,
) -> AppResult<()> {
    use game_questions::Column as Q;
    game_questions::Entity::update_many()
        .col_expr(Q::UsageCount, Expr::value(usage))
        .col_expr(Q::SuccessRate, Expr::value(Amount(rate)))
        .filter(Q::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}
