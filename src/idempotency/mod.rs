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
pub mod sweep;

use std::collections::HashMap;

use chrono::NaiveDateTime;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    sea_query::{Expr, OnConflict, Query},
};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::{
    entity::idempotency_keys as keys,
    error::{AppError, AppResult, Reason, Violation},
};

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

    fn reused(&self) -> AppError {
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

/// What a claimed key means for the write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Claim {
    /// The key is ours: write, then [`record`] the row's id.
    New,
    /// An earlier write with this key and content created this row.
    Replay(i64),
    /// An earlier write used this key for something else.
    Reused,
}

/// Claims `key` for the write about to happen in `txn` (None: write, then
/// [`record`]), or finds the row an earlier write with this key created
/// (Some: return it, write nothing). Reuse for a different request is
/// FAILED_PRECONDITION. No key: None, nothing to claim.
pub async fn claim(
    txn: &impl ConnectionTrait,
    key: Option<&RequestKey>,
    now: NaiveDateTime,
) -> AppResult<Option<i64>> {
    let Some(key) = key else {
        return Ok(None);
    };
    let claims = claim_many(txn, &[key], now).await?;
    match claims.get(key.id()).copied() {
        Some(Claim::New) => Ok(None),
        Some(Claim::Replay(id)) => Ok(Some(id)),
        Some(Claim::Reused) | None => Err(key.reused()),
    }
}

/// Claims many keys at once (one LogTurns chunk), by request id. The
/// caller passes each id once.
pub async fn claim_many(
    txn: &impl ConnectionTrait,
    keys: &[&RequestKey],
    now: NaiveDateTime,
) -> AppResult<HashMap<String, Claim>> {
    let mut claims = HashMap::new();
    if keys.is_empty() {
        return Ok(claims);
    }
    // Sorted, so concurrent chunks lock shared keys in one order (no deadlock).
    let mut sorted = keys.to_vec();
    sorted.sort_by(|a, b| a.id.cmp(&b.id));
    let mut insert = Query::insert();
    insert.into_table(keys::Entity).columns([
        keys::Column::RequestId,
        keys::Column::Method,
        keys::Column::RequestHash,
        keys::Column::CreatedAt,
    ]);
    for key in &sorted {
        insert
            .values([
                key.id.clone().into(),
                key.method.as_str().into(),
                key.hash.clone().into(),
                now.into(),
            ])
            .map_err(|e| AppError::Internal(format!("idempotency key insert: {e}")))?;
    }
    insert
        .on_conflict(
            OnConflict::column(keys::Column::RequestId)
                .do_nothing()
                .to_owned(),
        )
        .returning_col(keys::Column::RequestId);
    for row in txn.query_all(&insert).await? {
        let id: String = row.try_get("", "request_id")?;
        claims.insert(id, Claim::New);
    }
    let taken: Vec<&RequestKey> = sorted
        .into_iter()
        .filter(|k| !claims.contains_key(&k.id))
        .collect();
    if !taken.is_empty() {
        let earlier = keys::Entity::find()
            .filter(keys::Column::RequestId.is_in(taken.iter().map(|k| k.id.clone())))
            .all(txn)
            .await?;
        for key in taken {
            let row = earlier.iter().find(|row| row.request_id == key.id);
            claims.insert(key.id.clone(), judge(key, row));
        }
    }
    Ok(claims)
}

/// An existing key replays the write when it is the same request.
fn judge(key: &RequestKey, row: Option<&keys::Model>) -> Claim {
    match row {
        Some(row) if row.method == key.method.as_str() && row.request_hash == key.hash => {
            // A committed key always has its row; none would be a bug here.
            row.resource_id.map_or(Claim::Reused, Claim::Replay)
        }
        _ => Claim::Reused,
    }
}

/// Records the row a claimed key's write created, in the same transaction.
pub async fn record(
    txn: &impl ConnectionTrait,
    key: Option<&RequestKey>,
    id: i64,
) -> AppResult<()> {
    match key {
        Some(key) => record_many(txn, &[(key, id)]).await,
        None => Ok(()),
    }
}

/// Records the rows of many claimed keys in one statement.
pub async fn record_many(
    txn: &impl ConnectionTrait,
    written: &[(&RequestKey, i64)],
) -> AppResult<()> {
    let Some(((first, first_id), rest)) = written.split_first() else {
        return Ok(());
    };
    let when = |key: &RequestKey| keys::Column::RequestId.eq(key.id.clone());
    let mut value = Expr::case(when(first), *first_id);
    for (key, id) in rest {
        value = value.case(when(key), *id);
    }
    keys::Entity::update_many()
        .col_expr(
            keys::Column::ResourceId,
            value.finally(Expr::col(keys::Column::ResourceId)).into(),
        )
        .filter(keys::Column::RequestId.is_in(written.iter().map(|(k, _)| k.id.clone())))
        .exec(txn)
        .await?;
    Ok(())
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
