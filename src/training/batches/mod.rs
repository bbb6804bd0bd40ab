//! Training batches: approved samples never used before, de-duplicated,
//! split into train and validation, and marked used, in one transaction;
//! then exported in a stable order.
mod manifest;
mod plan;
#[cfg(test)]
mod proptests;
mod similar;
mod store;

use chrono::NaiveDateTime;
use rust_decimal::{Decimal, prelude::ToPrimitive};
use sea_orm::DatabaseConnection;
use serde_json::json;

pub use plan::{Split, normalize};

use plan::Planning;

use crate::{
    db,
    entity::{training_batch_items, training_batches},
    error::{AppError, AppResult, Reason, Violation, Violations},
    fields::label,
    pagination,
};

pub type Item = training_batch_items::Model;

/// How a sample's label was approved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ApprovalSource {
    /// A reviewer (`approved_by` names a person).
    Human,
    /// Players' agreement (`approved_by = "crowd"`).
    Crowd,
    /// Approved without a reviewer's name (the old app, games).
    Game,
}

impl ApprovalSource {
    pub fn as_str(self) -> &'static str {
        match self {
            ApprovalSource::Human => "human",
            ApprovalSource::Crowd => "crowd",
            ApprovalSource::Game => "game",
        }
    }

    /// From `training_samples.approved_by`.
    pub fn of(approved_by: Option<&str>) -> ApprovalSource {
        match approved_by.map(str::trim) {
            Some(crate::training::review::CROWD_REVIEWER) => ApprovalSource::Crowd,
            Some(by) if !by.is_empty() => ApprovalSource::Human,
            _ => ApprovalSource::Game,
        }
    }

    /// A field value: `human`, `crowd` or `game`.
    pub fn parse(field: &str, value: &str) -> Result<ApprovalSource, Violation> {
        match value.trim() {
            "human" => Ok(ApprovalSource::Human),
            "crowd" => Ok(ApprovalSource::Crowd),
            "game" => Ok(ApprovalSource::Game),
            _ => Err(Violation::new(field, "must be human, crowd or game")),
        }
    }
}

/// Which samples a batch may take.
#[derive(Debug, Default, Clone)]
pub struct BatchFilter {
    pub languages: Vec<String>,
    pub intents: Vec<String>,
    /// For crowd and game approvals (a human-approved sample's confidence
    /// is the NLU's, not its label's).
    pub min_confidence: Option<Decimal>,
    pub max_samples: Option<usize>,
    /// Empty: every source.
    pub approval_sources: Vec<ApprovalSource>,
    /// Per source, overriding `min_confidence`.
    pub source_min_confidence: Vec<(ApprovalSource, Decimal)>,
}

impl BatchFilter {
    /// Whether a sample approved by `source` with `confidence` may go in.
    fn admits(&self, source: ApprovalSource, confidence: Option<Decimal>) -> bool {
        if !self.approval_sources.is_empty() && !self.approval_sources.contains(&source) {
            return false;
        }
        let minimum = self
            .source_min_confidence
            .iter()
            .find(|(s, _)| *s == source)
            .map(|(_, min)| *min)
            .or(match source {
                ApprovalSource::Human => None,
                ApprovalSource::Crowd | ApprovalSource::Game => self.min_confidence,
            });
        match minimum {
            Some(min) => confidence.is_some_and(|c| c >= min),
            None => true,
        }
    }
}

/// A checked CreateTrainingBatch request.
#[derive(Debug, Default, Clone)]
pub struct BatchRequest {
    pub filter: BatchFilter,
    pub validation_fraction: Decimal,
    pub seed: u64,
    pub created_by: Option<String>,
    pub group_by_user: bool,
}

pub struct NewBatch {
    pub id: String,
    pub validation_fraction: Decimal,
    pub seed: u64,
    pub filters: serde_json::Value,
    pub created_by: Option<String>,
    pub created_at: NaiveDateTime,
    pub group_by_user: bool,
}

/// A batch with its size per intent and split.
#[derive(Debug, Clone)]
pub struct Batch {
    pub batch: training_batches::Model,
    pub counts: Vec<(String, Split, i64)>,
}

