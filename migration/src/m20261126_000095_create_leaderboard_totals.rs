//! Leaderboard rollups: `leaderboard_totals` holds, per period (a day or a
//! week in `day_timezone`, or all time), game type (`''` = every type),
//! language (`''` = every language) and player, the sum of their completed
//! games' scores, the games, and their league points (gold answers right,
//! none for a game forfeited as too fast). The service adds to it in the
//! game-completion transaction; this migration fills it from the completed
//! `game_sessions` already there. Ours alone; additive only.
//!
//! `period_start` is the UTC instant the period began (1970-01-01 for all
//! time). The rank index orders a board by score, best first, so the top N
//! and "how many are ahead of me" are index range scans.
use std::collections::HashMap;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, TimeZone};
use chrono_tz::Tz;
use sea_orm_migration::{
    prelude::*,
    sea_orm::{ConnectionTrait, DbBackend, Statement, Value},
};

use crate::sql;

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLE: &str = "CREATE TABLE IF NOT EXISTS leaderboard_totals (
    period_kind VARCHAR(8) NOT NULL,
    period_start {timestamp} NOT NULL,
    game_type VARCHAR(50) NOT NULL,
    language VARCHAR(10) NOT NULL,
    user_id INTEGER NOT NULL,
    score BIGINT NOT NULL DEFAULT 0,
    games BIGINT NOT NULL DEFAULT 0,
    league_points BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (period_kind, period_start, game_type, language, user_id)
)";

const RANK_INDEX: &str = "CREATE INDEX IF NOT EXISTS idx_leaderboard_totals_rank ON \
    leaderboard_totals (period_kind, period_start, game_type, language, score DESC, user_id)";

/// The all-time period's start.
pub const ALL_TIME_START: &str = "1970-01-01 00:00:00";

/// Completed games read per round of the backfill.
const PAGE: i64 = 5000;
/// Totals written per INSERT (8 values each, under every bind limit).
const CHUNK: usize = 500;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        sql::run_all(manager, &[TABLE, RANK_INDEX]).await?;
        backfill(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared("DROP TABLE IF EXISTS leaderboard_totals")
            .await?;
        Ok(())
    }
}

/// One completed game as the backfill reads it.
struct Game {
    user_id: i32,
    game_type: String,
    language: String,
    score: i64,
    completed_at: Option<NaiveDateTime>,
    league_points: i64,
}

