//! The one error type of the service and its one exhaustive mapping to
//! `tonic::Status`. Domain code returns `AppError`; handlers turn it into a
//! status with `?`. Internal errors log their whole cause chain and send an
//! opaque message.
use std::{collections::HashMap, fmt};

use sea_orm::{DbErr, RuntimeErr, SqlErr, sqlx};
use tonic::{Code, Status};
use tonic_types::{ErrorDetails, FieldViolation, QuotaViolation, StatusExt};

pub type AppResult<T> = Result<T, AppError>;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The request is malformed; each violation names the field at fault.
    #[error("invalid argument: {}", describe(.0))]
    InvalidArgument(Vec<Violation>),
    #[error("{0} not found")]
    NotFound(String),
    #[error("{0}")]
    AlreadyExists(String),
    /// The request is well-formed but the system is not in a state to accept
    /// it; the reason is stable so callers can switch on it.
    #[error("{}", .0.message)]
    FailedPrecondition(Precondition),
    /// A concurrent change won; the caller may re-read and retry.
    #[error("{0}")]
    Aborted(String),
    /// A quota or limit is used up.
    #[error("{}", .0.message)]
    ResourceExhausted(Exhausted),
    #[error("{0}")]
    PermissionDenied(String),
    #[error("{0}")]
    Unauthenticated(String),
    /// A dependency (the database, the wallet) cannot be reached now.
    #[error("{0}")]
    Unavailable(String),
    #[error("internal error: {0}")]
    Internal(String),
}

/// The stable reasons of FAILED_PRECONDITION, sent as `google.rpc.ErrorInfo`
/// (domain [`ERROR_DOMAIN`]) so callers switch on a reason, not on text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    GamesDisabled,
    GameTypeDisabled,
    NoQuestionsLeft,
    NoGoldQuestions,
    GameAlreadyActive,
    GameNotActive,
    GameExpired,
    GameNotPlayable,
    QuestionNotInGame,
    QuestionNotCurrent,
    QuestionAnsweredDifferently,
    QuestionRemoved,
    SampleNotPending,
    SampleInBatch,
    SampleVotesExhausted,
    NoSamplesForBatch,
    NoReward,
    GameNotCompleted,
    RewardAlreadyCredited,
    RewardNotFailed,
    RewardNotForApproval,
    FlowSystemCritical,
    FlowDisabled,
    ReferencedRowMissing,
    RequestIdReused,
}

impl Reason {
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::GamesDisabled => "GAMES_DISABLED",
            Reason::GameTypeDisabled => "GAME_TYPE_DISABLED",
            Reason::NoQuestionsLeft => "NO_QUESTIONS_LEFT",
            Reason::NoGoldQuestions => "NO_GOLD_QUESTIONS",
            Reason::GameAlreadyActive => "GAME_ALREADY_ACTIVE",
            Reason::GameNotActive => "GAME_NOT_ACTIVE",
            Reason::GameExpired => "GAME_EXPIRED",
            Reason::GameNotPlayable => "GAME_NOT_PLAYABLE",
            Reason::QuestionNotInGame => "QUESTION_NOT_IN_GAME",
            Reason::QuestionNotCurrent => "QUESTION_NOT_CURRENT",
            Reason::QuestionAnsweredDifferently => "QUESTION_ANSWERED_DIFFERENTLY",
            Reason::QuestionRemoved => "QUESTION_REMOVED",
            Reason::SampleNotPending => "SAMPLE_NOT_PENDING",
            Reason::SampleInBatch => "SAMPLE_IN_BATCH",
            Reason::SampleVotesExhausted => "SAMPLE_VOTES_EXHAUSTED",
            Reason::NoSamplesForBatch => "NO_SAMPLES_FOR_BATCH",
            Reason::NoReward => "NO_REWARD",
            Reason::GameNotCompleted => "GAME_NOT_COMPLETED",
            Reason::RewardAlreadyCredited => "REWARD_ALREADY_CREDITED",
            Reason::RewardNotFailed => "REWARD_NOT_FAILED",
            Reason::RewardNotForApproval => "REWARD_NOT_FOR_APPROVAL",
            Reason::FlowSystemCritical => "FLOW_SYSTEM_CRITICAL",
            Reason::FlowDisabled => "FLOW_DISABLED",
            Reason::ReferencedRowMissing => "REFERENCED_ROW_MISSING",
            Reason::RequestIdReused => "REQUEST_ID_REUSED",
        }
    }
}

