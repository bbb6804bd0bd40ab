//! A training sample as recorded: checked fields and the vocabulary of its
//! source and review status.
use rust_decimal::Decimal;
use serde_json::Value as Json;

use crate::fields::label;
use crate::{
    error::{AppResult, Violations},
    settings::Snapshot,
};

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

/// The raw fields of RecordSample; empty strings mean "not given".
#[derive(Debug, Default)]
pub struct RawSample {
    pub user_id: Option<i32>,
    pub session_id: String,
    pub game_session_id: String,
    pub text: String,
    pub intent: String,
    pub entities_json: String,
    pub confidence: String,
    pub language: String,
    pub tone: String,
    pub context_json: String,
    pub source: Option<Source>,
    pub nlu_provider: String,
    pub review_priority: i32,
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

impl NewSample {
    pub fn parse(raw: RawSample, settings: &Snapshot) -> AppResult<NewSample> {
        let mut v = Violations::new();
        let text = v.check(label::text("text", &raw.text, settings.max_text_length));
        let intent = v.check(label::intent("intent", &raw.intent));
        let entities = v.check(label::json("entities_json", &raw.entities_json));
        let context = v.check(label::json("context_json", &raw.context_json));
        let confidence = v.check(label::confidence("confidence", &raw.confidence));
        let mut short =
            |field: &str, value: &str, max| v.check(label::bounded(field, value, max)).flatten();
        let session_id = short("session_id", &raw.session_id, 100);
        let game_session_id = short("game_session_id", &raw.game_session_id, 100);
        let language = short("language", &raw.language, 10);
        let tone = short("tone", &raw.tone, 50);
        let nlu_provider = short("nlu_provider", &raw.nlu_provider, 50);
        if raw.user_id.is_some_and(|id| id <= 0) {
            v.add("user_id", "must be a positive id");
        }
        v.finish()?;
        Ok(NewSample {
            user_id: raw.user_id,
            session_id,
            game_session_id,
            text: text.map(String::from).unwrap_or_default(),
            intent: intent.unwrap_or_default(),
            entities: entities.flatten(),
            confidence: confidence.flatten(),
            language,
            tone,
            context: context.flatten(),
            source: raw.source.unwrap_or(Source::Conversation),
            nlu_provider,
            review_priority: raw.review_priority,
            conversation_log_id: None,
            approval: None,
        })
    }
}
