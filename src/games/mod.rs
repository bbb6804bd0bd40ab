//! Games: starting a game with a plan of questions, scoring answers by the
//! rules of each game type, and completing a game with its reward. The
//! money itself is paid by the rewards capability from
//! `game_sessions.rewards_earned` / `reward_status = 'pending'`.
mod answer;
mod browse;
mod complete;
mod draw;
mod economy;
mod foreign;
pub mod grpc;
mod outcome;
mod personal;
mod plan;
mod price;
#[cfg(test)]
mod proptests;
mod record;
pub mod scoring;
pub mod session;
mod start;
mod store;
mod view;

pub use crate::leagues::{Leaderboard, LeaderboardEntry, LeaderboardQuery, Period, leaderboard};
pub use answer::{AnswerInput, AnswerResult, submit_answer};
pub use browse::{SessionFilter, list_games};
pub use complete::{abandon_game, complete_game, finish_in_txn};
pub use foreign::{ApproveInput, approve as approve_foreign, list_awaiting_approval};
pub use plan::{Plan, PlanItem};
pub use session::Session;
pub use start::{StartInput, Started, start_game};
pub use view::{GameView, QuestionView, Reward, get_game};

use crate::error::AppResult;

/// Marks active games idle past `session_timeout_minutes` expired; run
/// periodically by the server.
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn expire_idle_games(
    db: &sea_orm::DatabaseConnection,
    settings: &crate::settings::Snapshot,
    clock: &crate::clock::Clock,
) -> AppResult<u64> {
    let now = clock.now();
    let idle_since = now - chrono::Duration::minutes(settings.session_timeout_minutes.max(1));
    let expired = store::expire_idle(db, idle_since, now).await?;
    if expired > 0 {
        tracing::info!(expired, "expired idle games");
    }
    Ok(expired)
}