type Key = (&'static str, NaiveDateTime, String, String, i32);

/// Adds every completed game to its totals, a page of games at a time (the
/// same rule as `leagues::board::record_completion`).
async fn backfill(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let zone = day_timezone(manager).await?;
    let mut after = 0_i32;
    loop {
        let (games, last) = page(manager, after).await?;
        let Some(last) = last else { break };
        after = last;
        let mut totals: HashMap<Key, (i64, i64, i64)> = HashMap::new();
        for game in &games {
            for key in keys(game, zone) {
                let total = totals.entry(key).or_default();
                total.0 += game.score;
                total.1 += 1;
                total.2 += game.league_points;
            }
        }
        let rows: Vec<(Key, (i64, i64, i64))> = totals.into_iter().collect();
        for chunk in rows.chunks(CHUNK) {
            upsert(manager, chunk).await?;
        }
    }
    Ok(())
}

/// The setting as stored; UTC when missing or unreadable.
async fn day_timezone(manager: &SchemaManager<'_>) -> Result<Tz, DbErr> {
    let backend = manager.get_database_backend();
    let row = manager
        .get_connection()
        .query_one_raw(Statement::from_string(
            backend,
            "SELECT value FROM gamification_settings WHERE key = 'day_timezone'",
        ))
        .await?;
    let text = row.and_then(|r| r.try_get::<Option<String>>("", "value").ok().flatten());
    Ok(text.and_then(|t| t.trim().parse().ok()).unwrap_or(Tz::UTC))
}

/// The next page of completed games after id `after`, and the last id read.
async fn page(manager: &SchemaManager<'_>, after: i32) -> Result<(Vec<Game>, Option<i32>), DbErr> {
    let backend = manager.get_database_backend();
    let rewards = if backend == DbBackend::Postgres {
        "CAST(rewards_earned AS TEXT)"
    } else {
        "rewards_earned"
    };
    let query = format!(
        "SELECT id, user_id, game_type, language, score, completed_at, {rewards} AS rewards \
         FROM game_sessions WHERE status = 'completed' AND id > ? ORDER BY id LIMIT {PAGE}"
    );
    let stmt =
        Statement::from_sql_and_values(backend, sql::render(backend, &query), [Value::from(after)]);
    let rows = manager.get_connection().query_all_raw(stmt).await?;
    let mut last = None;
    let mut games = Vec::with_capacity(rows.len());
    for row in rows {
        last = Some(row.try_get::<i32>("", "id")?);
        let rewards: Option<String> = row.try_get("", "rewards")?;
        games.push(Game {
            user_id: row.try_get("", "user_id")?,
            game_type: row.try_get("", "game_type")?,
            language: row
                .try_get::<Option<String>>("", "language")?
                .unwrap_or_default(),
            score: i64::from(row.try_get::<Option<i32>>("", "score")?.unwrap_or(0)),
            completed_at: row.try_get("", "completed_at")?,
            league_points: league_points(rewards.as_deref()),
        });
    }
    Ok((games, last))
}

/// Gold answers right, none for a game forfeited as too fast.
fn league_points(rewards: Option<&str>) -> i64 {
    let Some(json) = rewards.and_then(|t| serde_json::from_str::<serde_json::Value>(t).ok()) else {
        return 0;
    };
    if json.get("forfeit").and_then(|f| f.as_str()) == Some("too_fast") {
        return 0;
    }
    let correct = json
        .get("gold_correct")
        .and_then(serde_json::Value::as_i64)
        .unwrap_or(0);
    Ord::max(correct, 0)
}

/// Every total a game counts in: all time, and its day and week when it has
/// a completion time; each for its type and every type, its language and
/// every language.
fn keys(game: &Game, zone: Tz) -> Vec<Key> {
    let mut periods = vec![("all", all_time())];
    if let Some(at) = game.completed_at {
        periods.push(("day", start_of_day(at, zone)));
        periods.push(("week", start_of_week(at, zone)));
    }
    let mut types = vec![String::new(), game.game_type.clone()];
    types.dedup();
    let mut languages = vec![String::new(), game.language.clone()];
    languages.dedup();
    let mut keys = Vec::new();
    for (kind, start) in periods {
        for game_type in &types {
            for language in &languages {
                keys.push((
                    kind,
                    start,
                    game_type.clone(),
                    language.clone(),
                    game.user_id,
                ));
            }
        }
    }
    keys
}

fn all_time() -> NaiveDateTime {
    NaiveDateTime::parse_from_str(ALL_TIME_START, "%Y-%m-%d %H:%M:%S").unwrap_or_default()
}

// The same day rules as the service's `clock` module (this crate does not
// depend on the service).
fn start_of_day(now: NaiveDateTime, zone: Tz) -> NaiveDateTime {
    local_midnight(now.and_utc().with_timezone(&zone).date_naive(), zone).unwrap_or(now)
}

fn start_of_week(now: NaiveDateTime, zone: Tz) -> NaiveDateTime {
    let today = now.and_utc().with_timezone(&zone).date_naive();
    let monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
    local_midnight(monday, zone).unwrap_or(now)
}

fn local_midnight(date: NaiveDate, zone: Tz) -> Option<NaiveDateTime> {
    (0..=180).find_map(|minutes| {
        let local = date.and_hms_opt(0, 0, 0)? + Duration::minutes(minutes);
        zone.from_local_datetime(&local)
            .earliest()
            .map(|t| t.naive_utc())
    })
}

async fn upsert(manager: &SchemaManager<'_>, rows: &[(Key, (i64, i64, i64))]) -> Result<(), DbErr> {
    let placeholders = vec!["(?, ?, ?, ?, ?, ?, ?, ?)"; rows.len()].join(", ");
    let template = format!(
        "INSERT INTO leaderboard_totals \
         (period_kind, period_start, game_type, language, user_id, score, games, league_points) \
         VALUES {placeholders} \
         ON CONFLICT (period_kind, period_start, game_type, language, user_id) DO UPDATE SET \
         score = leaderboard_totals.score + excluded.score, \
         games = leaderboard_totals.games + excluded.games, \
         league_points = leaderboard_totals.league_points + excluded.league_points"
    );
    let mut values = Vec::with_capacity(rows.len() * 8);
    for ((kind, start, game_type, language, user_id), (score, games, points)) in rows {
        values.extend([
            Value::from(*kind),
            Value::from(*start),
            Value::from(game_type.as_str()),
            Value::from(language.as_str()),
            Value::from(*user_id),
            Value::from(*score),
            Value::from(*games),
            Value::from(*points),
        ]);
    }
    sql::run_with(manager, &template, values).await
}
