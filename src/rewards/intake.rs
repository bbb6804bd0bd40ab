//! Creating the delivery row of a game session's reward: from `enqueue`
//! inside the games' completion transaction, from the worker adopting
//! sessions that have none, or on demand when a caller confirms one.
use chrono::NaiveDateTime;
use rust_decimal::Decimal;
use sea_orm::ConnectionTrait;

use super::{
    RewardStatus,
    store::{self, Delivery, find, sync_session},
};
use crate::{
    domain::{SessionStatus, reward::Earned},
    entity::game_sessions,
    error::{AppError, AppResult, Reason},
};

/// What a new delivery row starts as.
#[derive(Debug, PartialEq, Eq)]
pub struct NewDelivery {
    pub amount: Decimal,
    pub currency: String,
    pub loyalty_points: i32,
    pub status: RewardStatus,
    pub error: Option<String>,
}

/// Plans the delivery of a session's reward. A pending reward of zero (a
/// capped game) is credited at once: there is nothing to pay. A pending
/// reward whose JSON cannot be read fails at once, with the reason kept.
pub fn plan(session: &game_sessions::Model) -> AppResult<NewDelivery> {
    let no_reward = || {
        AppError::precondition(
            Reason::NoReward,
            format!("game session {} has no reward", session.id),
        )
    };
    let json = session.rewards_earned.as_ref().ok_or_else(no_reward)?;
    let status = session
        .reward_status
        .as_deref()
        .and_then(RewardStatus::parse)
        .ok_or_else(no_reward)?;
    let (earned, error) = match Earned::parse(json) {
        Ok(earned) => (Some(earned), None),
        Err(reason) => (None, Some(reason)),
    };
    let amount = earned.as_ref().map_or(Decimal::ZERO, |e| e.amount);
    let status = match (status, &error) {
        (RewardStatus::Pending, Some(_)) => RewardStatus::Failed,
        (RewardStatus::Pending, None) if amount.is_zero() => RewardStatus::Credited,
        (status, _) => status,
    };
    Ok(NewDelivery {
        amount,
        currency: earned
            .as_ref()
            .map_or_else(|| "INR".into(), |e| e.currency.clone()),
        loyalty_points: earned.as_ref().map_or(0, |e| e.loyalty_points),
        status,
        error,
    })
}

/// The delivery row of a game session, created from the session if missing
/// (and then with the session's status kept in step). `require_completed`
/// refuses sessions not completed yet; `enqueue` passes false since it runs
/// inside the completion transaction, whatever its order of statements.
pub async fn ensure_delivery(
    conn: &impl ConnectionTrait,
    game_session_id: i32,
    now: NaiveDateTime,
    require_completed: bool,
) -> AppResult<Delivery> {
    if let Some(found) = find(conn, game_session_id).await? {
        return Ok(found);
    }
    create_delivery(conn, game_session_id, now, require_completed).await?;
    find(conn, game_session_id)
        .await?
        .ok_or_else(|| AppError::Internal(format!("delivery of {game_session_id} vanished")))
}

/// Creates the delivery row of a game session unless it has one (the
/// insert does nothing then): the session read, its plan, one INSERT.
pub async fn create_delivery(
    conn: &impl ConnectionTrait,
    game_session_id: i32,
    now: NaiveDateTime,
    require_completed: bool,
) -> AppResult<()> {
    let session = store::session(conn, game_session_id)
        .await?
        .ok_or_else(|| AppError::not_found(format!("game session {game_session_id}")))?;
    if require_completed && session.status.as_deref() != Some(SessionStatus::Completed.as_str()) {
        return Err(AppError::precondition(
            Reason::GameNotCompleted,
            format!("game session {game_session_id} is not completed"),
        ));
    }
    let new = plan(&session)?;
    let status = new.status;
    let inserted = store::insert_delivery(conn, &session, new, now).await?;
    if inserted && session.reward_status.as_deref() != Some(status.as_str()) {
        sync_session(conn, game_session_id, status, None, now).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn session(status: &str, earned: serde_json::Value) -> game_sessions::Model {
        game_sessions::Model {
            id: 7,
            session_id: "s".into(),
            user_id: 1,
            game_type: "intent_quest".into(),
            difficulty: None,
            language: None,
            mission_id: None,
            mission_data: None,
            status: Some("completed".into()),
            score: None,
            completion_time_seconds: None,
            rewards_earned: Some(earned),
            started_at: None,
            completed_at: None,
            updated_at: None,
            training_sample_id: None,
            conversation_log_id: None,
            reward_transaction_id: None,
            reward_status: Some(status.into()),
            answers_count: 0,
            last_answer_at: None,
            next_question_id: None,
        }
    }

    #[test]
    fn zero_rewards_are_credited_and_unreadable_ones_failed_at_once() {
        let zero = plan(&session(
            "pending",
            json!({"amount": "0.00", "currency": "INR"}),
        ));
        assert_eq!(zero.expect("plan").status, RewardStatus::Credited);
        let bad = plan(&session("pending", json!({"amount": "lots"}))).expect("plan");
        assert_eq!(bad.status, RewardStatus::Failed);
        assert!(bad.error.is_some_and(|e| e.contains("amount")));
        let paid = plan(&session(
            "credited",
            json!({"amount": "3.00", "currency": "INR"}),
        ));
        assert_eq!(
            paid.expect("plan").status,
            RewardStatus::Credited,
            "adopted as it is"
        );
        let fine = plan(&session(
            "pending",
            json!({"amount": "3.00", "currency": "INR"}),
        ));
        assert_eq!(fine.expect("plan").status, RewardStatus::Pending);
    }
}
