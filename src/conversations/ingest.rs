//! Streaming ingestion (LogTurns): the settings are read once per stream,
//! good turns are buffered and written in multi-row INSERTs (one
//! transaction per chunk), bad ones reported with their index and reasons.
use std::sync::Arc;

use super::{
    store,
    turn::{NewTurn, RawTurn},
};
use crate::{
    error::{AppError, AppResult},
    settings::Snapshot,
    state::AppState,
};

/// Rows per INSERT statement: large enough to amortise the round trip,
/// small enough to stay far below PostgreSQL's 65535 bind parameters
/// (28 columns per row).
const CHUNK_ROWS: usize = 250;

/// One streamed item that was not logged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    pub index: usize,
    pub reasons: Vec<String>,
}

#[derive(Debug, Default)]
pub struct IngestReport {
    pub accepted: u64,
    pub rejected: Vec<Rejected>,
}

/// The state of one LogTurns stream.
pub struct Ingest {
    state: AppState,
    settings: Arc<Snapshot>,
    buffer: Vec<(usize, NewTurn)>,
    report: IngestReport,
}

impl Ingest {
    pub async fn start(state: AppState) -> Ingest {
        let settings = state.settings.current().await;
        Ingest {
            state,
            settings,
            buffer: Vec::with_capacity(CHUNK_ROWS),
            report: IngestReport::default(),
        }
    }

    /// Checks one item; writes a chunk when the buffer is full.
    pub async fn push(&mut self, index: usize, raw: RawTurn) -> AppResult<()> {
        match NewTurn::parse(raw, &self.settings) {
            Ok(turn) => self.buffer.push((index, turn)),
            Err(violations) => self.report.rejected.push(Rejected {
                index,
                reasons: violations
                    .into_iter()
                    .map(|v| format!("{}: {}", v.field, v.description))
                    .collect(),
            }),
        }
        if self.buffer.len() >= CHUNK_ROWS {
            self.flush().await?;
        }
        Ok(())
    }

    /// Writes what is left and reports.
    #[tracing::instrument(skip_all, err(level = "debug"), fields(accepted, rejected))]
    pub async fn finish(mut self) -> AppResult<IngestReport> {
        self.flush().await?;
        self.report.rejected.sort_by_key(|r| r.index);
        let span = tracing::Span::current();
        span.record("accepted", self.report.accepted);
        span.record("rejected", self.report.rejected.len());
        Ok(self.report)
    }

    async fn flush(&mut self) -> AppResult<()> {
        let chunk = std::mem::take(&mut self.buffer);
        let turns: Vec<NewTurn> = chunk.iter().map(|(_, t)| t.clone()).collect();
        match store::insert_many(&self.state.db, turns).await {
            Ok(n) => {
                self.report.accepted += n;
                Ok(())
            }
            Err(error @ (AppError::Unavailable(_) | AppError::Aborted(_))) => Err(error),
            // A row the checks let through but the database refused: find
            // it row by row so the others of its chunk are still kept.
            Err(error) => {
                tracing::warn!(%error, "chunk refused; inserting its rows one by one");
                self.insert_one_by_one(chunk).await
            }
        }
    }

    async fn insert_one_by_one(&mut self, chunk: Vec<(usize, NewTurn)>) -> AppResult<()> {
        for (index, turn) in chunk {
            match store::insert(&self.state.db, turn).await {
                Ok(_) => self.report.accepted += 1,
                Err(error @ (AppError::Unavailable(_) | AppError::Aborted(_))) => {
                    return Err(error);
                }
                Err(error) => self.report.rejected.push(Rejected {
                    index,
                    reasons: vec![format!("turn: the database refused it ({error})")],
                }),
            }
        }
        Ok(())
    }
}
