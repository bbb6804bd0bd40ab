//! Gathers concurrent writes into batches for a few writers: the shape
//! shared by unary LogTurn's group commit ([`super::group`]) and the
//! LogTurns COPY writer ([`super::copier`]).
//!
//! The gathering never delays a lone job: a batch is written as soon as a
//! writer is free, and only while every writer is busy do the jobs arriving
//! meanwhile wait (at most `window`) to join the next batch. Under load the
//! batches therefore grow by themselves with the time a write takes.
use std::{future::Future, sync::Arc, time::Duration};

use tokio::{
    sync::{Semaphore, mpsc, oneshot},
    time::Instant,
};

use crate::error::{AppError, AppResult};

/// Jobs queued beyond the batches being gathered: senders wait (back
/// pressure) rather than the queue growing without bound.
const QUEUE: usize = 4096;

/// How jobs are gathered.
#[derive(Clone, Copy, Debug)]
pub struct Rules {
    /// The longest a job waits for others while every writer is busy;
    /// zero writes every job on its own.
    pub window: Duration,
    /// Rows written together at most (a batch closes once it reaches
    /// this; a job is never split).
    pub max_rows: usize,
    /// Batches written at the same time (each on its own connection).
    pub writers: usize,
}

impl Rules {
    /// Whether gathering is on: off, each job is written where it arises.
    pub fn gathers(&self) -> bool {
        !self.window.is_zero() && self.max_rows > 1 && self.writers > 0
    }
}

/// The gathering of unary LogTurn calls and of LogTurns chunks
/// (`LOG_TURN_GROUP_*`, `LOG_TURNS_COPY_*`).
#[derive(Clone, Copy, Debug)]
pub struct Grouping {
    pub log_turn: Rules,
    pub log_turns: Rules,
}

/// Starts a gatherer task (it ends when every sender is dropped) that
/// hands each batch to `write`; `rows` counts a job's rows.
pub fn start<J, W, F>(rules: Rules, rows: fn(&J) -> usize, write: W) -> mpsc::Sender<J>
where
    J: Send + 'static,
    W: Fn(Vec<J>) -> F + Send + Sync + 'static,
    F: Future<Output = ()> + Send + 'static,
{
    let (jobs, queue) = mpsc::channel(QUEUE);
    tokio::spawn(gather(rules, queue, rows, write));
    jobs
}

/// Queues a job built around its reply channel and waits for the answer.
pub async fn submit<J, T>(
    jobs: &mpsc::Sender<J>,
    job: impl FnOnce(oneshot::Sender<AppResult<T>>) -> J,
) -> AppResult<T> {
    let stopping = || AppError::Unavailable("the server is stopping".into());
    let (reply, answer) = oneshot::channel();
    jobs.send(job(reply)).await.map_err(|_| stopping())?;
    answer.await.map_err(|_| stopping())?
}

async fn gather<J, W, F>(
    rules: Rules,
    mut queue: mpsc::Receiver<J>,
    rows: fn(&J) -> usize,
    write: W,
) where
    J: Send + 'static,
    W: Fn(Vec<J>) -> F,
    F: Future<Output = ()> + Send + 'static,
{
    let writers = Arc::new(Semaphore::new(rules.writers));
    while let Some(first) = queue.recv().await {
        let mut gathered = rows(&first);
        let mut batch = vec![first];
        let deadline = Instant::now() + rules.window;
        let permit = loop {
            if gathered >= rules.max_rows {
                break None;
            }
            tokio::select! {
                biased;
                Ok(permit) = writers.clone().acquire_owned() => break Some(permit),
                job = queue.recv() => match job {
                    Some(job) => {
                        gathered += rows(&job);
                        batch.push(job);
                    }
                    None => break None,
                },
                () = tokio::time::sleep_until(deadline) => break None,
            }
        };
        let permit = match permit {
            Some(permit) => permit,
            None => match writers.clone().acquire_owned().await {
                Ok(permit) => permit,
                Err(_) => return,
            },
        };
        let written = write(batch);
        tokio::spawn(async move {
            written.await;
            drop(permit);
        });
    }
}