/// `google.rpc.ErrorInfo.domain` of every error this service sends.
pub const ERROR_DOMAIN: &str = "gamification.v1";

/// A FAILED_PRECONDITION: its reason, a message for people, and metadata
/// (ids) for programs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Precondition {
    pub reason: Reason,
    pub message: String,
    pub metadata: Vec<(String, String)>,
}

/// A RESOURCE_EXHAUSTED: which quota of whom, and when to try again
/// (`google.rpc.QuotaFailure` and `RetryInfo`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exhausted {
    pub message: String,
    /// Whose quota, e.g. `user:42`.
    pub subject: String,
    /// Which quota, e.g. `daily_game_limit`.
    pub quota: String,
    pub retry_after: Option<std::time::Duration>,
}

/// One field violation: which field, and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub field: String,
    pub description: String,
}

fn describe(violations: &[Violation]) -> String {
    violations
        .iter()
        .map(|v| format!("{}: {}", v.field, v.description))
        .collect::<Vec<_>>()
        .join("; ")
}

impl AppError {
    /// A single field violation.
    pub fn invalid(field: impl Into<String>, description: impl Into<String>) -> AppError {
        AppError::InvalidArgument(vec![Violation {
            field: field.into(),
            description: description.into(),
        }])
    }

    pub fn not_found(what: impl fmt::Display) -> AppError {
        AppError::NotFound(what.to_string())
    }

    /// A FAILED_PRECONDITION with a stable reason.
    pub fn precondition(reason: Reason, message: impl Into<String>) -> AppError {
        AppError::FailedPrecondition(Precondition {
            reason,
            message: message.into(),
            metadata: Vec::new(),
        })
    }

    /// Adds a metadata entry to a FAILED_PRECONDITION (other kinds pass
    /// unchanged).
    pub fn with_metadata(mut self, key: &str, value: impl fmt::Display) -> AppError {
        if let AppError::FailedPrecondition(precondition) = &mut self {
            precondition
                .metadata
                .push((key.to_string(), value.to_string()));
        }
        self
    }

    /// A RESOURCE_EXHAUSTED for `subject`'s `quota`, to be retried after
    /// `retry_after` (None: not by waiting).
    pub fn exhausted(
        subject: impl Into<String>,
        quota: impl Into<String>,
        retry_after: Option<std::time::Duration>,
        message: impl Into<String>,
    ) -> AppError {
        AppError::ResourceExhausted(Exhausted {
            message: message.into(),
            subject: subject.into(),
            quota: quota.into(),
            retry_after,
        })
    }
}

/// Collects field violations so a request reports all of its faults at once.
#[derive(Debug, Default)]
pub struct Violations(Vec<Violation>);

impl Violations {
    pub fn new() -> Violations {
        Violations::default()
    }

    pub fn add(&mut self, field: impl Into<String>, description: impl Into<String>) {
        self.0.push(Violation {
            field: field.into(),
            description: description.into(),
        });
    }

    /// Records the violation of a field-level check and passes its value on.
    pub fn check<T>(&mut self, result: Result<T, Violation>) -> Option<T> {
        result.map_err(|violation| self.0.push(violation)).ok()
    }

    /// Records the violation of a field-level check and passes its value
    /// on, or the default: a value built field by field this way is handed
    /// out only by [`into_result`](Self::into_result), when nothing failed.
    pub fn field<T: Default>(&mut self, result: Result<T, Violation>) -> T {
        self.check(result).unwrap_or_default()
    }

    /// As [`field`](Self::field), for a parser of a list or a group that
    /// can find several faults at once (one per item, say).
    pub fn fields<T: Default>(&mut self, result: Result<T, Vec<Violation>>) -> T {
        result
            .map_err(|violations| self.0.extend(violations))
            .unwrap_or_default()
    }

    /// The value when nothing was violated, else every violation.
    pub fn into_result<T>(self, value: T) -> Result<T, Vec<Violation>> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(self.0)
        }
    }

    /// Ok when nothing was violated.
    pub fn finish(self) -> AppResult<()> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(AppError::InvalidArgument(self.0))
        }
    }
}

