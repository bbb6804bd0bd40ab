//! SQL for training samples.
use chrono::NaiveDateTime;
use rust_decimal::Decimal;
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::{Set, Unchanged},
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
    sea_query::{Expr, ExprTrait, Func},
};

use super::{
    Sample, SampleFilter,
    sample::{NewSample, ReviewStatus},
};
use crate::{
    entity::{amount::Amount, training_samples as samples},
    error::{AppError, AppResult},
};

pub async fn insert(
    db: &impl ConnectionTrait,
    sample: NewSample,
    now: NaiveDateTime,
) -> AppResult<Sample> {
    let approved = sample.approval.is_some();
    let (approved_by, status) = match sample.approval {
        Some(a) => (Some(a.by), a.status),
        None => (None, ReviewStatus::Pending),
    };
    let model = samples::ActiveModel {
        user_id: Set(sample.user_id),
        session_id: Set(sample.session_id),
        game_session_id: Set(sample.game_session_id),
        text: Set(sample.text),
        intent: Set(sample.intent),
        entities: Set(sample.entities),
        confidence: Set(sample.confidence.map(Amount)),
        language: Set(sample.language),
        tone: Set(sample.tone),
        context: Set(sample.context),
        source: Set(Some(sample.source.as_str().to_string())),
        nlu_provider: Set(sample.nlu_provider),
        approved: Set(Some(approved)),
        approved_by: Set(approved_by),
        approved_at: Set(approved.then_some(now)),
        review_status: Set(Some(status.as_str().to_string())),
        review_priority: Set(Some(sample.review_priority)),
        used_in_training: Set(Some(false)),
        training_batch_id: Set(None),
        created_at: Set(Some(now)),
        conversation_log_id: Set(sample.conversation_log_id),
        ..Default::default()
    };
    Ok(model.insert(db).await?.into())
}

/// A sample by id (a replayed request's sample).
pub async fn get(db: &impl ConnectionTrait, id: i64) -> AppResult<Sample> {
    let missing =
        || AppError::not_found(format!("sample {id}, made earlier under this request_id,"));
    let id = i32::try_from(id).map_err(|_| missing())?;
    let row = samples::Entity::find_by_id(id).one(db).await?;
    row.map(Sample::from).ok_or_else(missing)
}

/// Reads and locks a sample until the transaction ends.
pub async fn lock(db: &impl ConnectionTrait, id: i32) -> AppResult<Option<Sample>> {
    let row = samples::Entity::find_by_id(id)
        .lock_exclusive()
        .one(db)
        .await?;
    Ok(row.map(Sample::from))
}

/// A review decision, as [`write_review`] stores it.
pub struct Reviewed<'a> {
    pub approved: bool,
    pub status: ReviewStatus,
    pub approved_by: &'a str,
    pub at: NaiveDateTime,
    /// A corrected intent; None keeps the sample's.
    pub intent: Option<&'a str>,
    /// Corrected entities; None keeps the sample's.
    pub entities: Option<&'a serde_json::Value>,
    /// A confidence replacing the sample's (the crowd's agreement).
    pub confidence: Option<Decimal>,
}

/// Writes a review decision on a (locked) sample.
pub async fn write_review(
    db: &impl ConnectionTrait,
    id: i32,
    review: Reviewed<'_>,
) -> AppResult<Sample> {
    let mut model = samples::ActiveModel {
        id: Unchanged(id),
        approved: Set(Some(review.approved)),
        approved_by: Set(Some(review.approved_by.to_string())),
        approved_at: Set(Some(review.at)),
        review_status: Set(Some(review.status.to_string())),
        ..Default::default()
    };
    if let Some(intent) = review.intent {
        model.intent = Set(intent.to_string());
    }
    if let Some(entities) = review.entities {
        model.entities = Set(Some(entities.clone()));
    }
    if let Some(confidence) = review.confidence {
        model.confidence = Set(Some(Amount(confidence)));
    }
    Ok(model.update(db).await?.into())
}

