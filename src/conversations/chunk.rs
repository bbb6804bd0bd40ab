//! One LogTurns chunk in one transaction: its items' request ids are
//! claimed, the new turns inserted in one statement, and their ids recorded
//! against the ids, all committed together. A stream retried whole after a
//! cut finds the chunks it wrote before under their request ids and logs
//! only the rest.
use std::collections::HashMap;

use chrono::NaiveDateTime;
use sea_orm::DatabaseConnection;

use super::{store, turn::NewTurn};
use crate::{
    db,
    error::{AppError, AppResult},
    idempotency::{self, Claim, Claims, RequestKey},
};

/// A checked item waiting in the buffer.
#[derive(Debug, Clone)]
pub struct Pending {
    pub index: usize,
    pub turn: NewTurn,
    pub key: Option<RequestKey>,
}

/// What became of one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fate {
    /// Logged as this turn; `replayed`: by an earlier item or call with the
    /// same request id, nothing written now.
    Logged { turn_id: i64, replayed: bool },
    /// Its request id was used for a different turn.
    Reused,
}

/// Writes the chunk; returns each item's index and fate, in chunk order.
pub async fn write(
    db: &DatabaseConnection,
    chunk: Vec<Pending>,
    now: NaiveDateTime,
) -> AppResult<Vec<(usize, Fate)>> {
    let txn = db::begin_write(db).await?;
    // The first item with each request id stands for the others.
    let mut first: HashMap<&str, usize> = HashMap::new();
    for (position, item) in chunk.iter().enumerate() {
        if let Some(key) = &item.key {
            first.entry(key.id()).or_insert(position);
        }
    }
    let keys: Vec<&RequestKey> = chunk.iter().filter_map(|item| item.key.as_ref()).collect();
    let claims = idempotency::claim_many(&txn, &keys, now).await?;
    let (mut fates, inserts) = plan(&chunk, &first, &claims);
    let turns = inserts.iter().map(|&p| chunk[p].turn.clone()).collect();
    let ids = store::insert_many(&txn, turns, now).await?;
    if ids.len() != inserts.len() {
        let counts = format!(
            "{} turns inserted, {} ids returned",
            inserts.len(),
            ids.len()
        );
        return Err(AppError::Internal(counts));
    }
    let mut written = Vec::new();
    for (&position, &turn_id) in inserts.iter().zip(&ids) {
        fates[position] = Some(Fate::Logged {
            turn_id,
            replayed: false,
        });
        if let Some(key) = &chunk[position].key {
            written.push((key, turn_id));
        }
    }
    idempotency::record_many(&txn, &written).await?;
    txn.commit().await?;
    crate::metrics::turns_logged(ids.len() as u64);
    Ok(settle_repeats(&chunk, &first, fates))
}

/// The fates known before writing (replays and reuses) and the positions
/// of the turns to insert. Repeats of an id this chunk claims wait for
/// [`settle_repeats`].
fn plan(
    chunk: &[Pending],
    first: &HashMap<&str, usize>,
    claims: &Claims,
) -> (Vec<Option<Fate>>, Vec<usize>) {
    let mut fates = vec![None; chunk.len()];
    let mut inserts = Vec::new();
    for (position, item) in chunk.iter().enumerate() {
        let claim = match &item.key {
            None => Claim::New,
            Some(key) => claims.of(key),
        };
        let leads = item
            .key
            .as_ref()
            .is_none_or(|key| first.get(key.id()) == Some(&position));
        match claim {
            Claim::New if leads => inserts.push(position),
            Claim::New => {}
            Claim::Replay(turn_id) => {
                fates[position] = Some(Fate::Logged {
                    turn_id,
                    replayed: true,
                });
            }
            Claim::Reused => fates[position] = Some(Fate::Reused),
        }
    }
    (fates, inserts)
}

/// Items repeating the request id of an item this chunk wrote share its
/// turn when they ask for the same turn, and are refused when they do not.
fn settle_repeats(
    chunk: &[Pending],
    first: &HashMap<&str, usize>,
    mut fates: Vec<Option<Fate>>,
) -> Vec<(usize, Fate)> {
    for (position, item) in chunk.iter().enumerate() {
        let Some(key) = &item.key else { continue };
        let Some(&leader) = first.get(key.id()) else {
            continue;
        };
        if leader == position || fates[position].is_some() {
            continue;
        }
        fates[position] = Some(match (fates[leader], chunk[leader].key.as_ref()) {
            (Some(Fate::Logged { turn_id, .. }), Some(first_key))
                if first_key.same_request(key) =>
            {
                Fate::Logged {
                    turn_id,
                    replayed: true,
                }
            }
            _ => Fate::Reused,
        });
    }
    chunk
        .iter()
        .zip(fates)
        .map(|(item, fate)| (item.index, fate.unwrap_or(Fate::Reused)))
        .collect()
}
