//! GetConversationStats over the hourly rollup: the same figures as a scan
//! of the turns, before and after hours are folded, after deletions, and
//! with two instances folding at once.
use chrono::{Duration, NaiveDateTime, TimeZone, Utc};
use gamification::{
    clock::Clock,
    conversations::rollup,
    proto::{
        DeleteUserDataRequest, GetConversationStatsRequest, GetConversationStatsResponse,
        PurgeExpiredTurnsRequest, UpsertUserRequest,
    },
};
use prost_types::Timestamp;

use super::{TurnFields, log, turn_saying};
use crate::helpers::{ADMIN_TOKEN, TestApp, set_setting};

fn timestamp(time: NaiveDateTime) -> Timestamp {
    Timestamp {
        seconds: time.and_utc().timestamp(),
        nanos: 0,
    }
}

async fn stats(
    app: &TestApp,
    start: Option<NaiveDateTime>,
    end: Option<NaiveDateTime>,
) -> GetConversationStatsResponse {
    app.conversations()
        .get_conversation_stats(GetConversationStatsRequest {
            start_time: start.map(timestamp),
            end_time: end.map(timestamp),
        })
        .await
        .expect("stats")
        .into_inner()
}

/// Turns every 20 minutes over five hours from 10:05, in two languages and
/// three intents, some of them the user's.
async fn log_five_hours(app: &TestApp, user_id: i32) {
    let intents = ["greet", "order", "cancel"];
    for i in 0..15 {
        let mut input = turn_saying(&format!("turn {i}"))
            .chat("chat-1")
            .intent(intents[i % 3])
            .confidence(["0.31", "0.77", "0.9", "0.555"][i % 4]);
        input.nlu_language = ["hi", "en"][i % 2].into();
        input.nlu_processing_time_ms = Some(10 + i as i32);
        input.response_time_ms = (i % 3 != 0).then_some(100 * i as i32);
        if i % 4 == 0 {
            input.user_id = Some(user_id);
        }
        log(app, input).await;
        app.clock.advance(Duration::minutes(20));
    }
}

#[tokio::test]
async fn folded_hours_give_the_same_figures_as_the_turns_and_follow_deletions() {
    let start = Utc.with_ymd_and_hms(2026, 3, 2, 10, 5, 0).unwrap();
    let clock = Clock::manual(start);
    let app = TestApp::spawn_with_clock(clock, |_| {}).await;
    let user = app
        .users()
        .upsert_user(UpsertUserRequest {
            php_user_id: Some(77),
            ..Default::default()
        })
        .await
        .expect("user")
        .into_inner()
        .user
        .expect("user");
    log_five_hours(&app, user.id).await;
    let at = |h: u32, m: u32| {
        Utc.with_ymd_and_hms(2026, 3, 2, h, m, 0)
            .unwrap()
            .naive_utc()
    };
    // All time, a range cutting hours at both ends, whole hours, an open end.
    let ranges = [
        (None, None),
        (Some(at(10, 30)), Some(at(13, 50))),
        (Some(at(11, 0)), Some(at(14, 0))),
        (Some(at(12, 10)), None),
    ];
    let mut scanned = Vec::new();
    for (from, until) in ranges {
        scanned.push(stats(&app, from, until).await);
    }
    assert_eq!(scanned[0].turn_count, 15);

    // Two hours after the last turn every hour is closed; two instances fold at once.
    app.clock.advance(Duration::hours(2));
    let now = app.clock.now();
    let (first, second) = tokio::join!(rollup::fold(&app.db, now), rollup::fold(&app.db, now));
    let folded = first.expect("fold") + second.expect("fold");
    assert!(folded >= 5, "the five hours of turns are folded ({folded})");
    assert_eq!(
        app.count("SELECT CAST(COALESCE(SUM(turns), 0) AS BIGINT) FROM conversation_stats_hourly")
            .await,
        15,
        "each turn is in the rollup once"
    );
    for ((from, until), before) in ranges.into_iter().zip(&scanned) {
        assert_eq!(
            &stats(&app, from, until).await,
            before,
            "{from:?}..{until:?}"
        );
    }

    // DeleteUserData removes the user's turns from folded hours too.
    let erased = app
        .conversations_as(Some(ADMIN_TOKEN))
        .delete_user_data(DeleteUserDataRequest {
            user_id: user.id,
            requested_by: "dpo".into(),
        })
        .await
        .expect("delete")
        .into_inner();
    assert_eq!(erased.conversation_logs_deleted, 4);
    let after = stats(&app, None, None).await;
    assert_eq!(after.turn_count, 11);
    assert_eq!(
        after.intents.iter().map(|i| i.turn_count).sum::<i64>(),
        app.count("SELECT COUNT(*) FROM conversation_logs").await
    );

    // Retention deletes the folded hours' turns and their rollup rows.
    set_setting(&app, "conversation_log_retention_days", "1").await;
    app.clock.advance(Duration::days(2));
    let purged = app
        .conversations_as(Some(ADMIN_TOKEN))
        .purge_expired_turns(PurgeExpiredTurnsRequest {})
        .await
        .expect("purge")
        .into_inner();
    assert_eq!(purged.deleted_count, 11);
    let empty = stats(&app, None, None).await;
    assert_eq!(empty.turn_count, 0);
    assert!(empty.intents.is_empty());
    assert_eq!(
        app.count("SELECT COUNT(*) FROM conversation_stats_hourly")
            .await,
        0
    );
}
