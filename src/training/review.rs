//! Review of samples: approve, reject or correct. The decision is applied
//! under a row lock, and never to a sample already handed out in a batch.
//!
//! [`apply`] is the one place that writes a review, so the crowd-agreement
//! rule (votes from games) can approve with `approved_by = "crowd"` and the
//! agreement as confidence through it, in its own transaction.
use chrono::NaiveDateTime;
use rust_decimal::Decimal;
use sea_orm::{ConnectionTrait, DatabaseConnection};
use serde_json::Value as Json;

use super::{Sample, sample::ReviewStatus, store};

/// Who approves the samples the crowd agreed on
/// (`training_samples.approved_by`); the crowd room approves through
/// [`apply`] under this name.
pub const CROWD_REVIEWER: &str = "crowd";
use crate::{
    db,
    error::{AppError, AppResult, Reason, Violation},
};

#[derive(Debug, Clone)]
pub enum Decision {
    Approve,
    Reject,
    /// Approve with a corrected intent and/or entities.
    Correct {
        intent: Option<String>,
        entities: Option<Json>,
    },
}

impl Decision {
    /// A correction: a new intent, new entities, or both.
    pub fn correct(intent: Option<String>, entities: Option<Json>) -> Result<Decision, Violation> {
        if intent.is_none() && entities.is_none() {
            return Err(Violation::new(
                "intent",
                "a correction needs an intent or entities_json",
            ));
        }
        Ok(Decision::Correct { intent, entities })
    }
}

/// Reviews one sample.
#[tracing::instrument(skip_all, err(level = "debug"), fields(sample_id))]
pub async fn review(
    db: &DatabaseConnection,
    sample_id: i64,
    decision: Decision,
    reviewer: &str,
    now: NaiveDateTime,
) -> AppResult<Sample> {
    let id =
        i32::try_from(sample_id).map_err(|_| AppError::not_found(format!("sample {sample_id}")))?;
    let txn = db::begin_write(db).await?;
    let sample = store::lock(&txn, id)
        .await?
        .ok_or_else(|| AppError::not_found(format!("sample {sample_id}")))?;
    let saved = apply(&txn, sample, &decision, reviewer, None, now).await?;
    txn.commit().await?;
    Ok(saved)
}

/// Writes a decision on a locked sample at `now`. `confidence` replaces
/// the sample's when given (the crowd's agreement).
pub async fn apply(
    txn: &impl ConnectionTrait,
    sample: Sample,
    decision: &Decision,
    approved_by: &str,
    confidence: Option<Decimal>,
    now: NaiveDateTime,
) -> AppResult<Sample> {
    if sample.used_in_training {
        return Err(AppError::precondition(
            Reason::SampleInBatch,
            format!(
                "sample {} is already in training batch {}; it can no longer be reviewed",
                sample.id,
                sample.training_batch_id.as_deref().unwrap_or("?")
            ),
        ));
    }
    let (approved, status, intent, entities) = match decision {
        Decision::Approve => (true, ReviewStatus::Approved, None, None),
        Decision::Reject => (false, ReviewStatus::Rejected, None, None),
        Decision::Correct { intent, entities } => (
            true,
            ReviewStatus::Corrected,
            intent.as_deref(),
            entities.as_ref(),
        ),
    };
    // Who decided and when is kept for rejections too: the audit trail of
    // the review, whatever its outcome.
    let review = store::Reviewed {
        approved,
        status,
        approved_by,
        at: now,
        intent,
        entities,
        confidence,
    };
    let saved = store::write_review(txn, sample.id, review).await?;
    if approved {
        let crowd = approved_by == CROWD_REVIEWER;
        crate::metrics::sample_approved(if crowd { "crowd" } else { "review" });
    }
    Ok(saved)
}
