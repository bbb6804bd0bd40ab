//! Pull mode (no WALLET_URL): the PHP backend lists or watches pending
//! rewards and confirms or fails each one.
use gamification::proto::{
    ConfirmRewardRequest, FailRewardRequest, RetryRewardRequest, RewardStatus, WatchRewardsRequest,
};
use sea_orm::TransactionTrait;
use tokio_stream::StreamExt;
use tonic::Code;

use super::{EARNED, all_rewards, completed_games, ids, summary, user};
use crate::helpers::{ADMIN_TOKEN, TestApp, expect_code, field_violations};

fn confirm(game_session_id: i32, id: &str) -> ConfirmRewardRequest {
    ConfirmRewardRequest {
        game_session_id,
        reward_transaction_id: id.into(),
    }
}

#[tokio::test]
async fn confirm_reward_is_idempotent_for_the_same_transaction_and_refuses_another() {
    let app = TestApp::spawn().await;
    let asha = user(&app, 501).await;
    let games = completed_games(&app, asha, &["12.00", "3.50"]).await;
    let pending = all_rewards(&app, RewardStatus::Pending).await;
    assert_eq!(pending.len(), 2, "listed as soon as the games complete");
    assert_eq!(pending[0].amount, "12.00");

    let credited = app
        .rewards()
        .confirm_reward(confirm(games[0], "php-77"))
        .await;
    let reward = credited
        .expect("confirm")
        .into_inner()
        .reward
        .expect("reward");
    assert_eq!(reward.status, RewardStatus::Credited as i32);
    assert_eq!(reward.reward_transaction_id, "php-77");
    app.rewards()
        .confirm_reward(confirm(games[0], "php-77"))
        .await
        .expect("the same transaction again is fine");
    let other = app
        .rewards()
        .confirm_reward(confirm(games[0], "php-78"))
        .await;
    expect_code(other, Code::FailedPrecondition);
    let refused = app
        .rewards()
        .fail_reward(FailRewardRequest {
            game_session_id: games[0],
            reason: "changed my mind".into(),
        })
        .await;
    expect_code(refused, Code::FailedPrecondition);

    let after = summary(&app, asha).await;
    assert_eq!(after.total_rewards_earned, "12.00", "credited once");
    assert_eq!((after.credited_count, after.pending_count), (1, 1));
    assert_eq!(
        app.count("SELECT COUNT(*) FROM game_sessions WHERE reward_transaction_id = 'php-77'")
            .await,
        1
    );
}

#[tokio::test]
async fn a_failed_reward_keeps_its_reason_and_only_an_admin_retries_it() {
    let app = TestApp::spawn().await;
    let asha = user(&app, 501).await;
    let games = completed_games(&app, asha, &["12.00"]).await;
    let failed = app
        .rewards()
        .fail_reward(FailRewardRequest {
            game_session_id: games[0],
            reason: "wallet account closed".into(),
        })
        .await
        .expect("fail")
        .into_inner()
        .reward
        .expect("reward");
    assert_eq!(failed.status, RewardStatus::Failed as i32);
    assert_eq!(failed.last_error, "wallet account closed");
    assert_eq!(summary(&app, asha).await.failed_amount, "12.00");

    let denied = app
        .rewards()
        .retry_reward(RetryRewardRequest {
            game_session_id: games[0],
        })
        .await;
    expect_code(denied, Code::PermissionDenied);
    let retried = app
        .rewards_as(Some(ADMIN_TOKEN))
        .retry_reward(RetryRewardRequest {
            game_session_id: games[0],
        })
        .await
        .expect("retry")
        .into_inner()
        .reward
        .expect("reward");
    assert_eq!(
        (retried.status, retried.attempts),
        (RewardStatus::Pending as i32, 0)
    );
    app.rewards()
        .confirm_reward(confirm(games[0], "php-1"))
        .await
        .expect("confirm");
    assert_eq!(summary(&app, asha).await.total_rewards_earned, "12.00");
}

#[tokio::test]
async fn bad_confirmations_are_refused_and_change_nothing() {
    let app = TestApp::spawn().await;
    let asha = user(&app, 501).await;
    let games = completed_games(&app, asha, &["12.00"]).await;
    let invalid = app.rewards().confirm_reward(confirm(0, "")).await;
    let status = expect_code(invalid, Code::InvalidArgument);
    let fields: Vec<String> = field_violations(&status)
        .into_iter()
        .map(|(f, _)| f)
        .collect();
    assert_eq!(fields, ["game_session_id", "reward_transaction_id"]);
    expect_code(
        app.rewards().confirm_reward(confirm(99_999, "php-1")).await,
        Code::NotFound,
    );
    assert_eq!(all_rewards(&app, RewardStatus::Pending).await.len(), 1);
    assert_eq!(
        all_rewards(&app, RewardStatus::Pending).await[0].game_session_id,
        games[0]
    );
    assert_eq!(summary(&app, asha).await.total_rewards_earned, "0.00");
}

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
    let txn = app.db.begin().await.expect("begin");
    gamification::rewards::enqueue(&txn, enqueued[0])
        .await
        .expect("enqueue");
    gamification::rewards::enqueue(&txn, enqueued[0])
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

#[tokio::test]
async fn concurrent_confirmations_with_different_transactions_credit_once() {
    let app = TestApp::spawn().await;
    let asha = user(&app, 501).await;
    let games = completed_games(&app, asha, &["12.00"]).await;
    let calls = (0..8).map(|i| {
        let mut client = app.rewards();
        let request = confirm(games[0], &format!("php-{i}"));
        tokio::spawn(async move { client.confirm_reward(request).await })
    });
    let mut won = 0;
    for call in calls.collect::<Vec<_>>() {
        match call.await.expect("task") {
            Ok(_) => won += 1,
            Err(status) => assert_eq!(status.code(), Code::FailedPrecondition, "{status:?}"),
        }
    }
    assert_eq!(won, 1, "exactly one transaction id wins");
    assert_eq!(summary(&app, asha).await.total_rewards_earned, "12.00");
}

#[tokio::test]
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

/// Ten completed games, each in its own transaction, the odd ones enqueued.
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
        if game % 2 == 1 {
            let select =
                format!("SELECT id FROM game_sessions WHERE session_id = 'w{writer}-{game}'");
            let row = txn
                .query_one_raw(Statement::from_string(backend, select))
                .await
                .expect("select")
                .expect("row");
            let id: i32 = row.try_get_by_index(0).expect("id");
            gamification::rewards::enqueue(&txn, id)
                .await
                .expect("enqueue");
        }
        tokio::task::yield_now().await;
        txn.commit().await.expect("commit");
    }
}
