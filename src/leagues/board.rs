//! Leaderboards from the rollups ([`super::rollup`]): a board is read,
//! never summed, per call.
//!
//! Ranking: by total score, best first; equal scores share a rank and the
//! next rank skips (1, 2, 2, 4). A player's rank is 1 + the players strictly
//! ahead, summed from the rank buckets ([`super::ranks`]).
use std::collections::HashMap;

use sea_orm::DatabaseConnection;

pub use super::rollup::{BoardKey, Period};
use super::store;
use crate::{
    clock::Clock,
    domain::GameType,
    error::{AppResult, Violation, Violations},
    fields::game,
    settings::Snapshot,
};

/// A checked GetLeaderboard request.
#[derive(Clone, Debug)]
pub struct LeaderboardQuery {
    pub period: Period,
    pub game_type: Option<GameType>,
    pub language: Option<String>,
    pub top: u64,
    /// The player whose own rank is wanted too.
    pub caller: Option<i32>,
    /// Players shown above and below the caller.
    pub around: u64,
}

impl LeaderboardQuery {
    /// `top_n` 0 means 10; `user_id` 0 (or below) means no caller; `around`
    /// 0 means no neighbours.
    pub fn parse(
        period: Period,
        game_type: &str,
        language: &str,
        top_n: i32,
        user_id: i32,
        around: i32,
    ) -> AppResult<LeaderboardQuery> {
        let mut v = Violations::new();
        let game_type = v.check(game::optional_game_type("game_type", game_type));
        let language = v.check(game::language("language", language));
        let top = v.check(top_count(top_n));
        let around = v.check(around_count(around, user_id));
        v.finish()?;
        Ok(LeaderboardQuery {
            period,
            game_type: game_type.flatten(),
            language: language.flatten(),
            top: top.unwrap_or_default(),
            caller: (user_id > 0).then_some(user_id),
            around: around.unwrap_or_default(),
        })
    }
}

fn top_count(top_n: i32) -> Result<u64, Violation> {
    match top_n {
        0 => Ok(10),
        n @ 1..=100 => Ok(n.unsigned_abs().into()),
        _ => Err(Violation::new("top_n", "must be from 1 to 100 (0 for 10)")),
    }
}

fn around_count(around: i32, user_id: i32) -> Result<u64, Violation> {
    match around {
        0 => Ok(0),
        _ if user_id <= 0 => Err(Violation::new("around", "needs a user_id")),
        n @ 1..=50 => Ok(n.unsigned_abs().into()),
        _ => Err(Violation::new("around", "must be from 0 to 50")),
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

#[derive(Debug, Default)]
pub struct Leaderboard {
    pub entries: Vec<LeaderboardEntry>,
    pub caller: Option<LeaderboardEntry>,
    /// The caller's neighbours and the caller, best first (with `around`).
    pub around: Vec<LeaderboardEntry>,
}

/// A player's totals on a board: (user, score, games).
pub type Total = (i32, i64, i64);

/// Ranks a run of consecutive totals (best first) whose first has rank
/// `first_rank` and sits at 1-based position `first_position`: equal scores
/// share a rank, and a new score's rank is its position (1, 2, 2, 4).
pub fn rank_run(totals: &[Total], first_rank: u64, first_position: u64) -> Vec<LeaderboardEntry> {
    let mut ranked: Vec<LeaderboardEntry> = Vec::with_capacity(totals.len());
    for (i, &(user_id, score, games_played)) in totals.iter().enumerate() {
        let rank = match ranked.last() {
            None => first_rank,
            Some(last) if last.score == score => u64::try_from(last.rank).unwrap_or(0),
            Some(_) => first_position + u64::try_from(i).unwrap_or(0),
        };
        ranked.push(LeaderboardEntry {
            rank: i32::try_from(rank).unwrap_or(i32::MAX),
            user_id,
            display_name: String::new(),
            score,
            games_played,
        });
    }
    ranked
}

/// The board of the query's period, type and language as of now.
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
        language,
        top,
        caller,
        around,
    } = query;
    let key = BoardKey {
        kind: period.kind(),
        start: period.start(clock.now(), settings.day_timezone),
        game_type: game_type
            .map(|t| t.as_str().to_string())
            .unwrap_or_default(),
        language: language.unwrap_or_default(),
    };
    // Independent reads run at once, each on a pooled connection.
    let mine = async {
        match caller {
            Some(user_id) => store::board::total_of(db, &key, user_id).await,
            None => Ok(None),
        }
    };
    let (top_totals, mine) = tokio::try_join!(store::board::top(db, &key, top), mine)?;
    let mut board = Leaderboard {
        entries: rank_run(&top_totals, 1, 1),
        ..Leaderboard::default()
    };
    if let Some(me) = mine {
        let run = neighbours(db, &key, me, around).await?;
        board.caller = run.iter().find(|e| e.user_id == me.0).cloned();
        if around > 0 {
            board.around = run;
        }
    }
    name(db, &mut board).await?;
    Ok(board)
}

