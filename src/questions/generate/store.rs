//! SQL of GenerateQuestions: the samples to turn into drafts, the names to
//! scrub, and the drafts themselves.
use chrono::NaiveDateTime;
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, TryInsertResult,
    sea_query::{Expr, ExprTrait, Query},
};
use serde_json::json;

use super::{Draft, GenerateRequest, scrub::Names};
use crate::{
    domain::GameType,
    entity::{game_question_tags, game_questions as questions, training_samples as samples, users},
    error::{AppError, AppResult},
    questions::Question,
    training::sample::ReviewStatus,
};

/// The tag of every generated question.
pub const GENERATED_TAG: &str = "generated";

/// Approved samples (approved or corrected by a reviewer or the crowd) that
/// have no question yet, after sample `after`, oldest first.
pub async fn candidates<C: ConnectionTrait>(
    db: &C,
    request: &GenerateRequest,
    after: i32,
    limit: u64,
) -> AppResult<Vec<samples::Model>> {
    let drafted = Query::select()
        .expr(Expr::val(1))
        .from(questions::Entity)
        .and_where(
            Expr::col((questions::Entity, questions::Column::SourceSampleId))
                .equals((samples::Entity, samples::Column::Id)),
        )
        .to_owned();
    let mut query = samples::Entity::find()
        .filter(samples::Column::Approved.eq(true))
        .filter(samples::Column::ReviewStatus.is_in([
            ReviewStatus::Approved.as_str(),
            ReviewStatus::Corrected.as_str(),
        ]))
        .filter(samples::Column::Id.gt(after))
        .filter(Expr::exists(drafted).not())
        .order_by_asc(samples::Column::Id)
        .limit(limit);
    if let Some(language) = &request.language {
        query = query.filter(samples::Column::Language.eq(language.as_str()));
    }
    if let Some(intent) = &request.intent {
        query = query.filter(samples::Column::Intent.eq(intent.as_str()));
    }
    Ok(query.all(db).await?)
}

/// Every user's first and last name.
pub async fn user_names<C: ConnectionTrait>(db: &C) -> AppResult<Names> {
    let mut names: Vec<Option<String>> = Vec::new();
    for column in [users::Column::FirstName, users::Column::LastName] {
        let distinct: Vec<Option<String>> = users::Entity::find()
            .select_only()
            .column(column)
            .filter(column.is_not_null())
            .distinct()
            .into_tuple()
            .all(db)
            .await?;
        names.extend(distinct);
    }
    Ok(Names::new(names.iter().flatten().map(String::as_str)))
}

/// An intent_quest question with this text in this language.
pub async fn text_exists<C: ConnectionTrait>(
    db: &C,
    language: &str,
    text: &str,
) -> AppResult<bool> {
    let count = questions::Entity::find()
        .filter(questions::Column::GameType.eq(GameType::IntentQuest.as_str()))
        .filter(questions::Column::Language.eq(language))
        .filter(questions::Column::QuestionText.eq(text))
        .count(db)
        .await?;
    Ok(count > 0)
}

/// Inserts a disabled draft; None when its sample already has a question
/// (the unique index on `source_sample_id` decides, under concurrency too).
pub async fn insert_draft<C: ConnectionTrait>(
    db: &C,
    draft: &Draft,
    request: &GenerateRequest,
    now: NaiveDateTime,
) -> AppResult<Option<Question>> {
    let model = questions::ActiveModel {
        game_type: Set(GameType::IntentQuest.to_string()),
        language: Set(draft.language.clone()),
        question_text: Set(draft.text.clone()),
        correct_answer: Set(draft.intent.clone()),
        answer_options: Set(Some(json!(draft.options))),
        difficulty: Set(Some(request.difficulty.to_string())),
        context_required: Set(Some(false)),
        enabled: Set(Some(false)),
        usage_count: Set(Some(0)),
        created_at: Set(Some(now)),
        updated_at: Set(Some(now)),
        source_sample_id: Set(Some(draft.sample_id)),
        created_by: Set(Some(request.created_by.clone())),
        ..Default::default()
    };
    // `exec`, not `exec_with_returning`: on a conflict the latter reports
    // RecordNotFound instead of Conflicted (SeaORM 2.0.4).
    let inserted = questions::Entity::insert(model)
        .on_conflict_do_nothing_on([questions::Column::SourceSampleId])
        .exec(db)
        .await?;
    let TryInsertResult::Inserted(inserted) = inserted else {
        return Ok(None);
    };
    let model = questions::Entity::find_by_id(inserted.last_insert_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::Internal("a draft vanished in its own transaction".into()))?;
    let tags = vec![GENERATED_TAG.to_string()];
    game_question_tags::store_tags(db, model.id, &tags).await?;
    Ok(Some(Question { model, tags }))
}
