//! Training data: labeled samples recorded by the NLU backend, games and
//! admins; their review; their statistics; and the batches handed to the
//! people who fine-tune the intent model.
pub mod agreement;
pub mod batches;
pub mod grpc;
pub mod review;
pub mod sample;
mod store;
pub mod wire;

use sea_orm::DatabaseConnection;

use sample::{NewSample, ReviewStatus, Source};

use crate::{
    db,
    entity::training_samples,
    error::{AppResult, Violations},
    idempotency::{self, RequestKey},
    pagination,
    state::AppState,
};

pub use sample::Sample;

pub use store::{get as get_sample, insert as insert_sample};

/// Filters of ListSamples.
#[derive(Debug, Default)]
pub struct SampleFilter {
    pub review_status: Option<ReviewStatus>,
    pub intent: Option<String>,
    pub language: Option<String>,
    pub source: Option<Source>,
    pub approved: Option<bool>,
    pub used_in_training: Option<bool>,
}

/// Records a sample, pending review; with a request id, once (a retry gets
/// the first sample).
#[tracing::instrument(skip_all, err(level = "debug"), fields(intent = %sample.intent))]
pub async fn record(
    state: &AppState,
    sample: NewSample,
    key: Option<RequestKey>,
) -> AppResult<Sample> {
    let Some(key) = key else {
        return store::insert(&state.db, sample, state.clock.now()).await;
    };
    let txn = db::begin_write(&state.db).await?;
    if let Some(id) = idempotency::claim(&txn, Some(&key), state.clock.now()).await? {
        txn.rollback().await?;
        return store::get(&state.db, id).await;
    }
    let saved = store::insert(&txn, sample, state.clock.now()).await?;
    idempotency::record(&txn, Some(&key), i64::from(saved.id)).await?;
    txn.commit().await?;
    Ok(saved)
}

/// A checked ListSamples request: its filters and its page.
#[derive(Debug)]
pub struct SampleQuery {
    pub filter: SampleFilter,
    pub size: u64,
    /// The id the page starts before (from the page token).
    pub before: Option<i64>,
}

#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn list(
    db: &DatabaseConnection,
    query: SampleQuery,
) -> AppResult<(Vec<Sample>, Option<String>)> {
    let SampleQuery {
        filter,
        size,
        before,
    } = query;
    let rows = store::list(db, &filter, before, size).await?;
    let (rows, more) = pagination::split_page(rows, size);
    let next = pagination::next_token(&rows, more, |s| s.id);
    Ok((rows, next))
}

/// Pending samples, highest review_priority first.
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn review_queue(
    db: &DatabaseConnection,
    page_size: i32,
    page_token: &str,
) -> AppResult<(Vec<Sample>, Option<String>)> {
    let mut violations = Violations::new();
    let size = violations.check(pagination::page_size(page_size));
    let after = violations.check(pagination::decode_token(page_token).and_then(|cursor| {
        cursor
            .map(|c| {
                parse_queue_cursor(&c).ok_or_else(|| {
                    crate::error::Violation::new("page_token", "is not a token this service issued")
                })
            })
            .transpose()
    }));
    violations.finish()?;
    let (size, after) = (size.unwrap_or_default(), after.flatten());
    let rows = store::review_queue(db, after, size).await?;
    let (rows, more) = pagination::split_page(rows, size);
    let next = pagination::next_token(&rows, more, |s| format!("{}:{}", s.review_priority, s.id));
    Ok((rows, next))
}

/// The review queue's page token that starts right after `sample` (skip it).
pub fn queue_token_after(sample: &Sample) -> String {
    pagination::encode_token(&format!("{}:{}", sample.review_priority, sample.id))
}

/// The review queue's cursor, `priority:id`; None for anything else.
fn parse_queue_cursor(cursor: &str) -> Option<(i32, i32)> {
    let (priority, id) = cursor.split_once(':')?;
    Some((priority.parse().ok()?, id.parse().ok()?))
}

/// Counts of samples by intent, language, review status and source.
#[derive(Debug, Default)]
pub struct TrainingStats {
    pub total: i64,
    pub approved: i64,
    pub used_in_training: i64,
    pub by_intent: Vec<(String, i64)>,
    pub by_language: Vec<(String, i64)>,
    pub by_review_status: Vec<(String, i64)>,
    pub by_source: Vec<(String, i64)>,
    /// Samples with at least two crowd votes, and the agreement of their
    /// voters (None when undefined).
    pub crowd_samples: i64,
    pub fleiss_kappa: Option<f64>,
    pub krippendorff_alpha: Option<f64>,
}

#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn stats(db: &DatabaseConnection) -> AppResult<TrainingStats> {
    use training_samples::Column;
    let flat = |rows: Vec<(Option<String>, i64)>| -> Vec<(String, i64)> {
        rows.into_iter()
            .map(|(k, n)| (k.unwrap_or_default(), n))
            .collect()
    };
    let by_approved = store::count_flag(db, Column::Approved).await?;
    let by_used = store::count_flag(db, Column::UsedInTraining).await?;
    let by_intent = flat(store::count_by(db, Column::Intent).await?);
    let votes = agreement::table(
        store::vote_counts(db)
            .await?
            .into_iter()
            .map(|(sample, intent, n)| (sample, intent, u32::try_from(n).unwrap_or(u32::MAX))),
    );
    Ok(TrainingStats {
        crowd_samples: i64::try_from(votes.iter().filter(|r| r.iter().sum::<u32>() >= 2).count())
            .unwrap_or(i64::MAX),
        fleiss_kappa: agreement::fleiss_kappa(&votes),
        krippendorff_alpha: agreement::krippendorff_alpha_nominal(&votes),
        total: by_intent.iter().map(|(_, n)| n).sum(),
        approved: by_approved,
        used_in_training: by_used,
        by_intent,
        by_language: flat(store::count_by(db, Column::Language).await?),
        by_review_status: flat(store::count_by(db, Column::ReviewStatus).await?),
        by_source: flat(store::count_by(db, Column::Source).await?),
    })
}
