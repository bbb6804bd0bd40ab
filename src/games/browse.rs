//! Reading games back: ListGameSessions and GetLeaderboard.
use chrono::NaiveDateTime;
use chrono_tz::Tz;
use sea_orm::DatabaseConnection;

use super::{GameView, store, view};
use crate::{
    clock::{self, Clock},
    domain::{GameType, SessionStatus},
    error::{AppResult, Violation, Violations},
    fields::{game, ids},
    pagination,
    settings::Snapshot,
};

/// A checked ListGameSessions request: its filters and page.
#[derive(Debug, Default)]
pub struct SessionFilter {
    pub user_id: Option<i32>,
    pub status: Option<SessionStatus>,
    pub game_type: Option<GameType>,
    pub size: u64,
    pub before: Option<i64>,
}

impl SessionFilter {
    /// `user_id` 0 and empty strings mean "any".
    pub fn parse(
        user_id: i32,
        status: &str,
        game_type: &str,
        page_size: i32,
        page_token: &str,
    ) -> AppResult<SessionFilter> {
        let mut v = Violations::new();
        let size = v.check(pagination::page_size(page_size));
        let before = v.check(pagination::decode_id_token(page_token));
        let user_id = v.check(ids::optional_id("user_id", user_id));
        let status = v.check(optional_status(status));
        let game_type = v.check(game::optional_game_type("game_type", game_type));
        v.finish()?;
        Ok(SessionFilter {
            user_id: user_id.flatten(),
            status: status.flatten(),
            game_type: game_type.flatten(),
            size: size.unwrap_or_default(),
            before: before.flatten(),
        })
    }
}

fn optional_status(text: &str) -> Result<Option<SessionStatus>, Violation> {
    match text {
        "" => Ok(None),
        text => SessionStatus::parse(text).map(Some).ok_or_else(|| {
            Violation::new("status", "must be active, completed, abandoned or expired")
        }),
    }
}

#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn list_games(
    db: &DatabaseConnection,
    filter: SessionFilter,
) -> AppResult<(Vec<GameView>, Option<String>)> {
    let size = filter.size;
    let rows = store::list_sessions(db, &filter).await?;
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

/// A checked GetLeaderboard request.
#[derive(Clone, Debug)]
pub struct LeaderboardQuery {
    pub period: Period,
    pub game_type: Option<GameType>,
    pub top: usize,
    /// The player whose own rank is wanted too.
    pub caller: Option<i32>,
}

impl LeaderboardQuery {
    /// `top_n` 0 means 10; `user_id` 0 (or below) means no caller.
    pub fn parse(
        period: Period,
        game_type: &str,
        top_n: i32,
        user_id: i32,
    ) -> AppResult<LeaderboardQuery> {
        let mut v = Violations::new();
        let game_type = v.check(game::optional_game_type("game_type", game_type));
        let top = v.check(top_count(top_n));
        v.finish()?;
        Ok(LeaderboardQuery {
            period,
            game_type: game_type.flatten(),
            top: top.unwrap_or_default(),
            caller: (user_id > 0).then_some(user_id),
        })
    }
}

fn top_count(top_n: i32) -> Result<usize, Violation> {
    match top_n {
        0 => Ok(10),
        n @ 1..=100 => Ok(n as usize),
        _ => Err(Violation::new("top_n", "must be from 1 to 100 (0 for 10)")),
    }
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
            _ => crate::convert::count(i).saturating_add(1),
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
        top,
        caller,
    } = query;
    let since = period.start(clock.now(), settings.day_timezone);
    let totals = store::score_totals(db, since, game_type).await?;
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