impl Violation {
    pub fn new(field: impl Into<String>, description: impl Into<String>) -> Violation {
        Violation {
            field: field.into(),
            description: description.into(),
        }
    }
}

impl From<Violation> for AppError {
    fn from(violation: Violation) -> AppError {
        AppError::InvalidArgument(vec![violation])
    }
}

impl From<DbErr> for AppError {
    fn from(err: DbErr) -> AppError {
        match err.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(detail)) => {
                return AppError::AlreadyExists(format!("already exists ({detail})"));
            }
            Some(SqlErr::ForeignKeyConstraintViolation(detail)) => {
                return AppError::precondition(
                    Reason::ReferencedRowMissing,
                    format!("a referenced row is missing ({detail})"),
                );
            }
            _ => {}
        }
        match &err {
            DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => {
                AppError::Unavailable("the database is unavailable; retry later".into())
            }
            DbErr::Exec(RuntimeErr::SqlxError(sqlx_err))
            | DbErr::Query(RuntimeErr::SqlxError(sqlx_err)) => classify_sqlx(sqlx_err, &err),
            DbErr::RecordNotFound(what) => AppError::NotFound(what.clone()),
            _ => AppError::Internal(err.to_string()),
        }
    }
}

/// Sorts driver errors deliberately: lost races become ABORTED (retry),
/// unreachable databases UNAVAILABLE, everything else INTERNAL.
fn classify_sqlx(sqlx_err: &sqlx::Error, err: &DbErr) -> AppError {
    match sqlx_err {
        sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::Io(_)
        | sqlx::Error::Tls(_) => {
            AppError::Unavailable("the database is unavailable; retry later".into())
        }
        sqlx::Error::Database(db_err) => match db_err.code().as_deref() {
            // PostgreSQL serialization failure and deadlock; SQLite busy and locked.
            Some("40001" | "40P01" | "5" | "6" | "517" | "262") => {
                AppError::Aborted("a concurrent change won; retry the request".into())
            }
            Some(code) if code.starts_with("08") || code == "53300" || code == "57P01" => {
                AppError::Unavailable("the database is unavailable; retry later".into())
            }
            _ => AppError::Internal(err.to_string()),
        },
        _ => AppError::Internal(err.to_string()),
    }
}

impl From<AppError> for Status {
    fn from(err: AppError) -> Status {
        match err {
            AppError::InvalidArgument(violations) => {
                let message = format!("invalid argument: {}", describe(&violations));
                let details = ErrorDetails::with_bad_request(
                    violations
                        .into_iter()
                        .map(|v| FieldViolation::new(v.field, v.description))
                        .collect::<Vec<_>>(),
                );
                Status::with_error_details(Code::InvalidArgument, message, details)
            }
            AppError::NotFound(what) => Status::not_found(format!("{what} not found")),
            AppError::AlreadyExists(message) => Status::already_exists(message),
            AppError::FailedPrecondition(precondition) => {
                let details = ErrorDetails::with_error_info(
                    precondition.reason.as_str(),
                    ERROR_DOMAIN,
                    precondition.metadata.into_iter().collect::<HashMap<_, _>>(),
                );
                Status::with_error_details(Code::FailedPrecondition, precondition.message, details)
            }
            AppError::Aborted(message) => Status::aborted(message),
            AppError::ResourceExhausted(exhausted) => {
                let mut details = ErrorDetails::with_quota_failure(vec![QuotaViolation::new(
                    exhausted.subject,
                    exhausted.quota,
                )]);
                if let Some(wait) = exhausted.retry_after {
                    details.set_retry_info(Some(wait));
                }
                Status::with_error_details(Code::ResourceExhausted, exhausted.message, details)
            }
            AppError::PermissionDenied(message) => Status::permission_denied(message),
            AppError::Unauthenticated(message) => Status::unauthenticated(message),
            // The call's closing line (rpc_log) says why; client errors
            // need no cause beyond the status itself.
            AppError::Unavailable(message) => {
                crate::rpc_log::note_cause(tracing::Level::WARN, &message);
                Status::unavailable(message)
            }
            AppError::Internal(cause) => {
                crate::rpc_log::note_cause(tracing::Level::ERROR, &cause);
                Status::internal("internal error; see the server log")
            }
        }
    }
}
