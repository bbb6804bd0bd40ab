//! Weekly leagues by language and the leaderboard rollups, both fed by one
//! call in the game-completion transaction ([`record_completion`]).
//!
//! Leagues: a player's first completed game of a week (Monday 00:00 in
//! `day_timezone`) places them in a cohort of at most `league_size` players
//! of their tier and the game's language; each completed game adds its
//! league points (gold answers right, none for a game forfeited as too
//! fast), so farming unmeasured answers does not climb. When the week ends
//! the close job ([`close`]) ranks each cohort and moves the top
//! `promote_count` up a tier and the bottom `demote_count` down.
//!
//! This room sits above the shared pieces and `users`, below `games` (which
//! calls it); it knows nothing of gRPC outside `grpc.rs`.
pub mod board;
pub mod close;
pub mod cohort;
pub mod grpc;
mod placement;
pub mod ranks;
mod rollup;
pub mod seating;
mod standings;
mod store;
pub mod tier;

use chrono::NaiveDateTime;
use sea_orm::ConnectionTrait;

pub use board::{Leaderboard, LeaderboardEntry, LeaderboardQuery, Period, leaderboard};
pub use close::{Move, close_due_weeks, close_week};
pub use seating::Seating;
pub use standings::{League, Row, Standing, league_of, standing};
pub use tier::{Outcome, Tier};

use crate::{error::AppResult, settings::Snapshot};

/// A completed game, as the rollups and the leagues count it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Completion {
    pub user_id: i32,
    pub game_type: String,
    /// `""` when the game has none.
    pub language: String,
    pub score: i64,
    /// Gold answers right; 0 for a game forfeited as too fast.
    pub league_points: i64,
}

/// Adds a completed game to the leaderboards and to its player's league of
/// the week. Called once, in the game-completion transaction, after the
/// player's row is locked.
#[tracing::instrument(skip_all, err(level = "debug"), fields(user_id = completion.user_id))]
pub async fn record_completion<C: ConnectionTrait>(
    txn: &C,
    settings: &Snapshot,
    completion: &Completion,
    now: NaiveDateTime,
) -> AppResult<()> {
    rollup::record(txn, settings, completion, now).await?;
    placement::record(txn, settings, completion, now).await
}

/// The league rows of this week and the last close, for the console.
pub mod console {
    use chrono::NaiveDateTime;
    use sea_orm::DatabaseConnection;

    use super::store::league;
    use crate::{clock, entity::league_weeks, error::AppResult, settings::Snapshot};

    /// A cohort of the week: language, tier, number, members, best points.
    pub type CohortRow = (String, String, i32, i64, i64);

    pub struct Overview {
        pub week_start: NaiveDateTime,
        pub cohorts: Vec<CohortRow>,
        pub last_close: Option<league_weeks::Model>,
    }

    pub async fn overview(
        db: &DatabaseConnection,
        settings: &Snapshot,
        now: NaiveDateTime,
    ) -> AppResult<Overview> {
        let week_start = clock::start_of_week(now, settings.day_timezone);
        // Players whose background seating has not run yet are shown seated
        // (one indexed read, and no write transaction, when nobody waits).
        super::seating::seat_waiting(db, settings).await?;
        Ok(Overview {
            week_start,
            cohorts: league::cohorts(db, week_start).await?,
            last_close: league::last_closed(db).await?,
        })
    }
}
