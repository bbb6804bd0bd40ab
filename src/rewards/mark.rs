//! `game_sessions.reward_status` belongs to the rewards room: the games code
//! says what a session's reward is ([`Mark`]) in its own transaction, this
//! rule turns that into the column, and the delivery code keeps the column
//! in step afterwards.
use rust_decimal::Decimal;
use sea_orm::ActiveValue::Set;

use crate::{domain::RewardStatus, entity::game_sessions};

/// A session's reward as the games room knows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    /// Started, abandoned or expired: no status, so the worker never adopts it.
    NothingToPay,
    /// Completed with this amount: pending when above zero (then
    /// [`enqueue`](super::enqueue) queues it in the same transaction), else
    /// nothing to pay.
    Payable(Decimal),
}

impl Mark {
    /// Writes the mark into a session's changed columns.
    pub fn apply(self, model: &mut game_sessions::ActiveModel) {
        model.reward_status = Set(match self {
            Mark::Payable(amount) if amount > Decimal::ZERO => {
                Some(RewardStatus::Pending.to_string())
            }
            Mark::Payable(_) | Mark::NothingToPay => None,
        });
    }
}
