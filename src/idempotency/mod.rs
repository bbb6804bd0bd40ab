//! Idempotent writes (AIP-155). A write that carries a `request_id` (a
//! UUID) claims it in `gamification_idempotency_keys` inside the write's
//! own transaction, before writing; the id of the created row is recorded
//! in the same transaction. A retry with the same id then finds the row and
//! gets the first result back without writing; the same id with a different
//! request is FAILED_PRECONDITION (`REQUEST_ID_REUSED`).
//!
//! Claiming first makes concurrent duplicates safe on both backends: on
//! PostgreSQL the second `INSERT … ON CONFLICT DO NOTHING` waits for the
//! first transaction and then finds its committed row; on SQLite write
//! transactions run one at a time (BEGIN IMMEDIATE).
//!
//! A request is recognised by a SHA-256 of its method and its encoded
//! content without the request_id (prost encodes a message the same way
//! every time). Keys are kept `idempotency_retention_hours` ([`sweep`]).
mod store;
pub mod sweep;

use sha2::{Digest, Sha256};
use uuid::Uuid;

pub use store::{Claim, Claims, claim, claim_many, record, record_many};

use crate::error::{AppError, Reason, Violation};

/// The writes that take a request_id. One turn logged by LogTurn or as a
/// LogTurns item is the same write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    LogTurn,
    RecordSample,
    CreateQuestion,
    PromoteTurnToSample,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::LogTurn => "LogTurn",
            Method::RecordSample => "RecordSample",
            Method::CreateQuestion => "CreateQuestion",
            Method::PromoteTurnToSample => "PromoteTurnToSample",
        }
    }
}

/// A write's request id and what it asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestKey {
    /// The UUID in canonical form (lower case, hyphenated).
    id: String,
    method: Method,
    hash: String,
}

impl RequestKey {
    /// None for an empty request_id (no idempotency); a violation of
    /// `field` for one that is not a UUID. `content` is the request
    /// without its request_id.
    pub fn parse(
        field: &str,
        request_id: &str,
        method: Method,
        content: &impl prost::Message,
    ) -> Result<Option<RequestKey>, Violation> {
        if request_id.is_empty() {
            return Ok(None);
        }
        let id = Uuid::try_parse(request_id).map_err(|_| {
            Violation::new(
                field,
                "must be a UUID, e.g. 8f14e45f-ceea-4e7a-9b1c-2d3e4f5a6b7c",
            )
        })?;
        if id.is_nil() {
            return Err(Violation::new(field, "must not be the nil UUID"));
        }
        let mut hasher = Sha256::new();
        hasher.update(method.as_str().as_bytes());
        hasher.update([0]);
        hasher.update(content.encode_to_vec());
        let hash = hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        Ok(Some(RequestKey {
            id: id.hyphenated().to_string(),
            method,
            hash,
        }))
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    /// Whether two keys ask for the same write (whatever their ids).
    pub fn same_request(&self, other: &RequestKey) -> bool {
        self.method == other.method && self.hash == other.hash
    }

    pub(crate) fn reused(&self) -> AppError {
        AppError::precondition(
            Reason::RequestIdReused,
            format!(
                "request_id {} was used for a different request; make a new one for each write",
                self.id
            ),
        )
        .with_metadata("request_id", &self.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proto;

    fn turn(message: &str) -> proto::TurnInput {
        proto::TurnInput {
            session_id: "s1".into(),
            user_message: message.into(),
            ..Default::default()
        }
    }

    #[test]
    fn request_ids_are_uuids_in_canonical_form() {
        let id = "8F14E45F-CEEA-4E7A-9B1C-2D3E4F5A6B7C";
        let key = RequestKey::parse("request_id", id, Method::LogTurn, &turn("hi"))
            .expect("valid")
            .expect("some");
        assert_eq!(key.id(), "8f14e45f-ceea-4e7a-9b1c-2d3e4f5a6b7c");
        assert_eq!(
            RequestKey::parse("request_id", "", Method::LogTurn, &turn("hi")),
            Ok(None)
        );
        for bad in [
            "abc",
            "00000000-0000-0000-0000-000000000000",
            " 8f14e45f-ceea-4e7a-9b1c-2d3e4f5a6b7c",
        ] {
            let err = RequestKey::parse("request_id", bad, Method::LogTurn, &turn("hi"));
            assert_eq!(err.expect_err(bad).field, "request_id");
        }
    }

    #[test]
    fn the_hash_follows_content_and_method() {
        let id = "8f14e45f-ceea-4e7a-9b1c-2d3e4f5a6b7c";
        let key = |method, message| {
            RequestKey::parse("request_id", id, method, &turn(message))
                .expect("valid")
                .expect("some")
        };
        assert_eq!(
            key(Method::LogTurn, "hi").hash,
            key(Method::LogTurn, "hi").hash
        );
        assert_ne!(
            key(Method::LogTurn, "hi").hash,
            key(Method::LogTurn, "ho").hash
        );
        assert_ne!(
            key(Method::LogTurn, "hi").hash,
            key(Method::RecordSample, "hi").hash
        );
    }
}
