//! A reward on its way to the wallet, apart from its `reward_deliveries`
//! row: the status typed, the amount a decimal.
use chrono::NaiveDateTime;
use rust_decimal::Decimal;

use super::RewardStatus;
use crate::{domain::Stored, entity::reward_deliveries};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Delivery {
    pub id: i32,
    pub game_session_id: i32,
    pub user_id: i32,
    pub amount: Decimal,
    pub currency: String,
    pub loyalty_points: i32,
    /// Our own table holds only the set (a CHECK constraint); anything
    /// else is kept as stored and moved by no transition.
    pub status: Stored<RewardStatus>,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub claimed_by: Option<String>,
    pub claimed_until: Option<NaiveDateTime>,
    pub last_error: Option<String>,
    pub wallet_transaction_id: Option<String>,
    /// The WatchRewards cursor.
    pub seq: Option<i64>,
    pub latency_ms: Option<i64>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub credited_at: Option<NaiveDateTime>,
    /// Start of the current retry window (None: `created_at`).
    pub retry_started_at: Option<NaiveDateTime>,
}

impl Delivery {
    /// The status, None for text outside the set.
    pub fn status(&self) -> Option<RewardStatus> {
        self.status.known()
    }
}

/// The one conversion from the row.
impl From<reward_deliveries::Model> for Delivery {
    fn from(row: reward_deliveries::Model) -> Delivery {
        let reward_deliveries::Model {
            id,
            game_session_id,
            user_id,
            amount,
            currency,
            loyalty_points,
            status,
            attempts,
            next_attempt_at,
            claimed_by,
            claimed_until,
            last_error,
            wallet_transaction_id,
            seq,
            latency_ms,
            created_at,
            updated_at,
            credited_at,
            retry_started_at,
        } = row;
        Delivery {
            id,
            game_session_id,
            user_id,
            amount: amount.0,
            currency,
            loyalty_points,
            status: Stored::read(status),
            attempts,
            next_attempt_at,
            claimed_by,
            claimed_until,
            last_error,
            wallet_transaction_id,
            seq,
            latency_ms,
            created_at,
            updated_at,
            credited_at,
            retry_started_at,
        }
    }
}
