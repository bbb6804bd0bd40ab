//! SQL for training batches.
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
    sea_query::{Expr, Func},
};

use super::{
    ApprovalSource, BatchFilter, NewBatch,
    plan::{Candidate, Earlier, Plan, Split},
};
use crate::{
    entity::{
        amount::Amount, training_batch_items as items, training_batches as batches,
        training_samples as samples,
    },
    error::{AppError, AppResult},
};

/// Rows per multi-row INSERT or IN list.
const CHUNK: usize = 500;

/// Approved samples never used in training that match the filters, oldest
/// first, locked until the transaction ends (PostgreSQL): a concurrent
/// batch waits, then no longer sees them.
pub async fn candidates(
    txn: &impl ConnectionTrait,
    filter: &BatchFilter,
    limit: Option<usize>,
) -> AppResult<Vec<(Candidate, ApprovalSource, Option<Amount>)>> {
    let mut query = samples::Entity::find()
        .filter(samples::Column::Approved.eq(true))
        .filter(
            Condition::any()
                .add(samples::Column::UsedInTraining.eq(false))
                .add(samples::Column::UsedInTraining.is_null()),
        )
        .order_by_asc(samples::Column::Id)
        .lock_exclusive();
    if !filter.languages.is_empty() {
        query = query.filter(samples::Column::Language.is_in(filter.languages.clone()));
    }
    if !filter.intents.is_empty() {
        query = query.filter(samples::Column::Intent.is_in(filter.intents.clone()));
    }
    if let Some(limit) = limit {
        query = query.limit(u64::try_from(limit).unwrap_or(u64::MAX));
    }
    let rows = query.all(txn).await?;
    Ok(rows
        .into_iter()
        .map(|s| {
            let candidate = Candidate {
                id: s.id,
                // Samples made before scrubbing at promotion, or recorded
                // directly, are scrubbed here: no batch item holds PII.
                text: crate::text::pii::scrub(&s.text).into_owned(),
                intent: s.intent,
                entities: s.entities.map(crate::text::pii::scrub_json),
                language: s.language,
                source: s
                    .conversation_log_id
                    .map(|turn| format!("turn:{turn}"))
                    .or_else(|| s.game_session_id.map(|game| format!("game:{game}"))),
                user_id: s.user_id,
            };
            let source = ApprovalSource::of(s.approved_by.as_deref());
            (candidate, source, s.confidence)
        })
        .collect())
}

/// The text and side of every row of every earlier batch.
pub async fn earlier_rows(txn: &impl ConnectionTrait) -> AppResult<Vec<Earlier>> {
    let rows: Vec<(String, String)> = items::Entity::find()
        .select_only()
        .columns([items::Column::Text, items::Column::Split])
        .into_tuple()
        .all(txn)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(text, split)| Split::parse(&split).map(|split| Earlier { text, split }))
        .collect())
}

/// Sends samples back to review: not approved, pending (near duplicates
/// of theirs carry another label; a person decides).
pub async fn send_to_review(txn: &impl ConnectionTrait, ids: &[i32]) -> AppResult<()> {
    for chunk in ids.chunks(CHUNK) {
        samples::Entity::update_many()
            .col_expr(samples::Column::Approved, Expr::value(false))
            .col_expr(samples::Column::ReviewStatus, Expr::value("pending"))
            .filter(samples::Column::Id.is_in(chunk.to_vec()))
            .exec(txn)
            .await?;
    }
    Ok(())
}

/// Writes the batch, its items, and marks every sample it took.
pub async fn save(
    txn: &impl ConnectionTrait,
    batch: &NewBatch,
    plan: &Plan,
    manifest: serde_json::Value,
) -> AppResult<()> {
    batches::Entity::insert(batches::ActiveModel {
        batch_id: Set(batch.id.clone()),
        sample_count: Set(count(plan.items.len())),
        duplicate_count: Set(count(plan.duplicates.len())),
        validation_fraction: Set(Amount(batch.validation_fraction)),
        seed: Set(batch.seed.to_string()),
        filters: Set(Some(batch.filters.clone())),
        created_by: Set(batch.created_by.clone()),
        created_at: Set(batch.created_at),
        manifest: Set(Some(manifest)),
        ..Default::default()
    })
    .exec_without_returning(txn)
    .await?;
    insert_items(txn, &batch.id, plan).await?;
    mark_used(txn, &batch.id, plan).await
}

