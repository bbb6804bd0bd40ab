//! Engagement: daily streaks, achievements, the player-event log and the
//! player profile. Everything is computed when a game completes, inside
//! its transaction ([`on_game_completed`], called by the games room's
//! `finish_in_txn`); reads only read.
//!
//! This room sits between rewards and games: games calls it, it reads the
//! shared tables (users, player_reliability) through its own store and
//! never imports games.
pub mod achievements;
pub mod events;
pub mod grpc;
pub mod profile;
#[cfg(test)]
mod proptests;
mod store;
pub mod streaks;
pub mod watch;
mod wire;

use chrono::NaiveDateTime;
use rust_decimal::Decimal;
use sea_orm::DatabaseTransaction;

use crate::{clock, error::AppResult, settings::Snapshot};
use achievements::rule::Facts;
use events::PlayerEvent;
use streaks::{FreezeRules, StreakChange};

/// A game completed in the caller's transaction, as engagement sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompletedGame<'a> {
    pub game_session_id: i32,
    pub user_id: i32,
    pub language: Option<&'a str>,
    /// Completed and not forfeited: played to its last answer and no
    /// answer too fast (a game with a gold answer missed counts).
    pub counts: bool,
    pub gold_correct: i32,
    /// Every gold answer right, played to the end.
    pub perfect: bool,
}

/// What the game's achievements grant, to be paid with the game's reward.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Granted {
    pub loyalty_points: i32,
    /// Before the daily cap.
    pub amount: Decimal,
    pub keys: Vec<String>,
}

/// The freeze settings.
pub fn freeze_rules(settings: &Snapshot) -> FreezeRules {
    FreezeRules {
        every_days: settings.streak_freeze_every_days,
        max_held: settings.streak_freeze_max,
    }
}

/// Moves the player's streak, day tally and achievements on, and records
/// the events, in the completion transaction, which holds the player's row
/// lock already. A game that does not count changes nothing.
#[tracing::instrument(skip_all, err(level = "debug"), fields(game_session_id = game.game_session_id))]
pub async fn on_game_completed(
    txn: &DatabaseTransaction,
    settings: &Snapshot,
    game: &CompletedGame<'_>,
    now: NaiveDateTime,
) -> AppResult<Granted> {
    if !game.counts {
        return Ok(Granted::default());
    }
    let user_id = game.user_id;
    let today = clock::day_of(now, settings.day_timezone);
    let streak = store::streak(txn, user_id).await?.unwrap_or_default();
    let (streak, change) = streaks::play(streak, today, freeze_rules(settings));
    store::save_streak(txn, user_id, streak, now).await?;
    let event = match change {
        StreakChange::SameDay => None,
        StreakChange::Extended { days, freezes_used } => {
            Some(PlayerEvent::StreakExtended { days, freezes_used })
        }
        StreakChange::Restarted { lost } => Some(PlayerEvent::StreakLost { days: lost }),
    };
    if let Some(event) = event {
        events::record_for_locked_player(txn, user_id, event, now).await?;
    }
    store::add_to_day(txn, user_id, today, game.gold_correct, game.perfect).await?;
    let (gold_answered, gold_correct) = store::gold(txn, user_id).await?;
    let facts = Facts {
        today,
        days: store::days(txn, user_id).await?,
        perfect: game.perfect,
        language: game.language.map(str::to_string),
        streak_days: streak.current,
        gold_answered,
        gold_correct,
    };
    let unlocked =
        achievements::unlock::advance(txn, user_id, game.game_session_id, &facts, now).await?;
    Ok(Granted {
        loyalty_points: unlocked
            .iter()
            .map(|a| a.reward_points)
            .fold(0, i32::saturating_add),
        amount: unlocked.iter().filter_map(|a| a.reward_amount).sum(),
        keys: unlocked.into_iter().map(|a| a.key).collect(),
    })
}
