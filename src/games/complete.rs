//! Ending a game: completing it with its reward, abandoning it, expiring it.
use chrono::{NaiveDateTime, Utc};
use rust_decimal::Decimal;
use sea_orm::{ActiveValue::Set, DatabaseConnection, DatabaseTransaction, IntoActiveModel};

use super::{GameView, Plan, Reward, require_session_id, start::start_of_day, status, store, view};
use crate::{
    db,
    entity::game_sessions,
    error::{AppError, AppResult, Reason},
    settings::Snapshot,
};

/// Completes an active game (CompleteGame); a completed one is returned as is.
#[tracing::instrument(skip_all, err(level = "debug"), fields(game_session_id = game_session_id))]
pub async fn complete_game(
    db: &DatabaseConnection,
    settings: &Snapshot,
    game_session_id: i32,
) -> AppResult<GameView> {
    require_session_id(game_session_id)?;
    let txn = db::begin_write(db).await?;
    let session = locked(&txn, game_session_id).await?;
    if session.status.as_deref() == Some(status::COMPLETED) {
        txn.commit().await?;
        return view::build(db, session).await;
    }
    let now = Utc::now().naive_utc();
    let txn = refuse_unless_open(txn, &session, settings, now).await?;
    let session = finish_in_txn(&txn, settings, session, now).await?;
    txn.commit().await?;
    view::build(db, session).await
}

/// Ends an active game without a reward; an abandoned one is returned as is.
#[tracing::instrument(skip_all, err(level = "debug"), fields(game_session_id = game_session_id))]
pub async fn abandon_game(db: &DatabaseConnection, game_session_id: i32) -> AppResult<GameView> {
    require_session_id(game_session_id)?;
    let txn = db::begin_write(db).await?;
    let session = locked(&txn, game_session_id).await?;
    match session.status.as_deref() {
        Some(status::ABANDONED) => {}
        Some(status::ACTIVE) => {
            let now = Utc::now().naive_utc();
            let mut model = session.into_active_model();
            model.status = Set(Some(status::ABANDONED.into()));
            model.completed_at = Set(Some(now));
            model.updated_at = Set(Some(now));
            model.reward_status = Set(None);
            let session = store::save_session(&txn, model).await?;
            txn.commit().await?;
            return view::build(db, session).await;
        }
        other => {
            return Err(AppError::precondition(
                Reason::GameNotActive,
                format!(
                    "game session {game_session_id} is {} and cannot be abandoned",
                    other.unwrap_or("unknown")
                ),
            ));
        }
    }
    txn.commit().await?;
    view::build(db, session).await
}

async fn locked(txn: &DatabaseTransaction, id: i32) -> AppResult<game_sessions::Model> {
    store::lock_session(txn, id)
        .await?
        .ok_or_else(|| AppError::not_found(format!("game session {id}")))
}

/// Passes the transaction back when the session accepts play. An active
/// session idle past `session_timeout_minutes` is marked expired (committed)
/// and refused, whether or not the sweep has reached it yet.
pub async fn refuse_unless_open(
    txn: DatabaseTransaction,
    session: &game_sessions::Model,
    settings: &Snapshot,
    now: NaiveDateTime,
) -> AppResult<DatabaseTransaction> {
    let current = session.status.as_deref().unwrap_or("unknown");
    if current != status::ACTIVE {
        return Err(AppError::precondition(
            Reason::GameNotActive,
            format!("game session {} is {current}", session.id),
        ));
    }
    if !is_idle(session, settings, now) {
        return Ok(txn);
    }
    expire(&txn, session, now).await?;
    txn.commit().await?;
    Err(AppError::precondition(
        Reason::GameExpired,
        format!(
            "game session {} expired after {} idle minutes",
            session.id, settings.session_timeout_minutes
        ),
    ))
}

/// Whether an active session was left alone past `session_timeout_minutes`.
pub fn is_idle(session: &game_sessions::Model, settings: &Snapshot, now: NaiveDateTime) -> bool {
    let last = session.updated_at.or(session.started_at).unwrap_or(now);
    (now - last).num_minutes() >= settings.session_timeout_minutes
}

/// Marks a (locked) session expired.
pub async fn expire(
    txn: &DatabaseTransaction,
    session: &game_sessions::Model,
    now: NaiveDateTime,
) -> AppResult<()> {
    let mut model = session.clone().into_active_model();
    model.status = Set(Some(status::EXPIRED.into()));
    model.updated_at = Set(Some(now));
    model.reward_status = Set(None);
    store::save_session(txn, model).await?;
    Ok(())
}

