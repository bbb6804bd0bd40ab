//! Conversation turns: the NLU backend's analysis of every chat message,
//! logged one by one or streamed in batches, classified by confidence,
//! listed for analytics and mined for training candidates.
mod candidate;
mod chunk;
mod copier;
pub mod gather;
pub mod group;
pub mod grpc;
mod ingest;
mod promote;
pub mod retention;
pub mod rollup;
mod stats;
mod store;
pub mod turn;
mod wire;

use chrono::NaiveDateTime;
use sea_orm::DatabaseConnection;

pub use ingest::{Ingest, IngestReport, Logged, Rejected};
pub use promote::{Promotion, promote_turn};
pub use stats::{ConversationStats, GroupStats, stats};
use turn::Bucket;
pub use turn::Turn;

use crate::{
    error::{AppResult, Violations},
    pagination,
};

/// Filters of ListTurns and ListTrainingCandidates.
#[derive(Debug, Default, Clone)]
pub struct TurnFilter {
    pub session_id: Option<String>,
    pub user_id: Option<i32>,
    pub intent: Option<String>,
    pub bucket: Option<Bucket>,
    pub channel: Option<String>,
    pub language: Option<String>,
    pub start: Option<NaiveDateTime>,
    pub end: Option<NaiveDateTime>,
    /// Only candidates not promoted to a sample yet.
    pub candidates_only: bool,
}

/// A page of turns, newest first. The cursor is the last id served, so
/// turns logged meanwhile (higher ids) never shift the pages.
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn list_turns(
    db: &DatabaseConnection,
    filter: TurnFilter,
    page_size: i32,
    page_token: &str,
) -> AppResult<(Vec<Turn>, Option<String>)> {
    let mut violations = Violations::new();
    let size = violations.check(pagination::page_size(page_size));
    let before = violations.check(pagination::decode_id_token(page_token));
    if let (Some(start), Some(end)) = (filter.start, filter.end)
        && start >= end
    {
        violations.add("end_time", "must be after start_time");
    }
    violations.finish()?;
    let (size, before) = (size.unwrap_or_default(), before.flatten());
    let rows = store::list(db, &filter, before, size).await?;
    let (rows, more) = pagination::split_page(rows, size);
    let next = pagination::next_token(&rows, more, |t| t.id);
    Ok((rows, next))
}