/// The exported rows, in multi-row INSERTs; `position` is the export order.
async fn insert_items(txn: &impl ConnectionTrait, batch_id: &str, plan: &Plan) -> AppResult<()> {
    for (chunk_no, chunk) in plan.items.chunks(CHUNK).enumerate() {
        let models = chunk
            .iter()
            .enumerate()
            .map(|(i, (c, split))| items::ActiveModel {
                batch_id: Set(batch_id.to_string()),
                sample_id: Set(c.id),
                position: Set(count(chunk_no * CHUNK + i)),
                split: Set(split.as_str().to_string()),
                text: Set(c.text.clone()),
                intent: Set(c.intent.clone()),
                entities: Set(c.entities.clone()),
                language: Set(c.language.clone()),
                ..Default::default()
            });
        items::Entity::insert_many(models)
            .exec_without_returning(txn)
            .await?;
    }
    Ok(())
}

/// Marks the kept samples and their duplicates used by the batch. A
/// sample another batch took meanwhile fails the whole batch (ABORTED).
async fn mark_used(txn: &impl ConnectionTrait, batch_id: &str, plan: &Plan) -> AppResult<()> {
    let taken: Vec<i32> = plan
        .items
        .iter()
        .map(|(c, _)| c.id)
        .chain(plan.duplicates.iter().copied())
        .chain(plan.earlier_validation.iter().copied())
        .collect();
    for ids in taken.chunks(CHUNK) {
        let marked = samples::Entity::update_many()
            .col_expr(samples::Column::UsedInTraining, Expr::value(true))
            .col_expr(
                samples::Column::TrainingBatchId,
                Expr::value(batch_id.to_string()),
            )
            .filter(samples::Column::Id.is_in(ids.to_vec()))
            .filter(
                Condition::any()
                    .add(samples::Column::UsedInTraining.eq(false))
                    .add(samples::Column::UsedInTraining.is_null()),
            )
            .exec(txn)
            .await?;
        if marked.rows_affected != ids.len() as u64 {
            return Err(AppError::Aborted(
                "another batch took some of these samples; retry".into(),
            ));
        }
    }
    Ok(())
}

pub async fn find(db: &impl ConnectionTrait, batch_id: &str) -> AppResult<Option<batches::Model>> {
    Ok(batches::Entity::find()
        .filter(batches::Column::BatchId.eq(batch_id))
        .one(db)
        .await?)
}

/// A page of a batch's items in export order, after a position.
pub async fn items_page(
    db: &DatabaseConnection,
    batch_id: &str,
    after: Option<i32>,
    size: u64,
) -> AppResult<Vec<items::Model>> {
    let mut query = items::Entity::find()
        .filter(items::Column::BatchId.eq(batch_id))
        .order_by_asc(items::Column::Position)
        .limit(size);
    if let Some(after) = after {
        query = query.filter(items::Column::Position.gt(after));
    }
    Ok(query.all(db).await?)
}

/// A page of batches, newest first, before the cursor.
pub async fn list(
    db: &DatabaseConnection,
    before: Option<i64>,
    size: u64,
) -> AppResult<Vec<batches::Model>> {
    let mut query = batches::Entity::find()
        .order_by_desc(batches::Column::Id)
        .limit(size + 1);
    if let Some(before) = before {
        query = query.filter(batches::Column::Id.lt(before));
    }
    Ok(query.all(db).await?)
}

/// `(batch, intent, split, count)` for the given batches.
pub async fn counts(
    db: &impl ConnectionTrait,
    batch_ids: Vec<String>,
) -> AppResult<Vec<(String, String, String, i64)>> {
    use items::Column as C;
    Ok(items::Entity::find()
        .select_only()
        .columns([C::BatchId, C::Intent, C::Split])
        .column_as(Expr::from(Func::count(Expr::col(C::Id))), "n")
        .filter(C::BatchId.is_in(batch_ids))
        .group_by(C::BatchId)
        .group_by(C::Intent)
        .group_by(C::Split)
        .order_by_asc(C::BatchId)
        .order_by_asc(C::Intent)
        .order_by_asc(C::Split)
        .into_tuple()
        .all(db)
        .await?)
}

/// A count or position for an INTEGER column; a batch is bounded far below
/// i32::MAX, so saturating never happens in practice.
fn count(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}
