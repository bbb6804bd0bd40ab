//! WatchPlayerEvents: stored events after a cursor, then live ones; each
//! once across a reconnect.
use std::time::Duration;

use gamification::proto::{PlayerEventKind, WatchPlayerEventsRequest};
use tokio_stream::StreamExt;
use tonic::Code;

use super::{engaged_app, events_after, next_day, play, player};
use crate::helpers::expect_code;

#[tokio::test]
async fn the_event_stream_sends_each_event_once_across_a_reconnect() {
    let app = engaged_app(|_| {}).await;
    let user = player(&app, 21).await;
    let other = player(&app, 22).await;
    play(&app, user).await;
    play(&app, other).await;

    // Connected: the stored events, then a live one from the next day.
    let mut stream = app
        .engagement()
        .watch_player_events(WatchPlayerEventsRequest {
            user_id: user,
            after_event_id: 0,
        })
        .await
        .expect("watch")
        .into_inner();
    let stored = app
        .count(&format!(
            "SELECT COUNT(*) FROM player_events WHERE user_id = {user}"
        ))
        .await;
    assert!(stored >= 3, "streak and first-game achievements: {stored}");
    let mut seen = Vec::new();
    for _ in 0..stored {
        let event = stream.next().await.expect("an event").expect("ok");
        seen.push(event.event.expect("event"));
    }
    next_day(&app, 1);
    play(&app, user).await;
    let live = tokio::time::timeout(Duration::from_secs(5), stream.next())
        .await
        .expect("a live event comes")
        .expect("an event")
        .expect("ok")
        .event
        .expect("event");
    assert_eq!(live.kind(), PlayerEventKind::StreakExtended);
    assert_eq!(
        live.text.as_ref().map(|t| t.hi.as_str()),
        Some("2 दिन की लय! इसे बनाए रखने के लिए कल भी खेलें।")
    );
    seen.push(live);
    drop(stream);

    // Disconnected: another day's events are written meanwhile.
    next_day(&app, 1);
    play(&app, user).await;
    let cursor = seen.last().expect("seen").id;
    let resumed = events_after(&app, user, cursor).await;
    assert!(!resumed.is_empty(), "the missed events come");
    seen.extend(resumed);

    let ids: Vec<i64> = seen.iter().map(|e| e.id).collect();
    let mut sorted = ids.clone();
    sorted.dedup();
    assert_eq!(ids, sorted, "in order, none twice");
    let all = app
        .count(&format!(
            "SELECT COUNT(*) FROM player_events WHERE user_id = {user}"
        ))
        .await;
    assert_eq!(ids.len() as i64, all, "every event of the player, once");
    assert!(seen.iter().all(|e| e.user_id == user), "only this player's");
}

#[tokio::test]
async fn watching_checks_its_request() {
    let app = engaged_app(|_| {}).await;
    let bad = app
        .engagement()
        .watch_player_events(WatchPlayerEventsRequest {
            user_id: 0,
            after_event_id: -1,
        })
        .await;
    let status = expect_code(bad, Code::InvalidArgument);
    assert_eq!(crate::helpers::field_violations(&status).len(), 2);
    let unknown = app
        .engagement()
        .watch_player_events(WatchPlayerEventsRequest {
            user_id: 4242,
            after_event_id: 0,
        })
        .await;
    expect_code(unknown, Code::NotFound);
}

#[tokio::test]
async fn a_watcher_hears_of_a_completion_on_its_instance_at_once_not_at_the_next_poll() {
    let app = engaged_app(|config| config.reward_poll_millis = 60_000).await;
    let user = player(&app, 23).await;
    play(&app, user).await;
    let mut stream = app
        .engagement()
        .watch_player_events(WatchPlayerEventsRequest {
            user_id: user,
            after_event_id: 0,
        })
        .await
        .expect("watch")
        .into_inner();
    let stored = app
        .count(&format!(
            "SELECT COUNT(*) FROM player_events WHERE user_id = {user}"
        ))
        .await;
    for _ in 0..stored {
        stream.next().await.expect("a stored event").expect("ok");
    }
    next_day(&app, 1);
    play(&app, user).await;
    let live = tokio::time::timeout(Duration::from_secs(5), stream.next())
        .await
        .expect("within seconds, though the poll is a minute")
        .expect("an event")
        .expect("ok")
        .event
        .expect("event");
    assert_eq!(live.kind(), PlayerEventKind::StreakExtended);
}
