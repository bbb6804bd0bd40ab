//! SQL that reads rewards: the game session (the truth other apps read)
//! joined with its delivery state. A session still 'pending' without a
//! delivery is not a reward yet: another application wrote it, and it
//! waits for an admin's approval (`games::approve_foreign`), so neither
//! ListRewards nor the summaries show it to the wallet.
use chrono::NaiveDateTime;
use rust_decimal::Decimal;
use sea_orm::{DatabaseConnection, EntityTrait, FromQueryResult, Value};

use super::{Reward, RewardFilter, RewardStatus, parse_earned, store::stmt};
use crate::{entity::users, error::AppResult};

const SELECT: &str = "SELECT gs.id AS game_session_id, gs.session_id, gs.user_id, gs.game_type, \
    gs.reward_status, gs.reward_transaction_id, CAST(gs.rewards_earned AS TEXT) AS rewards_json, \
    gs.completed_at, d.attempts, d.last_error, d.next_attempt_at, d.credited_at, d.seq \
    FROM game_sessions gs LEFT JOIN reward_deliveries d ON d.game_session_id = gs.id \
    WHERE gs.rewards_earned IS NOT NULL AND gs.reward_status IS NOT NULL \
    AND (gs.status = 'completed' OR d.id IS NOT NULL) \
    AND (d.id IS NOT NULL OR gs.reward_status <> 'pending')";

#[derive(Debug, FromQueryResult)]
struct Row {
    game_session_id: i32,
    session_id: String,
    user_id: i32,
    game_type: String,
    reward_status: String,
    reward_transaction_id: Option<String>,
    rewards_json: Option<String>,
    completed_at: Option<NaiveDateTime>,
    attempts: Option<i32>,
    last_error: Option<String>,
    next_attempt_at: Option<NaiveDateTime>,
    credited_at: Option<NaiveDateTime>,
    seq: Option<i64>,
}

impl Row {
    fn into_reward(self) -> Reward {
        let earned = self
            .rewards_json
            .as_deref()
            .and_then(|text| serde_json::from_str(text).ok())
            .and_then(|json| parse_earned(&json).ok());
        let status = RewardStatus::parse(&self.reward_status).unwrap_or(RewardStatus::Pending);
        Reward {
            game_session_id: self.game_session_id,
            session_id: self.session_id,
            user_id: self.user_id,
            game_type: self.game_type,
            amount: earned.as_ref().map_or(Decimal::ZERO, |e| e.amount),
            currency: earned
                .as_ref()
                .map_or_else(String::new, |e| e.currency.clone()),
            loyalty_points: earned.as_ref().map_or(0, |e| e.loyalty_points),
            status,
            reward_transaction_id: self.reward_transaction_id,
            attempts: self.attempts.unwrap_or(0),
            last_error: self.last_error,
            completed_at: self.completed_at,
            next_attempt_at: (status == RewardStatus::Pending)
                .then_some(self.next_attempt_at)
                .flatten(),
            credited_at: self.credited_at,
            cursor: self.seq,
        }
    }
}

async fn rows(db: &DatabaseConnection, tail: &str, values: Vec<Value>) -> AppResult<Vec<Reward>> {
    let sql = format!("{SELECT}{tail}");
    let rows = Row::find_by_statement(stmt(db.get_database_backend(), &sql, values))
        .all(db)
        .await?;
    Ok(rows.into_iter().map(Row::into_reward).collect())
}

/// One page (plus one row, to tell whether more follow), by game session id.
pub async fn list(
    db: &DatabaseConnection,
    filter: &RewardFilter,
    after: i64,
    size: u64,
) -> AppResult<Vec<Reward>> {
    let mut tail = String::from(" AND gs.id > ?");
    let mut values: Vec<Value> = vec![after.into()];
    if let Some(user_id) = filter.user_id {
        tail.push_str(" AND gs.user_id = ?");
        values.push(user_id.into());
    }
    if let Some(status) = filter.status {
        tail.push_str(" AND gs.reward_status = ?");
        values.push(status.as_str().into());
    }
    tail.push_str(" ORDER BY gs.id LIMIT ?");
    values.push((size as i64 + 1).into());
    rows(db, &tail, values).await
}

pub async fn get(db: &DatabaseConnection, game_session_id: i32) -> AppResult<Option<Reward>> {
    let found = rows(db, " AND gs.id = ?", vec![game_session_id.into()]).await?;
    Ok(found.into_iter().next())
}

