//! The SQL of idempotency keys: claiming them (insert first, so a
//! concurrent duplicate waits on the row) and recording what the write made.
use std::collections::{HashMap, HashSet};

use chrono::NaiveDateTime;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    sea_query::{Expr, OnConflict, Query},
};

use super::RequestKey;
use crate::{
    entity::idempotency_keys as keys,
    error::{AppError, AppResult},
};

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
    match claim_many(txn, &[key], now).await?.of(key) {
        Claim::New => Ok(None),
        Claim::Replay(id) => Ok(Some(id)),
        Claim::Reused => Err(key.reused()),
    }
}

/// The keys of one chunk: those it claimed now, and the rows earlier
/// writes left for the others.
#[derive(Debug, Default)]
pub struct Claims {
    new: HashSet<String>,
    earlier: HashMap<String, keys::Model>,
}

impl Claims {
    /// What `key` means for its write: New when this chunk claimed its id
    /// (a repeat of the id within the chunk must then follow the first
    /// item), else judged against the earlier write.
    pub fn of(&self, key: &RequestKey) -> Claim {
        if self.new.contains(&key.id) {
            return Claim::New;
        }
        match self.earlier.get(&key.id) {
            Some(row) if row.method == key.method.as_str() && row.request_hash == key.hash => {
                // A committed key always has its row; none would be a bug.
                row.resource_id.map_or(Claim::Reused, Claim::Replay)
            }
            _ => Claim::Reused,
        }
    }
}

/// Claims many keys at once (one LogTurns chunk); repeated ids are claimed
/// once.
pub async fn claim_many(
    txn: &impl ConnectionTrait,
    keys: &[&RequestKey],
    now: NaiveDateTime,
) -> AppResult<Claims> {
    let mut claims = Claims::default();
    if keys.is_empty() {
        return Ok(claims);
    }
    // Sorted, so concurrent chunks lock shared keys in one order (no deadlock).
    let mut sorted = keys.to_vec();
    sorted.sort_by(|a, b| a.id.cmp(&b.id));
    sorted.dedup_by(|a, b| a.id == b.id);
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
        claims.new.insert(row.try_get("", "request_id")?);
    }
    let taken: Vec<String> = sorted
        .iter()
        .filter(|k| !claims.new.contains(&k.id))
        .map(|k| k.id.clone())
        .collect();
    if !taken.is_empty() {
        let earlier = keys::Entity::find()
            .filter(keys::Column::RequestId.is_in(taken))
            .all(txn)
            .await?;
        claims.earlier = earlier
            .into_iter()
            .map(|row| (row.request_id.clone(), row))
            .collect();
    }
    Ok(claims)
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
