//! Streaming ingestion (LogTurns): the settings are read once per stream,
//! good turns are buffered and written in multi-row INSERTs (one
//! transaction per chunk, request ids included, see [`super::chunk`]) or,
//! on PostgreSQL when no item of a chunk has a request id, by the shared
//! COPY writer ([`super::copier`]); bad ones are reported with their index
//! and reasons.
use std::sync::Arc;

use super::{
    chunk::{self, Fate, Pending},
    copier::Copier,
    store,
    turn::NewTurn,
};
use crate::{
    error::{AppError, AppResult, Violation},
    idempotency::RequestKey,
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

/// One streamed item with a request id, and the turn it logged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Logged {
    pub index: usize,
    pub turn_id: i64,
    /// An earlier item or call had logged it: nothing was written now.
    pub replayed: bool,
}

#[derive(Debug, Default)]
pub struct IngestReport {
    /// Items logged, replays included.
    pub accepted: u64,
    pub replayed: u64,
    pub rejected: Vec<Rejected>,
    /// The items that carried a request id, in stream order.
    pub logged: Vec<Logged>,
}

/// The state of one LogTurns stream.
pub struct Ingest {
    state: AppState,
    copier: Copier,
    settings: Arc<Snapshot>,
    buffer: Vec<Pending>,
    report: IngestReport,
}

impl Ingest {
    pub async fn start(state: AppState, copier: Copier) -> Ingest {
        let settings = state.settings.current().await;
        Ingest {
            state,
            copier,
            settings,
            buffer: Vec::with_capacity(CHUNK_ROWS),
            report: IngestReport::default(),
        }
    }

    /// The settings the stream's items are checked against.
    pub fn settings(&self) -> &Snapshot {
        &self.settings
    }

    /// Buffers one checked item; writes a chunk when the buffer is full.
    pub async fn push(
        &mut self,
        index: usize,
        turn: NewTurn,
        key: Option<RequestKey>,
    ) -> AppResult<()> {
        self.buffer.push(Pending { index, turn, key });
        if self.buffer.len() >= CHUNK_ROWS {
            self.flush().await?;
        }
        Ok(())
    }

    /// Reports an item refused before it was parsed.
    pub fn reject(&mut self, index: usize, violations: Vec<Violation>) {
        self.report.rejected.push(Rejected {
            index,
            reasons: violations
                .into_iter()
                .map(|v| format!("{}: {}", v.field, v.description))
                .collect(),
        });
    }

    /// Writes what is left and reports.
    #[tracing::instrument(skip_all, err(level = "debug"), fields(accepted, rejected))]
    pub async fn finish(mut self) -> AppResult<IngestReport> {
        self.flush().await?;
        self.report.rejected.sort_by_key(|r| r.index);
        self.report.logged.sort_by_key(|l| l.index);
        let span = tracing::Span::current();
        span.record("accepted", self.report.accepted);
        span.record("rejected", self.report.rejected.len());
        Ok(self.report)
    }

    async fn flush(&mut self) -> AppResult<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let pending = std::mem::take(&mut self.buffer);
        // Nothing to claim and no ids to report: PostgreSQL's bulk load.
        if pending.iter().all(|p| p.key.is_none()) && self.copier.available() {
            return self.copy(pending).await;
        }
        match chunk::write(&self.state.db, pending.clone(), self.state.clock.now()).await {
            Ok(fates) => {
                let keyed: Vec<bool> = pending.iter().map(|p| p.key.is_some()).collect();
                for ((index, fate), keyed) in fates.into_iter().zip(keyed) {
                    self.note(index, keyed, fate);
                }
                Ok(())
            }
            Err(error @ (AppError::Unavailable(_) | AppError::Aborted(_))) => Err(error),
            // A row the checks let through but the database refused: find
            // it row by row so the others of its chunk are still kept.
            Err(error) => {
                tracing::warn!(%error, "chunk refused; inserting its rows one by one");
                self.insert_one_by_one(pending).await
            }
        }
    }

    /// Writes a chunk without request ids through the shared COPY writer
    /// (encoded here, on the stream's task); a chunk the database refuses
    /// is written row by row, so the others are kept.
    async fn copy(&mut self, pending: Vec<Pending>) -> AppResult<()> {
        let csv = store::copy::encode(pending.iter().map(|p| &p.turn), self.state.clock.now());
        match self.copier.write(csv, pending.len()).await {
            Ok(()) => {
                for item in &pending {
                    let logged = Fate::Logged {
                        turn_id: 0,
                        replayed: false,
                    };
                    self.note(item.index, false, logged);
                }
                Ok(())
            }
            Err(error @ (AppError::Unavailable(_) | AppError::Aborted(_))) => Err(error),
            Err(error) => {
                tracing::warn!(%error, "COPY refused; inserting its rows one by one");
                self.insert_one_by_one(pending).await
            }
        }
    }

    async fn insert_one_by_one(&mut self, chunk: Vec<Pending>) -> AppResult<()> {
        let now = self.state.clock.now();
        for Pending { index, turn, key } in chunk {
            let keyed = key.is_some();
            let result = match &key {
                Some(key) => store::insert_once(&self.state.db, turn, key, now).await,
                None => store::insert(&self.state.db, turn, now)
                    .await
                    .map(|t| (t, false)),
            };
            match result {
                Ok((turn, replayed)) => {
                    let turn_id = i64::from(turn.id);
                    self.note(index, keyed, Fate::Logged { turn_id, replayed });
                }
                Err(AppError::FailedPrecondition(_)) => self.note(index, keyed, Fate::Reused),
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

    fn note(&mut self, index: usize, keyed: bool, fate: Fate) {
        match fate {
            Fate::Logged { turn_id, replayed } => {
                self.report.accepted += 1;
                self.report.replayed += u64::from(replayed);
                if keyed {
                    self.report.logged.push(Logged {
                        index,
                        turn_id,
                        replayed,
                    });
                }
            }
            Fate::Reused => self.reject(
                index,
                vec![Violation::new(
                    "request_id",
                    "was used for a different turn (REQUEST_ID_REUSED)",
                )],
            ),
        }
    }
}
