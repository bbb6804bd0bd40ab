//! Leaderboard rollups and weekly leagues: boards by period, game type and
//! language with ranks around the caller, the rollups against a recount,
//! their backfill, and a league week's close by two instances at once.
mod backfill;
mod board;
mod close;
mod console;
mod league;
mod ranks;
mod seating;

use chrono::{DateTime, Utc};
use gamification::{clock::Clock, proto::GameSession};

use crate::{
    games::{GameRequest, game_of, play_out, set, start_game},
    helpers::TestApp,
};

/// Wednesday 4 March 2026, 11:30 in India.
pub const WEDNESDAY: &str = "2026-03-04T06:00:00Z";

pub fn at(text: &str) -> DateTime<Utc> {
    text.parse().expect("an RFC 3339 time")
}

/// A server on a manual clock, answers accepted at once and games back to
/// back (day_timezone stays Asia/Kolkata, the seeded value).
pub async fn league_app(clock: Clock) -> TestApp {
    let app = TestApp::spawn_with_clock(clock, |_| {}).await;
    prepare(&app).await;
    app
}

pub async fn prepare(app: &TestApp) {
    set(app, "min_answer_seconds", "0").await;
    set(app, "game_cooldown_seconds", "0").await;
    set(app, "daily_game_limit", "100").await;
}

/// A user with a first name, `n` unique to the test.
pub async fn player(app: &TestApp, n: i32, name: &str) -> i32 {
    use gamification::proto::UpsertUserRequest;
    app.users()
        .upsert_user(UpsertUserRequest {
            php_user_id: Some(5000 + n),
            phone: format!("+9196000{n:05}"),
            first_name: name.into(),
            ..Default::default()
        })
        .await
        .expect("user")
        .into_inner()
        .user
        .expect("user")
        .id
}

/// Plays a whole game of `kind` in `language`, right except at `wrong`.
pub async fn play(
    app: &TestApp,
    user: i32,
    kind: &str,
    language: &str,
    wrong: &[i32],
) -> GameSession {
    let request = game_of(user).kind(kind).language(language).chat("league");
    let game = start_game(app, request).await;
    let game = play_out(app, game, wrong).await;
    assert_eq!(game.status, "completed", "the last answer completes a game");
    game
}

/// The gold answers a completed game got right (its league points).
pub fn gold_correct(game: &GameSession) -> i64 {
    let reward = game.reward.as_ref().expect("a completed game's reward");
    if reward.forfeit == "too_fast" {
        0
    } else {
        i64::from(reward.gold_correct)
    }
}
