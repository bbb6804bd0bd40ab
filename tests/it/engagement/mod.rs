//! EngagementService: streaks, achievements, player events and the
//! profile, driven by whole games played through GameService on a manual
//! clock.
mod achievements;
mod events;
mod streaks;

use chrono::{DateTime, Duration, Utc};
use gamification::{
    clock::Clock,
    config::Config,
    proto::{
        GameSession, GetPlayerProfileRequest, PlayerEvent, PlayerProfile, WatchPlayerEventsRequest,
    },
};
use tokio_stream::StreamExt;

use crate::{
    games::{game_of, new_user, play_out, set, start_game},
    helpers::TestApp,
};

/// 2026-03-10 12:00 in India (06:30 UTC), a Tuesday.
pub fn noon_in_india() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-03-10T06:30:00Z")
        .map(|t| t.with_timezone(&Utc))
        .expect("a time")
}

/// A server on a manual clock where answers may come at once and games
/// follow each other; the day is India's (the default).
pub async fn engaged_app(adjust: impl FnOnce(&mut Config)) -> TestApp {
    let app = TestApp::spawn_with_clock(Clock::manual(noon_in_india()), |config| {
        config.reward_poll_millis = 25;
        adjust(config);
    })
    .await;
    set(&app, "min_answer_seconds", "0").await;
    set(&app, "game_cooldown_seconds", "0").await;
    app
}

pub async fn player(app: &TestApp, n: i32) -> i32 {
    new_user(app, n).await
}

/// Plays a whole game right, in English; returns it completed.
pub async fn play(app: &TestApp, user_id: i32) -> GameSession {
    let chat = format!("chat-{}", app.clock.now_utc().timestamp());
    let game = start_game(
        app,
        crate::games::GameRequest::chat(game_of(user_id), &chat),
    )
    .await;
    let game = play_out(app, game, &[]).await;
    assert_eq!(game.status, "completed");
    game
}

/// Moves the manual clock by whole days.
pub fn next_day(app: &TestApp, days: i64) {
    app.clock.advance(Duration::days(days));
}

pub async fn profile(app: &TestApp, user_id: i32) -> PlayerProfile {
    app.engagement()
        .get_player_profile(GetPlayerProfileRequest { user_id })
        .await
        .expect("profile")
        .into_inner()
        .profile
        .expect("a profile")
}

/// (current, longest, freezes held) of the player's streak.
pub async fn streak(app: &TestApp, user_id: i32) -> (i32, i32, i32) {
    let streak = profile(app, user_id).await.streak.expect("a streak");
    (
        streak.current_days,
        streak.longest_days,
        streak.freezes_held,
    )
}

/// Every stored event of the player, read through WatchPlayerEvents from
/// `after`: the stream is read until it has nothing more for 300 ms.
pub async fn events_after(app: &TestApp, user_id: i32, after: i64) -> Vec<PlayerEvent> {
    let mut stream = app
        .engagement()
        .watch_player_events(WatchPlayerEventsRequest {
            user_id,
            after_event_id: after,
        })
        .await
        .expect("watch")
        .into_inner();
    let mut events = Vec::new();
    while let Ok(Some(item)) =
        tokio::time::timeout(std::time::Duration::from_millis(300), stream.next()).await
    {
        events.push(item.expect("an event").event.expect("event"));
    }
    events
}