/// A page of samples, newest first, before the cursor.
pub async fn list(
    db: &DatabaseConnection,
    filter: &SampleFilter,
    before_id: Option<i64>,
    size: u64,
) -> AppResult<Vec<Sample>> {
    let mut query = samples::Entity::find()
        .order_by_desc(samples::Column::Id)
        .limit(size + 1);
    if let Some(status) = filter.review_status {
        query = query.filter(samples::Column::ReviewStatus.eq(status.as_str()));
    }
    if let Some(source) = filter.source {
        query = query.filter(samples::Column::Source.eq(source.as_str()));
    }
    if let Some(intent) = &filter.intent {
        query = query.filter(samples::Column::Intent.eq(intent.as_str()));
    }
    if let Some(language) = &filter.language {
        query = query.filter(samples::Column::Language.eq(language.as_str()));
    }
    // NULL flags (rows of other apps) count as false.
    for (flag, column) in [
        (filter.approved, samples::Column::Approved),
        (filter.used_in_training, samples::Column::UsedInTraining),
    ] {
        if let Some(flag) = flag {
            query = query.filter(if flag {
                Condition::all().add(column.eq(true))
            } else {
                Condition::any().add(column.eq(false)).add(column.is_null())
            });
        }
    }
    if let Some(before) = before_id {
        query = query.filter(samples::Column::Id.lt(before));
    }
    let rows = query.all(db).await?;
    Ok(rows.into_iter().map(Sample::from).collect())
}

/// `COALESCE(review_priority, 0)`: rows of other apps may have none.
fn priority() -> Expr {
    Func::coalesce([Expr::col(samples::Column::ReviewPriority), Expr::val(0)]).into()
}

/// Pending samples, highest priority first, then oldest first, after the
/// cursor `(priority, id)` of the last one served.
pub async fn review_queue(
    db: &DatabaseConnection,
    after: Option<(i32, i32)>,
    size: u64,
) -> AppResult<Vec<Sample>> {
    let mut query = samples::Entity::find()
        .filter(samples::Column::ReviewStatus.eq(ReviewStatus::Pending.as_str()))
        .order_by_desc(priority())
        .order_by_asc(samples::Column::Id)
        .limit(size + 1);
    if let Some((priority_value, id)) = after {
        query = query.filter(
            Condition::any().add(priority().lt(priority_value)).add(
                Condition::all()
                    .add(priority().eq(priority_value))
                    .add(samples::Column::Id.gt(id)),
            ),
        );
    }
    let rows = query.all(db).await?;
    Ok(rows.into_iter().map(Sample::from).collect())
}

/// `(key, count)` of samples grouped by one column.
pub async fn count_by(
    db: &DatabaseConnection,
    column: samples::Column,
) -> AppResult<Vec<(Option<String>, i64)>> {
    Ok(samples::Entity::find()
        .select_only()
        .column(column)
        .column_as(Expr::from(Func::count(Expr::col(samples::Column::Id))), "n")
        .group_by(column)
        .order_by_asc(column)
        .into_tuple()
        .all(db)
        .await?)
}

/// How many samples have the boolean column set.
pub async fn count_flag(db: &DatabaseConnection, column: samples::Column) -> AppResult<i64> {
    let n: Option<i64> = samples::Entity::find()
        .select_only()
        .column_as(Expr::from(Func::count(Expr::col(samples::Column::Id))), "n")
        .filter(column.eq(true))
        .into_tuple()
        .one(db)
        .await?;
    Ok(n.unwrap_or(0))
}

/// `(sample_id, intent, votes)`: the crowd's votes on samples, per label.
pub async fn vote_counts(db: &impl ConnectionTrait) -> AppResult<Vec<(i32, String, i64)>> {
    use crate::entity::label_votes::{Column as V, Entity as Votes};
    Ok(Votes::find()
        .select_only()
        .column(V::SampleId)
        .column(V::Intent)
        .column_as(Expr::from(Func::count(Expr::col(V::Id))), "n")
        .group_by(V::SampleId)
        .group_by(V::Intent)
        .order_by_asc(V::SampleId)
        .order_by_asc(V::Intent)
        .into_tuple()
        .all(db)
        .await?)
}
