//! Daily streaks: days in day_timezone with a counted game, freezes, and
//! the events they leave.
use chrono::{DateTime, Utc};
use gamification::proto::{CompleteGameRequest, PlayerEventKind, player_event::Detail};

use super::{engaged_app, events_after, next_day, play, player, profile, streak};
use crate::games::{game_of, set, start_game};

/// The streak events of a player, as (kind, days, freezes used).
async fn streak_events(
    app: &crate::helpers::TestApp,
    user_id: i32,
) -> Vec<(PlayerEventKind, i32, i32)> {
    events_after(app, user_id, 0)
        .await
        .into_iter()
        .filter_map(|e| match e.detail {
            Some(Detail::Streak(s)) => Some((e.kind(), s.days, s.freezes_used)),
            _ => None,
        })
        .collect()
}

#[tokio::test]
async fn a_streak_grows_over_three_days_and_a_second_game_on_a_day_adds_nothing() {
    let app = engaged_app(|_| {}).await;
    let user = player(&app, 1).await;
    play(&app, user).await;
    play(&app, user).await;
    assert_eq!(streak(&app, user).await, (1, 1, 0), "two games, one day");
    next_day(&app, 1);
    play(&app, user).await;
    next_day(&app, 1);
    play(&app, user).await;
    assert_eq!(streak(&app, user).await, (3, 3, 0));
    let extended = PlayerEventKind::StreakExtended;
    assert_eq!(
        streak_events(&app, user).await,
        vec![(extended, 1, 0), (extended, 2, 0), (extended, 3, 0)],
        "one event per new day"
    );
    let shown = profile(&app, user).await.streak.expect("streak");
    assert_eq!(shown.last_played_day, "2026-03-12");
    assert_eq!(shown.days_to_next_freeze, 4, "one freeze every 7 days");
}

#[tokio::test]
async fn a_missed_day_resets_the_streak_and_records_it_lost() {
    let app = engaged_app(|_| {}).await;
    set(&app, "streak_freeze_every_days", "0").await;
    let user = player(&app, 2).await;
    play(&app, user).await;
    next_day(&app, 1);
    play(&app, user).await;
    next_day(&app, 2);
    assert_eq!(
        streak(&app, user).await,
        (2, 2, 0),
        "nothing is computed on read: the streak shows as of the last game"
    );
    play(&app, user).await;
    assert_eq!(
        streak(&app, user).await,
        (1, 2, 0),
        "reset; the longest stays"
    );
    let events = streak_events(&app, user).await;
    assert_eq!(
        events.last(),
        Some(&(PlayerEventKind::StreakLost, 2, 0)),
        "{events:?}"
    );
}

#[tokio::test]
async fn a_freeze_earned_by_playing_saves_the_streak_over_a_missed_day() {
    let app = engaged_app(|_| {}).await;
    set(&app, "streak_freeze_every_days", "2").await;
    set(&app, "streak_freeze_max", "1").await;
    let user = player(&app, 3).await;
    play(&app, user).await;
    next_day(&app, 1);
    play(&app, user).await;
    assert_eq!(
        streak(&app, user).await,
        (2, 2, 1),
        "two days earn a freeze"
    );
    next_day(&app, 2);
    play(&app, user).await;
    assert_eq!(
        streak(&app, user).await,
        (3, 3, 0),
        "the freeze covered the missed day"
    );
    assert_eq!(
        streak_events(&app, user).await.last(),
        Some(&(PlayerEventKind::StreakExtended, 3, 1))
    );
    // No freeze left: the next missed day ends the streak (and that day,
    // the second since the last freeze, earns one again).
    next_day(&app, 2);
    play(&app, user).await;
    assert_eq!(streak(&app, user).await, (1, 3, 1));
}

fn utc(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .expect("a time")
}

#[tokio::test]
async fn days_follow_india_not_utc() {
    let app = engaged_app(|_| {}).await;
    let user = player(&app, 4).await;
    // 23:50 and 00:10 IST: the same UTC day (March 10), two days in India.
    app.clock.set(utc("2026-03-10T18:20:00Z"));
    play(&app, user).await;
    app.clock.set(utc("2026-03-10T18:40:00Z"));
    play(&app, user).await;
    assert_eq!(streak(&app, user).await, (2, 2, 0));
    // 00:10 and 23:50 IST on March 12: two UTC days, one day in India.
    app.clock.set(utc("2026-03-11T18:40:00Z"));
    play(&app, user).await;
    app.clock.set(utc("2026-03-12T18:20:00Z"));
    play(&app, user).await;
    assert_eq!(streak(&app, user).await, (3, 3, 0));
    let shown = profile(&app, user).await.streak.expect("streak");
    assert_eq!(shown.last_played_day, "2026-03-12");
}

#[tokio::test]
async fn a_game_ended_early_does_not_count() {
    let app = engaged_app(|_| {}).await;
    let user = player(&app, 5).await;
    let game = start_game(&app, game_of(user)).await;
    app.games()
        .complete_game(CompleteGameRequest {
            game_session_id: game.id,
        })
        .await
        .expect("complete at once");
    assert_eq!(streak(&app, user).await, (0, 0, 0));
    assert!(
        events_after(&app, user, 0).await.is_empty(),
        "no streak, no achievement"
    );
    assert_eq!(
        profile(&app, user).await.games_completed,
        1,
        "the game still counts in the user's totals"
    );
}
