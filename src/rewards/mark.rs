//! `game_sessions.reward_status` belongs to the rewards room: the games code
//! marks a session's reward only through these, in its own transaction, and
//! the delivery code keeps the column in step afterwards.
use rust_decimal::Decimal;
use sea_orm::ActiveValue::Set;

use crate::{domain::RewardStatus, entity::game_sessions};

/// A session with nothing to pay (started, abandoned, expired): no status,
/// so the worker never adopts it.
pub fn nothing_to_pay(model: &mut game_sessions::ActiveModel) {
    model.reward_status = Set(None);
}

/// A completed session: pending when there is money to pay (then
/// [`enqueue`](super::enqueue) queues it in the same transaction), else
/// nothing to pay.
pub fn payable(model: &mut game_sessions::ActiveModel, amount: Decimal) {
    model.reward_status = Set((amount > Decimal::ZERO).then(|| RewardStatus::Pending.to_string()));
}
