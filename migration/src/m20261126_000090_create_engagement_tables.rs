//! Engagement (issue 15): streaks, per-day tallies, achievements and their
//! per-player progress, and the player-event log. All ours; user ids carry
//! no foreign key (like `label_votes`), so a user deleted by another app
//! does not block it. Written only inside the game-completion transaction
//! (and, for events, by the league job).
//!
//! Settings: `streak_freeze_every_days` (days played that earn one streak
//! freeze; 0 turns freezes off) and `streak_freeze_max` (freezes held at
//! most).
use sea_orm_migration::{prelude::*, sea_orm::DbBackend};

use crate::{
    seed::{self, SeedSetting, s},
    sql,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[rustfmt::skip]
pub const SEEDED_SETTINGS: &[SeedSetting] = &[
    s("gameplay", "streak_freeze_every_days", "7", "number", "Days played (with a completed, non-forfeited game) that earn one streak freeze; a freeze held saves the streak over one missed day. 0 turns freezes off"),
    s("gameplay", "streak_freeze_max", "2", "number", "Streak freezes a player may hold at most"),
];

/// One row per player: the daily streak in `day_timezone` days.
const PLAYER_STREAKS: &str = "CREATE TABLE IF NOT EXISTS player_streaks (
    user_id INTEGER PRIMARY KEY,
    current_days INTEGER NOT NULL DEFAULT 0,
    longest_days INTEGER NOT NULL DEFAULT 0,
    last_day DATE,
    freezes INTEGER NOT NULL DEFAULT 0,
    days_toward_freeze INTEGER NOT NULL DEFAULT 0,
    updated_at {timestamp} NOT NULL
)";

/// What a player's counted games added up to on one day (in `day_timezone`).
const PLAYER_DAY_STATS: &str = "CREATE TABLE IF NOT EXISTS player_day_stats (
    user_id INTEGER NOT NULL,
    day DATE NOT NULL,
    games INTEGER NOT NULL DEFAULT 0,
    gold_correct INTEGER NOT NULL DEFAULT 0,
    perfect_games INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (user_id, day)
)";

const ACHIEVEMENTS: &str = "CREATE TABLE IF NOT EXISTS achievements (
    id {pk},
    key VARCHAR(100) NOT NULL UNIQUE,
    name_en VARCHAR(200) NOT NULL,
    name_hi VARCHAR(200) NOT NULL,
    description_en VARCHAR(500) NOT NULL,
    description_hi VARCHAR(500) NOT NULL,
    rule_kind VARCHAR(30) NOT NULL,
    metric VARCHAR(30),
    target INTEGER NOT NULL,
    window_days INTEGER,
    min_accuracy {ratio},
    language VARCHAR(10),
    reward_points INTEGER NOT NULL DEFAULT 0,
    reward_amount {money},
    enabled BOOLEAN NOT NULL DEFAULT TRUE,
    created_at {timestamp} NOT NULL DEFAULT {now},
    updated_at {timestamp} NOT NULL DEFAULT {now}
)";

/// The unique (user, achievement) pair makes an unlock exactly-once.
const PLAYER_ACHIEVEMENTS: &str = "CREATE TABLE IF NOT EXISTS player_achievements (
    id {pk},
    user_id INTEGER NOT NULL,
    achievement_id INTEGER NOT NULL REFERENCES achievements (id),
    progress INTEGER NOT NULL DEFAULT 0,
    target INTEGER NOT NULL,
    unlocked_at {timestamp},
    game_session_id INTEGER,
    updated_at {timestamp} NOT NULL,
    CONSTRAINT uq_player_achievements_user_achievement UNIQUE (user_id, achievement_id)
)";

/// `{bigpk}` is rendered here: the shared tokens have no 64-bit key.
const PLAYER_EVENTS: &str = "CREATE TABLE IF NOT EXISTS player_events (
    id {bigpk},
    user_id INTEGER NOT NULL,
    kind VARCHAR(30) NOT NULL,
    payload {jsonb} NOT NULL,
    created_at {timestamp} NOT NULL
)";

const EVENTS_INDEX: &str =
    "CREATE INDEX IF NOT EXISTS idx_player_events_user_id ON player_events (user_id, id)";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let bigpk = match manager.get_database_backend() {
            DbBackend::Postgres => "BIGSERIAL PRIMARY KEY",
            _ => "INTEGER PRIMARY KEY AUTOINCREMENT",
        };
        let events = PLAYER_EVENTS.replace("{bigpk}", bigpk);
        sql::run_all(
            manager,
            &[
                PLAYER_STREAKS,
                PLAYER_DAY_STATS,
                ACHIEVEMENTS,
                PLAYER_ACHIEVEMENTS,
                &events,
                EVENTS_INDEX,
            ],
        )
        .await?;
        seed::insert(manager, SEEDED_SETTINGS).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        seed::delete(manager, SEEDED_SETTINGS).await?;
        let db = manager.get_connection();
        for table in [
            "player_events",
            "player_achievements",
            "achievements",
            "player_day_stats",
            "player_streaks",
        ] {
            db.execute_unprepared(&format!("DROP TABLE IF EXISTS {table}"))
                .await?;
        }
        Ok(())
    }
}