/// A language code of a filter: 1 to 10 characters.
pub fn language(field: &str, value: &str) -> Result<String, Violation> {
    if value.is_empty() || value.len() > 10 {
        return Err(Violation::new(
            field,
            "must be a language code of 1 to 10 characters",
        ));
    }
    Ok(value.to_string())
}

/// At most this many samples; 0 means no limit.
pub fn max_samples(field: &str, value: i32) -> Result<Option<usize>, Violation> {
    usize::try_from(value)
        .map(|n| (n > 0).then_some(n))
        .map_err(|_| Violation::new(field, "must not be negative"))
}

/// A decimal in [0, 1); empty means no validation split.
pub fn validation_fraction(field: &str, text: &str) -> Result<Decimal, Violation> {
    let fraction = match text.trim() {
        "" => Some(Decimal::ZERO),
        text => label::parse_decimal(text),
    };
    fraction
        .filter(|f| *f >= Decimal::ZERO && *f < Decimal::ONE)
        .ok_or_else(|| Violation::new(field, "must be a decimal in [0, 1), e.g. 0.2"))
}

/// The batch row to write: named after its creation time.
fn new_batch(request: BatchRequest, now: NaiveDateTime) -> (BatchFilter, NewBatch) {
    let BatchRequest {
        filter,
        validation_fraction,
        seed,
        created_by,
        group_by_user,
    } = request;
    let suffix = uuid::Uuid::new_v4().simple().to_string();
    let batch = NewBatch {
        id: format!("tb-{}-{}", now.format("%Y%m%d-%H%M%S"), &suffix[..8]),
        validation_fraction,
        seed,
        filters: json!({
            "languages": filter.languages,
            "intents": filter.intents,
            "min_confidence": filter.min_confidence.map(|c| c.to_string()),
            "max_samples": filter.max_samples,
            "approval_sources": filter.approval_sources.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
            "source_min_confidence": filter
                .source_min_confidence
                .iter()
                .map(|(s, c)| (s.as_str().to_string(), json!(c.to_string())))
                .collect::<serde_json::Map<_, _>>(),
        }),
        created_by,
        created_at: now,
        group_by_user,
    };
    (filter, batch)
}

/// Creates a batch from the samples no batch has taken yet. Two concurrent
/// calls never share a sample: rows are locked (PostgreSQL) or the write
/// lock is held (SQLite), the marking UPDATE is conditional, and
/// `training_batch_items.sample_id` is unique.
///
/// Leaks are planned out ([`plan::plan`]): near duplicates (Dice
/// similarity of trigrams at or above `near_duplicate_threshold`) and a
/// source message's paraphrases (and optionally one user's samples) stay on
/// one side; a near duplicate of any earlier batch's validation row is left
/// out; near duplicates with different labels go back to review.
#[tracing::instrument(skip_all, err(level = "debug"), fields(batch_id, samples))]
pub async fn create(
    db: &DatabaseConnection,
    request: BatchRequest,
    near_duplicate_threshold: Decimal,
    now: NaiveDateTime,
) -> AppResult<Batch> {
    let (filter, batch) = new_batch(request, now);
    tracing::Span::current().record("batch_id", batch.id.as_str());
    let txn = db::begin_write(db).await?;
    let earlier = std::sync::Arc::new(store::earlier_rows(&txn).await?);
    let planning = Planning {
        max: filter.max_samples,
        fraction: batch.validation_fraction,
        seed: batch.seed,
        threshold: near_duplicate_threshold.to_f64().unwrap_or(1.0),
        group_by_user: batch.group_by_user,
    };
    // With a maximum, the oldest candidates are read a page at a time (a
    // quarter more than the maximum first, twice as many on each retry)
    // until the plan fills the batch or none are left: a batch of 10 000
    // neither locks nor compares every approved sample. Later candidates
    // near this batch's rows are caught by the next batch's earlier-row
    // check, as any batch's are.
    let mut limit = filter.max_samples.map(|max| max + max / 4 + 16);
    let plan = loop {
        let rows = store::candidates(&txn, &filter, limit).await?;
        let exhausted = limit.is_none_or(|limit| rows.len() < limit);
        let candidates = rows
            .into_iter()
            .filter(|(_, source, confidence)| filter.admits(*source, confidence.map(|c| c.0)))
            .map(|(candidate, ..)| candidate)
            .collect();
        // Comparing texts takes seconds for a large batch: off the async
        // workers, so the server's other calls keep being served meanwhile.
        let (earlier, planning) = (earlier.clone(), planning.clone());
        let plan = tokio::task::spawn_blocking(move || plan::plan(candidates, &earlier, &planning))
            .await
            .map_err(|e| AppError::Internal(format!("batch planning failed: {e}")))?;
        let full = filter
            .max_samples
            .is_some_and(|max| plan.items.len() >= max);
        if exhausted || full {
            break plan;
        }
        limit = limit.map(|limit| limit.saturating_mul(2));
    };
    // Conflicts go to review even when nothing else is left to batch.
    store::send_to_review(&txn, &plan.conflicts).await?;
    if plan.items.is_empty() {
        txn.commit().await?;
        return Err(AppError::precondition(
            Reason::NoSamplesForBatch,
            "no approved sample that was never used in training matches the filters",
        ));
    }
    tracing::Span::current().record("samples", plan.items.len());
    let manifest = manifest::of(&batch, &plan, near_duplicate_threshold);
    store::save(&txn, &batch, &plan, manifest).await?;
    let saved = store::find(&txn, &batch.id)
        .await?
        .ok_or_else(|| AppError::Internal(format!("batch {} vanished", batch.id)))?;
    let counts = with_counts(&txn, vec![saved]).await?;
    txn.commit().await?;
    counts
        .into_iter()
        .next()
        .ok_or_else(|| AppError::Internal("no batch".into()))
}

