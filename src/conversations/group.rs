//! Group commit for unary LogTurn: concurrent calls are gathered for a
//! moment and written as one chunk (one transaction, one multi-row INSERT,
//! request ids included; see [`super::chunk`]), so 32 callers pay for a
//! few commits instead of 32. Each caller still gets its own turn id, its
//! own replay and its own error.
//!
//! The gathering never delays a lone caller: a batch is written as soon as
//! a writer is free, and only while every writer is busy do the calls
//! arriving meanwhile wait (at most `window`) to join the next batch.
use std::{sync::Arc, time::Duration};

use chrono::Timelike;
use tokio::{
    sync::{Semaphore, mpsc, oneshot},
    time::Instant,
};

use super::{
    chunk::{self, Fate, Pending},
    store,
    turn::{NewTurn, Turn},
};
use crate::{
    error::{AppError, AppResult},
    idempotency::RequestKey,
    state::AppState,
};

/// Batches written at the same time (each on its own connection).
const WRITERS: usize = 4;

/// Calls queued beyond the batches being gathered: callers wait (back
/// pressure) rather than the queue growing without bound.
const QUEUE: usize = 4096;

/// How LogTurn calls are gathered (`LOG_TURN_GROUP_WINDOW_MS`,
/// `LOG_TURN_GROUP_MAX_ROWS`).
#[derive(Clone, Copy, Debug)]
pub struct GroupRules {
    /// The longest a call waits for others while every writer is busy;
    /// zero writes every call on its own.
    pub window: Duration,
    /// Calls written together at most.
    pub max_rows: usize,
}

struct Job {
    turn: NewTurn,
    key: Option<RequestKey>,
    reply: oneshot::Sender<AppResult<Turn>>,
}

/// The handle LogTurn calls go through.
#[derive(Clone)]
pub struct GroupCommit {
    jobs: Option<mpsc::Sender<Job>>,
    state: AppState,
}

impl GroupCommit {
    /// Starts the gatherer (a task that ends when every handle is dropped).
    pub fn start(state: AppState, rules: GroupRules) -> GroupCommit {
        if rules.window.is_zero() || rules.max_rows <= 1 {
            return GroupCommit { jobs: None, state };
        }
        let (jobs, queue) = mpsc::channel(QUEUE);
        tokio::spawn(gather(state.clone(), rules, queue));
        GroupCommit {
            jobs: Some(jobs),
            state,
        }
    }

    /// Logs one turn; with a request id, once (a retry gets the first turn).
    pub async fn log(&self, turn: NewTurn, key: Option<RequestKey>) -> AppResult<Turn> {
        let Some(jobs) = &self.jobs else {
            return alone(&self.state, turn, key).await;
        };
        let (reply, answer) = oneshot::channel();
        let job = Job { turn, key, reply };
        if jobs.send(job).await.is_err() {
            return Err(AppError::Unavailable("the server is stopping".into()));
        }
        answer
            .await
            .map_err(|_| AppError::Unavailable("the server is stopping".into()))?
    }
}

/// One call written on its own (grouping off, or its batch was refused).
async fn alone(state: &AppState, turn: NewTurn, key: Option<RequestKey>) -> AppResult<Turn> {
    let now = state.clock.now();
    let (turn, replayed) = match key {
        None => (store::insert(&state.db, turn, now).await?, false),
        Some(key) => store::insert_once(&state.db, turn, &key, now).await?,
    };
    if !replayed {
        crate::metrics::turns_logged(1);
    }
    Ok(turn)
}

async fn gather(state: AppState, rules: GroupRules, mut queue: mpsc::Receiver<Job>) {
    let writers = Arc::new(Semaphore::new(WRITERS));
    while let Some(first) = queue.recv().await {
        let mut batch = vec![first];
        let deadline = Instant::now() + rules.window;
        let permit = loop {
            if batch.len() >= rules.max_rows {
                break None;
            }
            tokio::select! {
                biased;
                Ok(permit) = writers.clone().acquire_owned() => break Some(permit),
                job = queue.recv() => match job {
                    Some(job) => batch.push(job),
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
        let state = state.clone();
        tokio::spawn(async move {
            write(&state, batch).await;
            drop(permit);
        });
    }
}

/// Writes a batch as one chunk and answers each caller; a batch the
/// database refuses is written call by call, so each caller gets its own
/// outcome.
async fn write(state: &AppState, batch: Vec<Job>) {
    // Microseconds, as PostgreSQL keeps a timestamp: the turn a caller
    // gets (built from what was written) reads back the same later.
    let now = state.clock.now();
    let now = now
        .with_nanosecond(now.nanosecond() / 1000 * 1000)
        .unwrap_or(now);
    let pending: Vec<Pending> = batch
        .iter()
        .enumerate()
        .map(|(index, job)| Pending {
            index,
            turn: job.turn.clone(),
            key: job.key.clone(),
        })
        .collect();
    match chunk::write(&state.db, pending, now).await {
        Ok(fates) => {
            for ((_, fate), job) in fates.into_iter().zip(batch) {
                let outcome = settle(state, &job, fate, now).await;
                // A caller that went away (deadline, cancel) needs no answer.
                let _ = job.reply.send(outcome);
            }
        }
        Err(error) => {
            tracing::debug!(%error, calls = batch.len(), "batch refused; writing its calls one by one");
            for job in batch {
                let outcome = alone(state, job.turn, job.key).await;
                let _ = job.reply.send(outcome);
            }
        }
    }
}

/// The turn a call gets for its fate in the chunk.
async fn settle(
    state: &AppState,
    job: &Job,
    fate: Fate,
    now: chrono::NaiveDateTime,
) -> AppResult<Turn> {
    match fate {
        Fate::Logged {
            turn_id,
            replayed: false,
        } => Ok(Turn {
            id: i32::try_from(turn_id)
                .map_err(|_| AppError::Internal(format!("turn id {turn_id} out of range")))?,
            created_at: Some(now),
            turn: job.turn.clone(),
        }),
        // Logged by an earlier call: the turn as it was stored then.
        Fate::Logged {
            turn_id,
            replayed: true,
        } => store::get(&state.db, turn_id).await,
        Fate::Reused => Err(match &job.key {
            Some(key) => key.reused(),
            None => AppError::Internal("a turn without a request id was refused".into()),
        }),
    }
}
