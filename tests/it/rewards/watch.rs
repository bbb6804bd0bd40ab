//! WatchRewards: a stream the PHP backend follows instead of polling,
//! resumed from a cursor without missing or repeating a reward.
use gamification::proto::WatchRewardsRequest;
use tokio_stream::StreamExt;

use super::{EARNED, completed_games, ids, user};
use crate::helpers::TestApp;

#[tokio::test]
async fn watch_rewards_resumes_from_its_cursor_without_missing_a_reward() {
    // No worker: the watcher numbers new rewards itself.
    let app = TestApp::spawn_with(|config| {
        config.reward_poll_millis = 25;
        config.reward_worker = false;
    })
    .await;
    let asha = user(&app, 501).await;
    let first = completed_games(&app, asha, &["1.00", "2.00", "3.00"]).await;
    let mut stream = app
        .rewards()
        .watch_rewards(WatchRewardsRequest::default())
        .await
        .expect("watch")
        .into_inner();
    let mut seen = Vec::new();
    let mut cursor = 0;
    while seen.len() < 3 {
        let event = stream.next().await.expect("an event").expect("ok");
        assert!(event.cursor > cursor, "cursors increase");
        cursor = event.cursor;
        seen.push(event.reward.expect("reward").game_session_id);
    }
    assert_eq!(seen, first);
    drop(stream);

    // While the watcher is away: two games complete, one through enqueue
    // inside the completing transaction, one written by another app.
    let later = completed_games(&app, asha, &["4.00"]).await;
    app.exec(&format!(
        "INSERT INTO game_sessions (session_id, user_id, game_type, status, rewards_earned, \
         reward_status) VALUES ('enqueued', {asha}, 'tone_detective', 'completed', '{EARNED}', 'pending')"
    ))
    .await;
    let enqueued = ids(
        &app,
        "SELECT id FROM game_sessions WHERE session_id = 'enqueued'",
    )
    .await;
    // As the games code does: a write transaction (BEGIN IMMEDIATE on SQLite;
    // a deferred one could fail to upgrade while the worker writes).
    let txn = gamification::db::begin_write(&app.db).await.expect("begin");
    gamification::rewards::enqueue(&txn, enqueued[0], app.clock.now())
        .await
        .expect("enqueue");
    gamification::rewards::enqueue(&txn, enqueued[0], app.clock.now())
        .await
        .expect("enqueue twice is fine");
    txn.commit().await.expect("commit");

    let mut resumed = app
        .rewards()
        .watch_rewards(WatchRewardsRequest {
            after_cursor: cursor,
            user_id: asha,
        })
        .await
        .expect("watch again")
        .into_inner();
    let mut again = Vec::new();
    while again.len() < 2 {
        let event = resumed.next().await.expect("an event").expect("ok");
        assert!(event.cursor > cursor);
        again.push(event.reward.expect("reward").game_session_id);
    }
    again.sort();
    assert_eq!(
        again,
        [later[0], enqueued[0]],
        "only the new ones, none missed"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_watcher_sees_every_reward_once_while_two_instances_number_them_concurrently() {
    let fast = |config: &mut gamification::config::Config| config.reward_poll_millis = 10;
    let first = TestApp::spawn_with(fast).await;
    let second = TestApp::spawn_on(first.database.shared(), fast).await;
    let asha = user(&first, 501).await;
    let mut stream = second
        .rewards()
        .watch_rewards(WatchRewardsRequest::default())
        .await
        .expect("watch")
        .into_inner();
    // Ten writers complete games at once, half of them through enqueue in
    // transactions that commit in no particular order.
    let writers: Vec<_> = (0..10)
        .map(|writer| {
            let db = if writer % 2 == 0 {
                first.db.clone()
            } else {
                second.db.clone()
            };
            tokio::spawn(async move { complete_in_transactions(db, asha, writer).await })
        })
        .collect();
    // Read while they write.
    let mut seen = std::collections::BTreeSet::new();
    let mut cursor = 0;
    while seen.len() < 100 {
        let event = stream.next().await.expect("an event").expect("ok");
        assert!(event.cursor > cursor, "cursors strictly increase");
        cursor = event.cursor;
        let id = event.reward.expect("reward").game_session_id;
        assert!(seen.insert(id), "reward {id} sent twice");
    }
    for writer in writers {
        writer.await.expect("writer");
    }
    let all = ids(&first, "SELECT id FROM game_sessions ORDER BY id").await;
    assert_eq!(seen.into_iter().collect::<Vec<_>>(), all);
}

/// Ten completed games, each in its own transaction, enqueued in it as the
/// games code does.
async fn complete_in_transactions(db: sea_orm::DatabaseConnection, user_id: i32, writer: i32) {
    use sea_orm::{ConnectionTrait, Statement};
    for game in 0..10 {
        let txn = gamification::db::begin_write(&db).await.expect("begin");
        let backend = txn.get_database_backend();
        let sql = format!(
            "INSERT INTO game_sessions (session_id, user_id, game_type, status, rewards_earned, \
             reward_status) VALUES ('w{writer}-{game}', {user_id}, 'intent_quest', 'completed', \
             '{EARNED}', 'pending')"
        );
        txn.execute_unprepared(&sql).await.expect("insert");
        let select = format!("SELECT id FROM game_sessions WHERE session_id = 'w{writer}-{game}'");
        let row = txn
            .query_one_raw(Statement::from_string(backend, select))
            .await
            .expect("select")
            .expect("row");
        let id: i32 = row.try_get_by_index(0).expect("id");
        gamification::rewards::enqueue(&txn, id, chrono::Utc::now().naive_utc())
            .await
            .expect("enqueue");
        tokio::task::yield_now().await;
        txn.commit().await.expect("commit");
    }
}
