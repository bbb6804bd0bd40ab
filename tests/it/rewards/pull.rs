//! Pull mode (no WALLET_URL): the PHP backend lists or watches pending
//! rewards and confirms or fails each one.
use gamification::proto::{
    ConfirmRewardRequest, FailRewardRequest, RetryRewardRequest, RewardStatus,
};
use tonic::Code;

use super::{all_rewards, completed_games, summary, user};
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

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
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
