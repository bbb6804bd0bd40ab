//! Group commit for unary LogTurn: concurrent calls are gathered for a
//! moment (see [`super::gather`]) and written as one chunk (one
//! transaction, one multi-row INSERT, request ids included; see
//! [`super::chunk`]), so 32 callers pay for a few commits instead of 32.
//! Each caller still gets its own turn id, its own replay and its own
//! error.
use chrono::Timelike;
use tokio::sync::{mpsc, oneshot};

use super::{
    chunk::{self, Fate, Pending},
    gather::{self, Rules},
    store,
    turn::{NewTurn, Turn},
};
use crate::{
    error::{AppError, AppResult},
    idempotency::RequestKey,
    state::AppState,
};

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
    pub fn start(state: AppState, rules: Rules) -> GroupCommit {
        if !rules.gathers() {
            return GroupCommit { jobs: None, state };
        }
        let writer = state.clone();
        let jobs = gather::start(
            rules,
            |_| 1,
            move |batch| {
                let state = writer.clone();
                async move { write(&state, batch).await }
            },
        );
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
        gather::submit(jobs, |reply| Job { turn, key, reply }).await
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
