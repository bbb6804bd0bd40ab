//! Prometheus metrics: every series this service exports is named here,
//! recorded through the functions below (one call at each domain point) and
//! served on `METRICS_LISTEN` at `/metrics` (see [`server`]). Off by
//! default: until [`server::install`] runs there is no recorder and each
//! function returns at once.
use std::sync::atomic::{AtomicBool, Ordering};

use crate::rewards::wallet::Outcome;

pub mod server;

/// Counter: finished RPCs by `grpc_service`, `grpc_method`, `grpc_code`.
pub const RPC_HANDLED: &str = "grpc_server_handled_total";
/// Histogram: RPC latency in seconds by `grpc_service`, `grpc_method`.
pub const RPC_SECONDS: &str = "grpc_server_handling_seconds";
/// Gauge: connections open in the database pool.
pub const DB_POOL_CONNECTIONS: &str = "db_pool_connections";
/// Gauge: pooled connections lent to a call right now.
pub const DB_POOL_IN_USE: &str = "db_pool_connections_in_use";
/// Gauge: the pool's configured maximum.
pub const DB_POOL_MAX: &str = "db_pool_max_connections";
/// Gauge: 1 while the health watcher reaches the database, else 0.
pub const DATABASE_UP: &str = "database_up";
/// Gauge: rewards waiting for the wallet.
pub const REWARD_QUEUE_DEPTH: &str = "reward_queue_depth";
/// Gauge: age in seconds of the oldest reward waiting (0 when none).
pub const REWARD_QUEUE_OLDEST: &str = "reward_queue_oldest_pending_seconds";
/// Counter: wallet posts by `outcome` (credited, transient, permanent).
pub const WALLET_ATTEMPTS: &str = "reward_wallet_attempts_total";
/// Counter: games started (not resumed) by `game_type`.
pub const GAMES_STARTED: &str = "games_started_total";
/// Counter: games completed by `game_type`, counted when the completion
/// is written (a transaction rolled back after it would count once more).
pub const GAMES_COMPLETED: &str = "games_completed_total";
/// Counter: conversation turns written by the NLU backend's log calls.
pub const TURNS_LOGGED: &str = "conversation_turns_logged_total";
/// Counter: training samples approved by `source` (review, crowd, promotion).
pub const SAMPLES_APPROVED: &str = "training_samples_approved_total";

static ENABLED: AtomicBool = AtomicBool::new(false);

/// Whether a recorder is installed (METRICS_LISTEN is set).
pub fn enabled() -> bool {
    ENABLED.load(Ordering::Relaxed)
}

/// One finished RPC. `path` is the gRPC path (`/package.Service/Method`);
/// an unknown one (UNIMPLEMENTED) is counted as `unknown` so callers cannot
/// mint label values.
pub fn rpc_finished(path: &str, code: tonic::Code, seconds: f64) {
    if !enabled() {
        return;
    }
    let (service, method) = match path.trim_start_matches('/').split_once('/') {
        Some((service, method)) if code != tonic::Code::Unimplemented => {
            (service.to_string(), method.to_string())
        }
        _ => ("unknown".to_string(), "unknown".to_string()),
    };
    metrics::histogram!(RPC_SECONDS, "grpc_service" => service.clone(), "grpc_method" => method.clone())
        .record(seconds);
    metrics::counter!(RPC_HANDLED, "grpc_service" => service, "grpc_method" => method,
        "grpc_code" => code_name(code))
    .increment(1);
}

pub fn game_started(game_type: &str) {
    if enabled() {
        metrics::counter!(GAMES_STARTED, "game_type" => game_type.to_string()).increment(1);
    }
}

pub fn game_completed(game_type: &str) {
    if enabled() {
        metrics::counter!(GAMES_COMPLETED, "game_type" => game_type.to_string()).increment(1);
    }
}

pub fn turns_logged(count: u64) {
    if enabled() {
        metrics::counter!(TURNS_LOGGED).increment(count);
    }
}

pub fn sample_approved(source: &'static str) {
    if enabled() {
        metrics::counter!(SAMPLES_APPROVED, "source" => source).increment(1);
    }
}

/// One post to the wallet and how it ended.
pub fn wallet_attempt(outcome: &Outcome) {
    if enabled() {
        let outcome = match outcome {
            Outcome::Credited(_) => "credited",
            Outcome::Transient(_) => "transient",
            Outcome::Permanent(_) => "permanent",
        };
        metrics::counter!(WALLET_ATTEMPTS, "outcome" => outcome).increment(1);
    }
}

pub fn database_up(up: bool) {
    if enabled() {
        metrics::gauge!(DATABASE_UP).set(if up { 1.0 } else { 0.0 });
    }
}

/// The status code's name as the gRPC specification spells it.
pub fn code_name(code: tonic::Code) -> &'static str {
    use tonic::Code::*;
    match code {
        Ok => "OK",
        Cancelled => "CANCELLED",
        Unknown => "UNKNOWN",
        InvalidArgument => "INVALID_ARGUMENT",
        DeadlineExceeded => "DEADLINE_EXCEEDED",
        NotFound => "NOT_FOUND",
        AlreadyExists => "ALREADY_EXISTS",
        PermissionDenied => "PERMISSION_DENIED",
        ResourceExhausted => "RESOURCE_EXHAUSTED",
        FailedPrecondition => "FAILED_PRECONDITION",
        Aborted => "ABORTED",
        OutOfRange => "OUT_OF_RANGE",
        Unimplemented => "UNIMPLEMENTED",
        Internal => "INTERNAL",
        Unavailable => "UNAVAILABLE",
        DataLoss => "DATA_LOSS",
        Unauthenticated => "UNAUTHENTICATED",
    }
}
