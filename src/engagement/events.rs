//! Player events: what the chat tells a player (achievement unlocked,
//! streak extended or lost, promoted, demoted). Each is written by
//! [`record`] in the same transaction as what caused it, so an event exists
//! exactly when its cause was committed; WatchPlayerEvents reads them by id.
use std::sync::LazyLock;

use chrono::NaiveDateTime;
use rust_decimal::Decimal;
use sea_orm::ConnectionTrait;
use serde::{Deserialize, Serialize};
use tokio::sync::{Notify, futures::Notified};

use super::store;
use crate::error::{AppError, AppResult};

/// What happened to a player. The payload stored is this value (tagged by
/// `kind`) plus its English and Hindi texts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PlayerEvent {
    AchievementUnlocked {
        key: String,
        name_en: String,
        name_hi: String,
        reward_points: i32,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reward_amount: Option<Decimal>,
    },
    StreakExtended {
        days: i32,
        freezes_used: i32,
    },
    StreakLost {
        days: i32,
    },
    /// Written by the weekly league job.
    Promoted {
        tier_from: String,
        tier_to: String,
    },
    /// Written by the weekly league job.
    Demoted {
        tier_from: String,
        tier_to: String,
    },
}

impl PlayerEvent {
    /// The `player_events.kind` column.
    pub fn kind(&self) -> &'static str {
        match self {
            PlayerEvent::AchievementUnlocked { .. } => "achievement_unlocked",
            PlayerEvent::StreakExtended { .. } => "streak_extended",
            PlayerEvent::StreakLost { .. } => "streak_lost",
            PlayerEvent::Promoted { .. } => "promoted",
            PlayerEvent::Demoted { .. } => "demoted",
        }
    }

    /// What to tell the player, in English and in Hindi.
    pub fn texts(&self) -> (String, String) {
        match self {
            PlayerEvent::AchievementUnlocked {
                name_en,
                name_hi,
                reward_points,
                ..
            } => {
                let (en, hi) = if *reward_points > 0 {
                    (
                        format!(" +{reward_points} points"),
                        format!(" +{reward_points} अंक"),
                    )
                } else {
                    (String::new(), String::new())
                };
                (
                    format!("Achievement unlocked: {name_en}!{en}"),
                    format!("उपलब्धि मिली: {name_hi}!{hi}"),
                )
            }
            PlayerEvent::StreakExtended {
                days,
                freezes_used: 0,
            } => (
                format!("{days}-day streak! Play tomorrow to keep it going."),
                format!("{days} दिन की लय! इसे बनाए रखने के लिए कल भी खेलें।"),
            ),
            PlayerEvent::StreakExtended { days, .. } => (
                format!("A streak freeze saved your streak: {days} days!"),
                format!("स्ट्रीक फ़्रीज़ ने आपकी लय बचा ली: {days} दिन!"),
            ),
            PlayerEvent::StreakLost { days } => (
                format!("Your {days}-day streak ended. A new one starts today!"),
                format!("आपकी {days} दिन की लय टूट गई। आज से नई शुरुआत!"),
            ),
            PlayerEvent::Promoted { tier_from, tier_to } => (
                format!("Promoted from {tier_from} to {tier_to}!"),
                format!("{tier_from} से {tier_to} में पदोन्नति!"),
            ),
            PlayerEvent::Demoted { tier_from, tier_to } => (
                format!("Moved down from {tier_from} to {tier_to}. Win it back this week!"),
                format!("{tier_from} से {tier_to} में वापसी। इस सप्ताह फिर से ऊपर जाएँ!"),
            ),
        }
    }
}

/// A stored event as a watcher reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredEvent {
    pub id: i64,
    pub user_id: i32,
    /// None when the payload cannot be read (written in another shape).
    pub event: Option<PlayerEvent>,
    pub text_en: String,
    pub text_hi: String,
    pub created_at: NaiveDateTime,
}

/// The payload column: the event and its texts.
#[derive(Serialize, Deserialize)]
pub(super) struct Payload {
    #[serde(flatten)]
    pub event: PlayerEvent,
    pub text_en: String,
    pub text_hi: String,
}

/// Records `event` for `user_id` inside the caller's transaction and
/// returns its id. The user's row is locked first, so one player's events
/// get ids in commit order: a watcher that has seen id n never misses a
/// later-committed event with a smaller id.
pub async fn record<C: ConnectionTrait>(
    txn: &C,
    user_id: i32,
    event: PlayerEvent,
    now: NaiveDateTime,
) -> AppResult<i64> {
    store::lock_user(txn, user_id).await?;
    record_for_locked_player(txn, user_id, event, now).await
}

/// [`record`] in a transaction that holds the player's row lock already
/// (a game's completion locks its player before anything else).
pub async fn record_for_locked_player<C: ConnectionTrait>(
    txn: &C,
    user_id: i32,
    event: PlayerEvent,
    now: NaiveDateTime,
) -> AppResult<i64> {
    let kind = event.kind();
    let (text_en, text_hi) = event.texts();
    let payload = serde_json::to_value(Payload {
        event,
        text_en,
        text_hi,
    })
    .map_err(|e| AppError::Internal(e.to_string()))?;
    store::insert_event(txn, user_id, kind, payload, now).await
}

/// Wakes this instance's watchers. Per process: watchers also poll, for
/// events other instances commit.
static COMMITTED: LazyLock<Notify> = LazyLock::new(Notify::new);

/// Called after a commit that may have recorded events (a game's
/// completion): this instance's watchers look at once instead of at their
/// next poll.
pub fn committed() {
    COMMITTED.notify_waiters();
}

/// Resolves at the next [`committed`] after it was enabled.
pub(super) fn next_commit() -> Notified<'static> {
    COMMITTED.notified()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_payload_reads_back_as_the_event_with_both_texts() {
        let event = PlayerEvent::AchievementUnlocked {
            key: "streak_7".into(),
            name_en: "Week-long streak".into(),
            name_hi: "सात दिन की लय".into(),
            reward_points: 100,
            reward_amount: Some(Decimal::new(500, 2)),
        };
        let (text_en, text_hi) = event.texts();
        let json = serde_json::to_value(Payload {
            event: event.clone(),
            text_en,
            text_hi,
        })
        .unwrap_or_default();
        assert_eq!(json["kind"], "achievement_unlocked");
        assert_eq!(json["text_hi"], "उपलब्धि मिली: सात दिन की लय! +100 अंक");
        let back: Payload = serde_json::from_value(json).expect("readable");
        assert_eq!(back.event, event);
    }

    #[test]
    fn a_saved_streak_says_so() {
        let (en, _) = PlayerEvent::StreakExtended {
            days: 4,
            freezes_used: 1,
        }
        .texts();
        assert!(en.contains("freeze"), "{en}");
    }
}