/// Numbered rewards after `cursor`, in cursor order.
pub async fn after_cursor(
    db: &DatabaseConnection,
    cursor: i64,
    user_id: Option<i32>,
    limit: u64,
) -> AppResult<Vec<Reward>> {
    let mut tail = String::from(" AND d.seq > ?");
    let mut values: Vec<Value> = vec![cursor.into()];
    if let Some(user_id) = user_id {
        tail.push_str(" AND gs.user_id = ?");
        values.push(user_id.into());
    }
    tail.push_str(" ORDER BY d.seq LIMIT ?");
    values.push((limit as i64).into());
    rows(db, &tail, values).await
}

/// Totals of one user's rewards, by status.
#[derive(Debug, Clone, Default)]
pub struct RewardSummary {
    pub user_id: i32,
    pub pending: (i64, Decimal),
    pub credited: (i64, Decimal),
    pub failed: (i64, Decimal),
    pub loyalty_points: i32,
    pub total_rewards_earned: Decimal,
    pub last_credited_at: Option<NaiveDateTime>,
}

pub async fn summary(db: &DatabaseConnection, user_id: i32) -> AppResult<RewardSummary> {
    let user = users::Entity::find_by_id(user_id)
        .one(db)
        .await?
        .ok_or_else(|| crate::error::AppError::not_found(format!("user {user_id}")))?;
    let all = rows(db, " AND gs.user_id = ?", vec![user_id.into()]).await?;
    let mut summary = RewardSummary {
        user_id,
        loyalty_points: user.loyalty_points,
        total_rewards_earned: user.total_rewards_earned.0,
        ..RewardSummary::default()
    };
    for reward in all {
        let bucket = match reward.status {
            RewardStatus::Pending => &mut summary.pending,
            RewardStatus::Credited => &mut summary.credited,
            RewardStatus::Failed => &mut summary.failed,
        };
        bucket.0 += 1;
        bucket.1 += reward.amount;
        if reward.credited_at > summary.last_credited_at {
            summary.last_credited_at = reward.credited_at;
        }
    }
    Ok(summary)
}

/// Delivery metrics over all rewards with a delivery row.
#[derive(Debug, Clone, Default, FromQueryResult)]
pub struct RewardStats {
    pub pending: i64,
    pub retrying: i64,
    pub credited: i64,
    pub failed: i64,
    pub attempts: i64,
    pub average_latency_ms: i64,
    pub max_latency_ms: i64,
}

const STATS: &str = "SELECT \
    COALESCE(SUM(CASE WHEN status = 'pending' THEN 1 ELSE 0 END), 0) AS pending, \
    COALESCE(SUM(CASE WHEN status = 'pending' AND attempts > 0 THEN 1 ELSE 0 END), 0) AS retrying, \
    COALESCE(SUM(CASE WHEN status = 'credited' THEN 1 ELSE 0 END), 0) AS credited, \
    COALESCE(SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END), 0) AS failed, \
    COALESCE(SUM(attempts), 0) AS attempts, \
    CAST(COALESCE(AVG(latency_ms), 0) AS BIGINT) AS average_latency_ms, \
    COALESCE(MAX(latency_ms), 0) AS max_latency_ms \
    FROM reward_deliveries";

pub async fn stats(db: &DatabaseConnection) -> AppResult<RewardStats> {
    let found = RewardStats::find_by_statement(stmt(db.get_database_backend(), STATS, vec![]))
        .one(db)
        .await?;
    Ok(found.unwrap_or_default())
}

/// The delivery queue's backlog, sampled for the metrics.
#[derive(Debug, Default, FromQueryResult)]
pub struct Backlog {
    /// Rewards waiting for the wallet (pending).
    pub depth: i64,
    /// When the oldest of them was queued.
    pub oldest: Option<NaiveDateTime>,
}

/// How many rewards are pending and since when (the index on
/// `(status, next_attempt_at)` serves the filter).
pub async fn backlog(db: &DatabaseConnection) -> AppResult<Backlog> {
    let sql = "SELECT COUNT(*) AS depth, MIN(created_at) AS oldest \
        FROM reward_deliveries WHERE status = 'pending'";
    let row = Backlog::find_by_statement(stmt(db.get_database_backend(), sql, Vec::new()))
        .one(db)
        .await?;
    Ok(row.unwrap_or_default())
}
