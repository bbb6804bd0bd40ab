//! SQL of a reward's intake: the session it is read from and the delivery
//! row it becomes.
use chrono::NaiveDateTime;
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait, TryInsertResult};

use super::super::intake::NewDelivery;
use crate::{
    entity::{amount::Amount, game_sessions, reward_deliveries},
    error::AppResult,
};

/// The game session a reward belongs to.
pub async fn session(
    conn: &impl ConnectionTrait,
    game_session_id: i32,
) -> AppResult<Option<game_sessions::Model>> {
    Ok(game_sessions::Entity::find_by_id(game_session_id)
        .one(conn)
        .await?)
}

/// Inserts the delivery row of a session unless it has one (a concurrent
/// intake won); true if this call inserted it.
pub async fn insert_delivery(
    conn: &impl ConnectionTrait,
    session: &game_sessions::Model,
    new: NewDelivery,
    now: NaiveDateTime,
) -> AppResult<bool> {
    use reward_deliveries::Column as D;
    let credited = new.status == crate::domain::RewardStatus::Credited;
    let row = reward_deliveries::ActiveModel {
        game_session_id: Set(session.id),
        user_id: Set(session.user_id),
        amount: Set(Amount(new.amount)),
        currency: Set(new.currency),
        loyalty_points: Set(new.loyalty_points),
        status: Set(new.status.as_str().to_string()),
        attempts: Set(0),
        next_attempt_at: Set(now),
        last_error: Set(new.error),
        wallet_transaction_id: Set(session.reward_transaction_id.clone()),
        latency_ms: Set(credited.then_some(0)),
        created_at: Set(now),
        updated_at: Set(now),
        credited_at: Set(credited.then_some(now)),
        ..Default::default()
    };
    let result = reward_deliveries::Entity::insert(row)
        .on_conflict_do_nothing_on([D::GameSessionId])
        .exec_without_returning(conn)
        .await?;
    Ok(matches!(result, TryInsertResult::Inserted(1)))
}
