//! Moving a player's achievements on when a counted game completes, inside
//! the completion transaction. An unlock is written by one guarded
//! statement (a new row, or `unlocked_at IS NULL` on the existing one), so
//! however many completions race, each achievement unlocks once, its event
//! is recorded once and its reward rides on exactly one game.
use chrono::NaiveDateTime;
use sea_orm::ConnectionTrait;

use super::{
    Achievement,
    rule::{self, Facts},
};
use crate::{
    engagement::{
        events::{self, PlayerEvent},
        store::{self, achievements::ProgressWrite},
    },
    error::AppResult,
};

/// Evaluates every enabled achievement the player has not unlocked yet
/// against `facts` and returns those this game unlocked.
pub async fn advance<C: ConnectionTrait>(
    txn: &C,
    user_id: i32,
    game_session_id: i32,
    facts: &Facts,
    now: NaiveDateTime,
) -> AppResult<Vec<Achievement>> {
    let all = store::achievements::all(txn).await?;
    let mine = store::achievements::progress_of(txn, user_id).await?;
    let mut writes = Vec::new();
    let mut candidates = Vec::new();
    for achievement in all.into_iter().filter(|a| a.enabled) {
        let before = mine.get(&achievement.id);
        if before.is_some_and(|p| p.unlocked_at.is_some()) {
            continue;
        }
        let previous = before.map_or(0, |p| p.progress);
        let (progress, met) = rule::evaluate(&achievement.rule, previous, facts);
        let target = achievement.rule.target();
        let unchanged = before.map_or(progress == 0, |p| {
            p.progress == progress && p.target == target
        });
        if unchanged && !met {
            continue;
        }
        writes.push(ProgressWrite {
            user_id,
            achievement_id: achievement.id,
            progress,
            target,
            unlock: met.then_some(game_session_id),
            now,
        });
        if met {
            candidates.push(achievement);
        }
    }
    // Every change in one statement; it says which unlocks were this game's.
    let newly_unlocked = store::achievements::save_progress(txn, writes).await?;
    let mut unlocked = Vec::new();
    for achievement in candidates {
        if !newly_unlocked.contains(&achievement.id) {
            continue;
        }
        let event = PlayerEvent::AchievementUnlocked {
            key: achievement.key.clone(),
            name_en: achievement.name.en.clone(),
            name_hi: achievement.name.hi.clone(),
            reward_points: achievement.reward_points,
            reward_amount: achievement.reward_amount,
        };
        events::record_for_locked_player(txn, user_id, event, now).await?;
        unlocked.push(achievement);
    }
    Ok(unlocked)
}
