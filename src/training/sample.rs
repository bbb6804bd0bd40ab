//! A training sample as recorded: checked fields and the vocabulary of its
//! source and review status.
use rust_decimal::Decimal;
use serde_json::Value as Json;

/// Where a sample comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Game,
    Conversation,
    Manual,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Game => "game",
            Source::Conversation => "conversation",
            Source::Manual => "manual",
        }
    }

    pub fn parse(text: &str) -> Option<Source> {
        [Source::Game, Source::Conversation, Source::Manual]
            .into_iter()
            .find(|s| s.as_str() == text)
    }
}

/// Where a sample is in review.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewStatus {
    Pending,
    Approved,
    Rejected,
    /// Approved with a corrected intent or entities.
    Corrected,
}

impl ReviewStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewStatus::Pending => "pending",
            ReviewStatus::Approved => "approved",
            ReviewStatus::Rejected => "rejected",
            ReviewStatus::Corrected => "corrected",
        }
    }

    pub fn parse(text: &str) -> Option<ReviewStatus> {
        use ReviewStatus::*;
        [Pending, Approved, Rejected, Corrected]
            .into_iter()
            .find(|s| s.as_str() == text)
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
