//! The leaderboard rollups: each completed game is added to its player's
//! totals (day and week in `day_timezone`, and all time; for its game type
//! and every type, its language and every language) in the completion's
//! transaction.
use chrono::NaiveDateTime;
use sea_orm::ConnectionTrait;

use super::{Completion, store};
use crate::{clock, error::AppResult, settings::Snapshot};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    Today,
    Week,
    AllTime,
}

impl Period {
    /// The stored period kind.
    pub fn kind(self) -> &'static str {
        match self {
            Period::Today => "day",
            Period::Week => "week",
            Period::AllTime => "all",
        }
    }

    /// Where the period of `now` began, in `zone`'s days (weeks start on
    /// Monday); all time begins at the epoch.
    pub fn start(self, now: NaiveDateTime, zone: chrono_tz::Tz) -> NaiveDateTime {
        match self {
            Period::Today => clock::start_of_day(now, zone),
            Period::Week => clock::start_of_week(now, zone),
            Period::AllTime => all_time(),
        }
    }
}

fn all_time() -> NaiveDateTime {
    NaiveDateTime::parse_from_str(migration::ALL_TIME_START, "%Y-%m-%d %H:%M:%S")
        .unwrap_or_default()
}

/// One board: a period, a game type and a language (`""` = all).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct BoardKey {
    pub kind: &'static str,
    pub start: NaiveDateTime,
    pub game_type: String,
    pub language: String,
}

/// Every board a completed game counts in.
pub fn boards_of(
    completion: &Completion,
    now: NaiveDateTime,
    zone: chrono_tz::Tz,
) -> Vec<BoardKey> {
    let mut types = vec![String::new(), completion.game_type.clone()];
    types.dedup();
    let mut languages = vec![String::new(), completion.language.clone()];
    languages.dedup();
    let mut keys = Vec::with_capacity(12);
    for period in [Period::Today, Period::Week, Period::AllTime] {
        for game_type in &types {
            for language in &languages {
                keys.push(BoardKey {
                    kind: period.kind(),
                    start: period.start(now, zone),
                    game_type: game_type.clone(),
                    language: language.clone(),
                });
            }
        }
    }
    keys
}

/// Adds a completed game to its player's totals (in the completion's
/// transaction).
pub async fn record<C: ConnectionTrait>(
    txn: &C,
    settings: &Snapshot,
    completion: &Completion,
    now: NaiveDateTime,
) -> AppResult<()> {
    let keys = boards_of(completion, now, settings.day_timezone);
    store::board::add(txn, &keys, completion).await
}
