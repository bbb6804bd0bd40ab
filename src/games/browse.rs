//! Reading games back: ListGameSessions and GetLeaderboard.
use chrono::NaiveDateTime;
use chrono_tz::Tz;
use sea_orm::DatabaseConnection;

use super::{GameType, GameView, status, store, view};
use crate::{
    clock::{self, Clock},
    error::{AppResult, Violations},
    pagination,
    settings::Snapshot,
};

/// Filters of ListGameSessions.
#[derive(Debug, Default)]
pub struct SessionFilter {
    pub user_id: Option<i32>,
    pub status: Option<String>,
    pub game_type: Option<String>,
}

const STATUSES: [&str; 4] = [
    status::ACTIVE,
    status::COMPLETED,
    status::ABANDONED,
    status::EXPIRED,
];

#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn list_games(
    db: &DatabaseConnection,
    filter: SessionFilter,
    page_size: i32,
    page_token: &str,
) -> AppResult<(Vec<GameView>, Option<String>)> {
    let mut v = Violations::new();
    let size = v.check(pagination::page_size(page_size));
    let before = v.check(pagination::decode_id_token(page_token));
    if filter.user_id.is_some_and(|id| id < 0) {
        v.add("user_id", "must be a positive id, or 0 for all");
    }
    if filter
        .status
        .as_deref()
        .is_some_and(|s| !STATUSES.contains(&s))
    {
        v.add("status", "must be active, completed, abandoned or expired");
    }
    if filter
        .game_type
        .as_deref()
        .is_some_and(|t| GameType::parse(t).is_none())
    {
        v.add("game_type", "is not a game type");
    }
    v.finish()?;
    let (size, before) = (size.unwrap_or_default(), before.flatten());
    let rows = store::list_sessions(db, &filter, before, size).await?;
    let (rows, more) = pagination::split_page(rows, size);
    let next = pagination::next_token(&rows, more, |s| s.id);
    let mut games = Vec::with_capacity(rows.len());
    for session in rows {
        games.push(view::build(db, session).await?);
    }
    Ok((games, next))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    Today,
    Week,
    AllTime,
}

impl Period {
    /// Where the period began, in `zone`'s days (weeks start on Monday).
    fn start(self, now: NaiveDateTime, zone: Tz) -> Option<NaiveDateTime> {
        match self {
            Period::Today => Some(clock::start_of_day(now, zone)),
            Period::Week => Some(clock::start_of_week(now, zone)),
            Period::AllTime => None,
        }
    }
}

/// A GetLeaderboard request.
#[derive(Clone, Debug)]
pub struct LeaderboardQuery {
    pub period: Period,
    pub game_type: Option<String>,
    pub top_n: i32,
    /// The player whose own rank is wanted too.
    pub caller: Option<i32>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LeaderboardEntry {
    pub rank: i32,
    pub user_id: i32,
    pub display_name: String,
    pub score: i64,
    pub games_played: i64,
}

pub struct Leaderboard {
    pub entries: Vec<LeaderboardEntry>,
    pub caller: Option<LeaderboardEntry>,
}

/// Orders (user, score, games) by score, best first, ties by user id;
/// equal scores share a rank (1, 2, 2, 4).
fn rank(mut totals: Vec<(i32, i64, i64)>) -> Vec<LeaderboardEntry> {
    totals.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut ranked: Vec<LeaderboardEntry> = Vec::with_capacity(totals.len());
    for (i, (user_id, score, games_played)) in totals.into_iter().enumerate() {
        let rank = match ranked.last() {
            Some(last) if last.score == score => last.rank,
            _ => i as i32 + 1,
        };
        let display_name = String::new();
        ranked.push(LeaderboardEntry {
            rank,
            user_id,
            display_name,
            score,
            games_played,
        });
    }
    ranked
}

/// Players ranked by the total score of their completed games in the
/// period; equal scores share a rank (1, 2, 2, 4).
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn leaderboard(
    db: &DatabaseConnection,
    settings: &Snapshot,
    clock: &Clock,
    query: LeaderboardQuery,
) -> AppResult<Leaderboard> {
    let LeaderboardQuery {
        period,
        game_type,
        top_n,
        caller,
    } = query;
    let mut v = Violations::new();
    if game_type
        .as_deref()
        .is_some_and(|t| GameType::parse(t).is_none())
    {
        v.add("game_type", "is not a game type");
    }
    if !(0..=100).contains(&top_n) {
        v.add("top_n", "must be from 1 to 100 (0 for 10)");
    }
    v.finish()?;
    let top = if top_n == 0 { 10 } else { top_n as usize };
    let since = period.start(clock.now(), settings.day_timezone);
    let totals = store::score_totals(db, since, game_type.as_deref()).await?;
    let mut ranked = rank(totals);
    let caller = caller.and_then(|id| ranked.iter().find(|e| e.user_id == id).cloned());
    ranked.truncate(top);
    let mut ids: Vec<i32> = ranked.iter().map(|e| e.user_id).collect();
    ids.extend(caller.as_ref().map(|c| c.user_id));
    let names = store::first_names(db, ids).await?;
    let name = |mut e: LeaderboardEntry| {
        e.display_name = names.get(&e.user_id).cloned().unwrap_or_default();
        e
    };
    Ok(Leaderboard {
        entries: ranked.into_iter().map(name).collect(),
        caller: caller.map(name),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_scores_share_a_rank_and_the_next_rank_skips() {
        let ranked = rank(vec![(3, 5, 1), (1, 9, 2), (2, 5, 1), (4, 1, 1)]);
        let view: Vec<(i32, i32)> = ranked.iter().map(|e| (e.rank, e.user_id)).collect();
        assert_eq!(view, vec![(1, 1), (2, 2), (2, 3), (4, 4)]);
    }
}