/// The caller with `k` players above and below, ranked. The window is a
/// stretch of the board in order, so only its first score's players may
/// reach above it: that score's rank is counted, and so is the next one's;
/// every later score's group lies wholly inside the window, and its rank
/// is the one before plus that group's size (1, 2, 2, 4).
async fn neighbours(
    db: &DatabaseConnection,
    key: &BoardKey,
    me: Total,
    k: u64,
) -> AppResult<Vec<LeaderboardEntry>> {
    let (above, below) = tokio::try_join!(
        store::board::above(db, key, me, k),
        store::board::below(db, key, me, k),
    )?;
    let mut run = above;
    run.reverse();
    run.push(me);
    run.extend(below);
    // (score, players of it in the window), best first.
    let mut groups: Vec<(i64, u64)> = Vec::new();
    for &(_, score, _) in &run {
        match groups.last_mut() {
            Some((last, n)) if *last == score => *n += 1,
            _ => groups.push((score, 1)),
        }
    }
    let second = async {
        match groups.get(1) {
            Some(&(score, _)) => store::ranks::count_above(db, key, score).await.map(Some),
            None => Ok(None),
        }
    };
    let (first_ahead, second_ahead) =
        tokio::try_join!(store::ranks::count_above(db, key, groups[0].0), second)?;
    let mut rank_of: HashMap<i64, u64> = HashMap::from([(groups[0].0, first_ahead + 1)]);
    if let Some(ahead) = second_ahead {
        let mut rank = ahead + 1;
        for &(score, players) in &groups[1..] {
            rank_of.insert(score, rank);
            rank += players;
        }
    }
    Ok(run
        .into_iter()
        .map(|(user_id, score, games_played)| LeaderboardEntry {
            rank: i32::try_from(rank_of.get(&score).copied().unwrap_or(0)).unwrap_or(i32::MAX),
            user_id,
            display_name: String::new(),
            score,
            games_played,
        })
        .collect())
}

/// First names (never phone numbers) for every entry shown.
async fn name(db: &DatabaseConnection, board: &mut Leaderboard) -> AppResult<()> {
    let ids: Vec<i32> = board
        .entries
        .iter()
        .chain(&board.around)
        .map(|e| e.user_id)
        .collect();
    let names = store::first_names(db, ids).await?;
    let entries = board.entries.iter_mut().chain(&mut board.around);
    for e in entries.chain(board.caller.iter_mut()) {
        e.display_name = names.get(&e.user_id).cloned().unwrap_or_default();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_scores_share_a_rank_and_the_next_rank_skips() {
        let ranked = rank_run(&[(1, 9, 2), (2, 5, 1), (3, 5, 1), (4, 1, 1)], 1, 1);
        let view: Vec<(i32, i32)> = ranked.iter().map(|e| (e.rank, e.user_id)).collect();
        assert_eq!(view, vec![(1, 1), (2, 2), (2, 3), (4, 4)]);
    }

    #[test]
    fn a_window_starting_inside_a_tie_keeps_the_ties_rank() {
        // Two more tied at rank 5 sit above the window (positions 5, 6).
        let ranked = rank_run(&[(7, 4, 1), (8, 4, 1), (9, 3, 1)], 5, 7);
        let view: Vec<i32> = ranked.iter().map(|e| e.rank).collect();
        assert_eq!(view, vec![5, 5, 9]);
    }
}
