//! The shared COPY writer of LogTurns. Each stream checks and encodes its
//! chunks without request ids on its own task and hands them here; the
//! chunks of concurrent streams are gathered (see [`super::gather`]) and
//! written as one COPY, so 32 streams of 100 turns pay for a few large COPYs
//! (one transaction, one commit and WAL flush each) instead of 32 small
//! ones. A stream waits for its own chunk's outcome: nothing is reported
//! logged before its rows are committed.
//!
//! A COPY is all or none, so a refused batch is written again chunk by
//! chunk: the other streams' rows are kept, and only a stream whose chunk
//! is refused on its own hears of it (it then finds its bad rows one by
//! one, see [`super::ingest`]).
use sea_orm::DatabaseConnection;
use tokio::sync::{mpsc, oneshot};

use super::{
    gather::{self, Rules},
    store::copy,
};
use crate::error::{AppError, AppResult};

struct Job {
    csv: Vec<u8>,
    rows: usize,
    reply: oneshot::Sender<AppResult<()>>,
}

/// The handle LogTurns streams write their id-less chunks through.
#[derive(Clone)]
pub struct Copier {
    jobs: Option<mpsc::Sender<Job>>,
    db: DatabaseConnection,
}

impl Copier {
    /// Starts the writer (a task that ends when every handle is dropped);
    /// off, or on SQLite, there is none.
    pub fn start(db: DatabaseConnection, rules: Rules) -> Copier {
        if !rules.gathers() || !copy::available(&db) {
            return Copier { jobs: None, db };
        }
        let writer = db.clone();
        let jobs = gather::start(
            rules,
            |job: &Job| job.rows,
            move |batch| {
                let db = writer.clone();
                async move { write(&db, batch).await }
            },
        );
        Copier {
            jobs: Some(jobs),
            db,
        }
    }

    /// Whether chunks can be written by COPY here (PostgreSQL only).
    pub fn available(&self) -> bool {
        copy::available(&self.db)
    }

    /// Writes one chunk of `rows` turns encoded by [`copy::encode`]; Ok
    /// once they are committed, the database's refusal if the chunk was
    /// refused on its own.
    pub async fn write(&self, csv: Vec<u8>, rows: usize) -> AppResult<()> {
        match &self.jobs {
            Some(jobs) => gather::submit(jobs, |reply| Job { csv, rows, reply }).await,
            None => copy_parts(&self.db, &[&csv]).await,
        }
    }
}

/// Writes a batch with one COPY and answers each stream; a refused batch
/// is written chunk by chunk, so each stream gets its own chunk's outcome.
async fn write(db: &DatabaseConnection, mut batch: Vec<Job>) {
    let parts: Vec<&[u8]> = batch.iter().map(|job| job.csv.as_slice()).collect();
    let error = match copy_parts(db, &parts).await {
        Ok(()) => return answer(batch, || Ok(())),
        Err(error) => error,
    };
    match error {
        // The database is away, or a race was lost: no chunk would fare
        // better on its own; every stream hears it (and may retry).
        AppError::Unavailable(why) => answer(batch, || Err(AppError::Unavailable(why.clone()))),
        AppError::Aborted(why) => answer(batch, || Err(AppError::Aborted(why.clone()))),
        error if batch.len() == 1 => {
            if let Some(job) = batch.pop() {
                let _ = job.reply.send(Err(error));
            }
        }
        error => {
            tracing::warn!(%error, chunks = batch.len(), "COPY refused; writing its chunks one by one");
            for job in batch {
                let outcome = copy_parts(db, &[&job.csv]).await;
                let _ = job.reply.send(outcome);
            }
        }
    }
}

/// Gives every stream of the batch the same outcome.
fn answer(batch: Vec<Job>, outcome: impl Fn() -> AppResult<()>) {
    for job in batch {
        // A stream that went away (cancelled) needs no answer.
        let _ = job.reply.send(outcome());
    }
}

async fn copy_parts(db: &DatabaseConnection, parts: &[&[u8]]) -> AppResult<()> {
    let written = copy::copy_csv(db, parts).await?;
    crate::metrics::turns_logged(written);
    Ok(())
}