async fn with_counts(
    db: &impl sea_orm::ConnectionTrait,
    batches: Vec<training_batches::Model>,
) -> AppResult<Vec<Batch>> {
    let ids = batches.iter().map(|b| b.batch_id.clone()).collect();
    let counts = store::counts(db, ids).await?;
    Ok(batches
        .into_iter()
        .map(|batch| Batch {
            counts: counts
                .iter()
                .filter(|(id, ..)| *id == batch.batch_id)
                .filter_map(|(_, intent, split, n)| {
                    Split::parse(split).map(|s| (intent.clone(), s, *n))
                })
                .collect(),
            batch,
        })
        .collect())
}

/// Batches, newest first.
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn list(
    db: &DatabaseConnection,
    page_size: i32,
    page_token: &str,
) -> AppResult<(Vec<Batch>, Option<String>)> {
    let mut violations = Violations::new();
    let size = violations.check(pagination::page_size(page_size));
    let before = violations.check(pagination::decode_id_token(page_token));
    violations.finish()?;
    let (size, before) = (size.unwrap_or_default(), before.flatten());
    let rows = store::list(db, before, size).await?;
    let (rows, more) = pagination::split_page(rows, size);
    let next = pagination::next_token(&rows, more, |b| b.id);
    Ok((with_counts(db, rows).await?, next))
}

/// Reads a batch's rows page by page, in their stored order.
pub struct Export {
    db: DatabaseConnection,
    batch_id: String,
    after: Option<i32>,
}

/// Rows per page read while exporting.
const EXPORT_PAGE: u64 = 500;

impl Export {
    /// NOT_FOUND for an unknown batch.
    pub async fn open(db: DatabaseConnection, batch_id: &str) -> AppResult<Export> {
        if batch_id.trim().is_empty() {
            return Err(AppError::invalid("batch_id", "is required"));
        }
        store::find(&db, batch_id)
            .await?
            .ok_or_else(|| AppError::not_found(format!("training batch {batch_id}")))?;
        Ok(Export {
            db,
            batch_id: batch_id.to_string(),
            after: None,
        })
    }

    /// The next rows, their text scrubbed of PII (again: batches made
    /// before scrubbing existed hold raw text); empty when the batch is
    /// exhausted.
    pub async fn next_page(&mut self) -> AppResult<Vec<Item>> {
        let mut page = store::items_page(&self.db, &self.batch_id, self.after, EXPORT_PAGE).await?;
        if let Some(last) = page.last() {
            self.after = Some(last.position);
        }
        for item in &mut page {
            if let std::borrow::Cow::Owned(clean) = crate::text::pii::scrub(&item.text) {
                item.text = clean;
            }
            item.entities = item.entities.take().map(crate::text::pii::scrub_json);
        }
        Ok(page)
    }
}
