//! Ending a game: completing it with its reward, abandoning it, expiring it.
use chrono::NaiveDateTime;
use rust_decimal::Decimal;
use sea_orm::{ConnectionTrait, DatabaseConnection, DatabaseTransaction};

use super::{
    GameView, Reward, Session,
    economy::{self, Ending},
    price,
    session::Change,
    store, view,
};
use crate::{
    clock::Clock,
    db,
    domain::SessionStatus,
    engagement,
    error::{AppError, AppResult, Reason},
    fields::ids,
    leagues::Seating,
    rewards,
    settings::Snapshot,
};

/// Completes an active game (CompleteGame); a completed one is returned as is.
#[tracing::instrument(skip_all, err(level = "debug"), fields(game_session_id = game_session_id))]
pub async fn complete_game(
    db: &DatabaseConnection,
    settings: &Snapshot,
    clock: &Clock,
    seating: &Seating,
    game_session_id: i32,
) -> AppResult<GameView> {
    let game_session_id = ids::id("game_session_id", game_session_id)?;
    let txn = db::begin_write(db).await?;
    let session = locked(&txn, game_session_id).await?;
    if session.status() == Some(SessionStatus::Completed) {
        txn.commit().await?;
        return view::build(db, session).await;
    }
    let now = clock.now();
    let txn = refuse_unless_open(txn, &session, settings, now).await?;
    // The last answer completes a game by itself: this is an early end.
    let session = finish_in_txn(
        &txn,
        settings,
        session,
        now,
        Ending::Early,
        Change::default(),
    )
    .await?;
    txn.commit().await?;
    after_completion(db, settings, seating);
    view::build(db, session).await
}

/// After a completion committed: this instance's event watchers look at
/// once, and the player gets their league seat if this was their first game
/// of the week (a background pass, see `leagues::seating`).
pub fn after_completion(db: &DatabaseConnection, settings: &Snapshot, seating: &Seating) {
    engagement::events::committed();
    seating.after_completion(db, settings);
}

/// Ends an active game without a reward; an abandoned one is returned as is.
#[tracing::instrument(skip_all, err(level = "debug"), fields(game_session_id = game_session_id))]
pub async fn abandon_game(
    db: &DatabaseConnection,
    clock: &Clock,
    game_session_id: i32,
) -> AppResult<GameView> {
    let game_session_id = ids::id("game_session_id", game_session_id)?;
    let txn = db::begin_write(db).await?;
    let session = locked(&txn, game_session_id).await?;
    match session.status() {
        Some(SessionStatus::Abandoned) => {}
        Some(SessionStatus::Active) => {
            let now = clock.now();
            let change = Change {
                completed_at: Some(now),
                ..Change::ended(SessionStatus::Abandoned, now)
            };
            let session = store::update_session(&txn, session.id, change).await?;
            txn.commit().await?;
            return view::build(db, session).await;
        }
        _ => {
            return Err(AppError::precondition(
                Reason::GameNotActive,
                format!(
                    "game session {game_session_id} is {} and cannot be abandoned",
                    session.status_text()
                ),
            ));
        }
    }
    txn.commit().await?;
    view::build(db, session).await
}

async fn locked(txn: &DatabaseTransaction, id: i32) -> AppResult<Session> {
    store::lock_session(txn, id)
        .await?
        .ok_or_else(|| AppError::not_found(format!("game session {id}")))
}

