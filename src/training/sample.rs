//! A training sample: as stored ([`Sample`]), as recorded ([`NewSample`]),
//! and the vocabulary of its source and review status.
use chrono::NaiveDateTime;
use rust_decimal::Decimal;
use serde_json::Value as Json;

use crate::{domain::Stored, entity::training_samples};

crate::domain::text_enum! {
    /// Where a sample comes from (`training_samples.source`).
    Source {
        Game = "game",
        Conversation = "conversation",
        Manual = "manual",
    }
}

crate::domain::text_enum! {
    /// Where a sample is in review (`training_samples.review_status`);
    /// `Corrected` is approved with a corrected intent or entities.
    ReviewStatus {
        Pending = "pending",
        Approved = "approved",
        Rejected = "rejected",
        Corrected = "corrected",
    }
}

/// A training sample as the rules read it, apart from its row: closed sets
/// typed (text another application wrote kept as [`Stored::Unknown`]),
/// NULL flags of other apps' rows read as false, a NULL priority as 0.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sample {
    pub id: i32,
    pub user_id: Option<i32>,
    pub session_id: Option<String>,
    /// The game session that produced it (its id, as text).
    pub game_session_id: Option<String>,
    pub text: String,
    pub intent: String,
    pub entities: Option<Json>,
    pub confidence: Option<Decimal>,
    pub language: Option<String>,
    pub tone: Option<String>,
    pub context: Option<Json>,
    pub source: Option<Stored<Source>>,
    pub nlu_provider: Option<String>,
    pub approved: bool,
    pub approved_by: Option<String>,
    pub approved_at: Option<NaiveDateTime>,
    pub review_status: Option<Stored<ReviewStatus>>,
    pub review_priority: i32,
    pub used_in_training: bool,
    pub training_batch_id: Option<String>,
    pub created_at: Option<NaiveDateTime>,
    pub conversation_log_id: Option<i32>,
}

impl Sample {
    /// Pending review: no status (a row of another app) or `pending`.
    pub fn is_pending(&self) -> bool {
        self.review_status
            .as_ref()
            .is_none_or(|s| s.known() == Some(ReviewStatus::Pending))
    }
}

/// The one conversion from the row.
impl From<training_samples::Model> for Sample {
    fn from(row: training_samples::Model) -> Sample {
        let training_samples::Model {
            id,
            user_id,
            session_id,
            game_session_id,
            text,
            intent,
            entities,
            confidence,
            language,
            tone,
            context,
            source,
            nlu_provider,
            approved,
            approved_by,
            approved_at,
            review_status,
            review_priority,
            used_in_training,
            training_batch_id,
            created_at,
            conversation_log_id,
        } = row;
        Sample {
            id,
            user_id,
            session_id,
            game_session_id,
            text,
            intent,
            entities,
            confidence: confidence.map(|c| c.0),
            language,
            tone,
            context,
            source: source.map(Stored::read),
            nlu_provider,
            approved: approved.unwrap_or(false),
            approved_by,
            approved_at,
            review_status: review_status.map(Stored::read),
            review_priority: review_priority.unwrap_or(0),
            used_in_training: used_in_training.unwrap_or(false),
            training_batch_id,
            created_at,
            conversation_log_id,
        }
    }
}

/// Who approved a sample, and how.
#[derive(Debug, Clone)]
pub struct Approval {
    pub by: String,
    pub status: ReviewStatus,
}

/// A checked sample, ready to insert.
#[derive(Debug, Clone)]
pub struct NewSample {
    pub user_id: Option<i32>,
    pub session_id: Option<String>,
    pub game_session_id: Option<String>,
    pub text: String,
    pub intent: String,
    pub entities: Option<Json>,
    pub confidence: Option<Decimal>,
    pub language: Option<String>,
    pub tone: Option<String>,
    pub context: Option<Json>,
    pub source: Source,
    pub nlu_provider: Option<String>,
    pub review_priority: i32,
    pub conversation_log_id: Option<i32>,
    /// None: pending review.
    pub approval: Option<Approval>,
}