/// Completes a locked, active session inside the caller's transaction:
/// computes the reward (capped by what the user earned today), marks the
/// session completed and updates the user's totals.
///
/// A reward above zero is handed to the rewards capability's queue before
/// the transaction ends.
#[tracing::instrument(skip_all, err(level = "debug"), fields(game_session_id = session.id))]
pub async fn finish_in_txn(
    txn: &DatabaseTransaction,
    settings: &Snapshot,
    session: game_sessions::Model,
    now: NaiveDateTime,
) -> AppResult<game_sessions::Model> {
    let user = store::lock_user(txn, session.user_id)
        .await?
        .ok_or_else(|| AppError::not_found(format!("user {}", session.user_id)))?;
    let reward = compute_reward(txn, settings, &session, now).await?;
    let amount = reward.amount();
    let started = session.started_at.unwrap_or(now);
    let mut model = session.into_active_model();
    model.status = Set(Some(status::COMPLETED.into()));
    model.completed_at = Set(Some(now));
    model.completion_time_seconds = Set(Some((now - started).num_seconds().max(0) as i32));
    model.rewards_earned = Set(Some(
        serde_json::to_value(&reward).map_err(|e| AppError::Internal(e.to_string()))?,
    ));
    model.reward_status = Set((amount > Decimal::ZERO).then(|| "pending".to_string()));
    model.updated_at = Set(Some(now));
    let session = store::save_session(txn, model).await?;
    crate::metrics::game_completed(&session.game_type);
    // total_rewards_earned is left to the rewards capability: it adds the
    // amount when the wallet confirms the credit.
    let points = user.loyalty_points.saturating_add(reward.loyalty_points);
    let games = user.total_games_played.saturating_add(1);
    let mut user = user.into_active_model();
    user.total_games_played = Set(games);
    user.loyalty_points = Set(points);
    user.last_active_at = Set(Some(now));
    user.updated_at = Set(now);
    store::save_user(txn, user).await?;
    // The reward joins the delivery queue in this same transaction, so a
    // completed game can never lose its payment.
    if amount > Decimal::ZERO {
        crate::rewards::enqueue(txn, session.id).await?;
    }
    Ok(session)
}

/// Per-correct rewards (the question's own amount, else its difficulty's),
/// the completion bonus when every question was answered, and the cap.
async fn compute_reward(
    txn: &DatabaseTransaction,
    settings: &Snapshot,
    session: &game_sessions::Model,
    now: NaiveDateTime,
) -> AppResult<Reward> {
    let plan = Plan::from_json(session.mission_data.as_ref())?;
    let answers = store::answers(txn, session.id).await?;
    let scoring: Vec<i32> = answers
        .iter()
        .filter(|a| a.is_correct && !a.suspicious)
        .map(|a| a.question_id)
        .collect();
    let questions = store::questions(txn, scoring.clone()).await?;
    let difficulty = session
        .difficulty
        .clone()
        .unwrap_or_else(|| "medium".into());
    let per_correct = settings.reward_per_correct(&difficulty);
    // Personalised templates pay the game's difficulty like the rest.
    let earned: Decimal = questions
        .iter()
        .map(|q| q.reward_amount.map_or(per_correct, |a| a.0))
        .sum();
    let all_answered = answers.len() == plan.questions.len();
    let bonus = if all_answered {
        settings.completion_bonus
    } else {
        Decimal::ZERO
    };
    let gross = earned + bonus;
    let paid = paid_today(txn, session.user_id, now).await?;
    let amount = gross.min((settings.daily_reward_cap - paid).max(Decimal::ZERO));
    let correct = scoring.len() as i32;
    Ok(Reward {
        amount: view::money(amount),
        currency: settings.reward_currency.clone(),
        loyalty_points: correct.saturating_mul(settings.loyalty_points_per_correct),
        correct_answers: correct,
        questions: plan.questions.len() as i32,
        per_correct: view::money(per_correct),
        completion_bonus: view::money(bonus),
        capped: amount < gross,
    })
}

/// What the user's games completed today were granted. Summed in Rust: on
/// SQLite the JSON (and its amounts) are text.
async fn paid_today(
    txn: &DatabaseTransaction,
    user_id: i32,
    now: NaiveDateTime,
) -> AppResult<Decimal> {
    let today = store::rewards_since(txn, user_id, start_of_day(now)).await?;
    Ok(today
        .iter()
        .filter_map(|json| Reward::from_json(json.as_ref()))
        .map(|r| r.amount())
        .sum())
}