/// Passes the transaction back when the session accepts play. An active
/// session idle past `session_timeout_minutes` is marked expired (committed)
/// and refused, whether or not the sweep has reached it yet.
pub async fn refuse_unless_open(
    txn: DatabaseTransaction,
    session: &Session,
    settings: &Snapshot,
    now: NaiveDateTime,
) -> AppResult<DatabaseTransaction> {
    if session.status() != Some(SessionStatus::Active) {
        return Err(AppError::precondition(
            Reason::GameNotActive,
            format!("game session {} is {}", session.id, session.status_text()),
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
pub fn is_idle(session: &Session, settings: &Snapshot, now: NaiveDateTime) -> bool {
    let last = session.updated_at.or(session.started_at).unwrap_or(now);
    (now - last).num_minutes() >= settings.session_timeout_minutes
}

/// Marks a (locked) session expired.
pub async fn expire<C: ConnectionTrait>(
    txn: &C,
    session: &Session,
    now: NaiveDateTime,
) -> AppResult<()> {
    let change = Change::ended(SessionStatus::Expired, now);
    store::update_session(txn, session.id, change).await?;
    Ok(())
}

/// Completes a locked, active session inside the caller's transaction:
/// computes the reward by the economy's rules, moves the player's streak
/// and achievements on (an achievement this game unlocks adds its reward
/// to the game's), caps it by what the user earned today, marks the
/// session completed and updates the user's totals. `pending` is what the
/// caller has yet to write to the session (the last answer's progress): it
/// is written with the completion, in the same update.
///
/// A reward above zero is handed to the rewards capability's queue before
/// the transaction ends.
#[tracing::instrument(skip_all, err(level = "debug"), fields(game_session_id = session.id))]
pub async fn finish_in_txn(
    txn: &DatabaseTransaction,
    settings: &Snapshot,
    session: Session,
    now: NaiveDateTime,
    ending: Ending,
    pending: Change,
) -> AppResult<Session> {
    // A league week already over is closed before this player is locked:
    // the close locks the players it tells of their moves, and must never
    // wait on a game that waits on the week.
    crate::leagues::close::close_due_in_txn(txn, settings, now).await?;
    store::lock_user(txn, session.user_id)
        .await?
        .ok_or_else(|| AppError::not_found(format!("user {}", session.user_id)))?;
    let played = price::play_summary(txn, settings, &session, ending).await?;
    let granted =
        engagement::on_game_completed(txn, settings, &played.engagement(&session), now).await?;
    let (reward, amount) = price::price(txn, settings, &session, now, played, granted).await?;
    let started = session.started_at.unwrap_or(now);
    let change = Change {
        status: Some(SessionStatus::Completed),
        completed_at: Some(now),
        completion_time_seconds: Some(
            i32::try_from((now - started).num_seconds().max(0)).unwrap_or(i32::MAX),
        ),
        rewards_earned: Some(
            serde_json::to_value(&reward).map_err(|e| AppError::Internal(e.to_string()))?,
        ),
        reward: Some(rewards::Mark::Payable(amount)),
        updated_at: Some(now),
        ..pending
    };
    let session = store::update_session(txn, session.id, change).await?;
    crate::metrics::game_completed(session.game_type.as_str());
    // total_rewards_earned is left to the rewards capability: it adds the
    // amount when the wallet confirms the credit.
    let achievement_points = reward.achievements.as_ref().map_or(0, |a| a.loyalty_points);
    let points = reward.loyalty_points.saturating_add(achievement_points);
    store::count_completed_game(txn, session.user_id, points, now).await?;
    // The leaderboards and the player's league of the week count the game
    // in this same transaction.
    crate::leagues::record_completion(txn, settings, &completion_of(&session, &reward), now)
        .await?;
    // The reward joins the delivery queue in this same transaction, so a
    // completed game can never lose its payment.
    if amount > Decimal::ZERO {
        rewards::enqueue(txn, session.id, now).await?;
    }
    Ok(session)
}

/// What the rollups and the leagues count of a completed game: its score,
/// and as league points its gold answers right (none when forfeited as too
/// fast), never raw or unverified answers.
fn completion_of(session: &Session, reward: &Reward) -> crate::leagues::Completion {
    let too_fast = reward.forfeit.as_deref() == Some(economy::Forfeit::TooFast.as_str());
    crate::leagues::Completion {
        user_id: session.user_id,
        game_type: session.game_type.as_str().to_string(),
        language: session.language.clone().unwrap_or_default(),
        score: i64::from(session.score),
        league_points: if too_fast {
            0
        } else {
            i64::from(reward.gold_correct.max(0))
        },
    }
}
