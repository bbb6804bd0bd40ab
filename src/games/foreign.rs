//! Completed games this service did not complete: written by another
//! application (the audit's `reward_status DEFAULT 'pending'` marks every
//! such row payable) or left from before the service adopted the table.
//! Their rewards are never paid automatically. An admin lists them and
//! approves one with an amount, which passes through the same daily cap as
//! any other reward, for the day the game was completed.
use chrono::NaiveDateTime;
use rust_decimal::Decimal;
use sea_orm::DatabaseConnection;
use serde::{Deserialize, Serialize};

use super::{GameView, Reward, Session, economy, price, session::Change, store, view};
use crate::{
    clock::Clock,
    db,
    error::{AppError, AppResult, Reason, Violation, Violations},
    fields::{game, ids},
    pagination,
    settings::Snapshot,
};

/// Who approved a reward, and what the other application had written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Approval {
    pub approved_by: String,
    pub approved_at: NaiveDateTime,
    /// The session's `rewards_earned` before the approval, kept as it was.
    pub original: Option<serde_json::Value>,
}

/// A checked ApproveGameReward request.
#[derive(Debug)]
pub struct ApproveInput {
    pub game_session_id: i32,
    pub amount: Decimal,
    pub approved_by: String,
}

impl ApproveInput {
    pub fn parse(game_session_id: i32, amount: &str, approved_by: &str) -> AppResult<ApproveInput> {
        let mut v = Violations::new();
        let game_session_id = v.check(ids::id("game_session_id", game_session_id));
        let amount = v.check(approved_amount(amount));
        let approved_by = v.check(game::required_text("approved_by", approved_by, 100));
        v.finish()?;
        // Every check passed (finish returned), so each value is Some.
        Ok(ApproveInput {
            game_session_id: game_session_id.unwrap_or_default(),
            amount: amount.unwrap_or_default(),
            approved_by: approved_by.unwrap_or_default(),
        })
    }
}

/// The amount an admin approves: above 0, whole paise.
fn approved_amount(text: &str) -> Result<Decimal, Violation> {
    match text.trim().parse::<Decimal>() {
        Ok(amount) if amount > Decimal::ZERO && amount.normalize().scale() <= 2 => Ok(amount),
        _ => Err(Violation::new(
            "amount",
            "must be an amount above 0 with at most two decimal places",
        )),
    }
}

/// A completed game another application wrote, and its `rewards_earned`
/// as that application stored it (for the admin to judge).
pub struct AwaitingApproval {
    pub game: GameView,
    pub original: Option<serde_json::Value>,
}

/// Completed games awaiting an admin's approval, oldest first.
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn list_awaiting_approval(
    db: &DatabaseConnection,
    user_id: i32,
    page_size: i32,
    page_token: &str,
) -> AppResult<(Vec<AwaitingApproval>, Option<String>)> {
    let mut v = Violations::new();
    let size = v.check(pagination::page_size(page_size));
    let after = v.check(pagination::decode_id_token(page_token));
    let user_id = v.check(ids::optional_id("user_id", user_id));
    v.finish()?;
    let (size, after, user_id) = (size.unwrap_or_default(), after.flatten(), user_id.flatten());
    let rows = store::awaiting_approval(db, user_id, after, size).await?;
    let (rows, more) = pagination::split_page(rows, size);
    let next = pagination::next_token(&rows, more, |s| s.id);
    let mut games = Vec::with_capacity(rows.len());
    for session in rows {
        let original = session.rewards_earned.clone();
        let game = view::build(db, session).await?;
        games.push(AwaitingApproval { game, original });
    }
    Ok((games, next))
}

/// Pays a game awaiting approval: the amount, capped by what is left of the
/// daily cap on the day it was completed, queued for the wallet.
#[tracing::instrument(skip_all, err(level = "debug"), fields(game_session_id = input.game_session_id))]
pub async fn approve(
    db: &DatabaseConnection,
    settings: &Snapshot,
    clock: &Clock,
    input: ApproveInput,
) -> AppResult<GameView> {
    let now = clock.now();
    let txn = db::begin_write(db).await?;
    let session = store::lock_session(&txn, input.game_session_id)
        .await?
        .ok_or_else(|| AppError::not_found(format!("game session {}", input.game_session_id)))?;
    if !store::awaits_approval(&txn, &session).await? {
        return Err(AppError::precondition(
            Reason::RewardNotForApproval,
            format!(
                "game session {} is not a completed game awaiting approval",
                session.id
            ),
        )
        .with_metadata("game_session_id", session.id));
    }
    // The user's lock, as in every completion: the cap is read and spent once.
    store::lock_user(&txn, session.user_id).await?;
    let day = session.completed_at.unwrap_or(now);
    let earned = price::earned_on_day(&txn, settings, session.user_id, day).await?;
    let amount = economy::capped(input.amount, settings.daily_reward_cap, earned);
    let reward = approved_reward(settings, &session, &input, amount, now);
    let change = Change {
        rewards_earned: Some(
            serde_json::to_value(&reward).map_err(|e| AppError::Internal(e.to_string()))?,
        ),
        updated_at: Some(now),
        ..Change::default()
    };
    let session = store::update_session(&txn, session.id, change).await?;
    crate::rewards::enqueue(&txn, session.id, now).await?;
    txn.commit().await?;
    tracing::info!(game_session_id = session.id, %amount, "approved the reward of a foreign game");
    view::build(db, session).await
}

fn approved_reward(
    settings: &Snapshot,
    session: &Session,
    input: &ApproveInput,
    amount: Decimal,
    now: NaiveDateTime,
) -> Reward {
    Reward {
        amount: view::money(amount),
        currency: settings.reward_currency.clone(),
        loyalty_points: 0,
        correct_answers: session.score,
        questions: 0,
        per_correct: view::money(Decimal::ZERO),
        completion_bonus: view::money(Decimal::ZERO),
        capped: amount < input.amount,
        gold_answered: 0,
        gold_correct: 0,
        unverified_paid: 0,
        unverified_amount: view::money(Decimal::ZERO),
        forfeit: None,
        approval: Some(Approval {
            approved_by: input.approved_by.clone(),
            approved_at: now,
            original: session.rewards_earned.clone(),
        }),
        achievements: None,
    }
}
