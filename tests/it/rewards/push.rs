//! Push mode: the worker posts each reward to the test wallet.
use std::sync::atomic::Ordering;

use gamification::proto::{GetRewardStatsRequest, RetryRewardRequest, RewardStatus};

use super::{assert_agree, completed_games, push_to, settled, summary, user, wallet::TestWallet};
use crate::helpers::{ADMIN_TOKEN, TestApp};

#[tokio::test]
async fn every_reward_is_credited_once_and_added_to_the_users_total() {
    let wallet = TestWallet::start().await;
    let app = TestApp::spawn_with(push_to(&wallet, "a")).await;
    let asha = user(&app, 501).await;
    let ravi = user(&app, 502).await;
    completed_games(&app, asha, &["12.00", "0.10", "7.25"]).await;
    completed_games(&app, ravi, &["5.00"]).await;
    settled(&app).await;

    let rewards = assert_agree(&app, &wallet).await;
    assert_eq!(rewards.len(), 4);
    assert!(
        rewards
            .iter()
            .all(|r| r.status == RewardStatus::Credited as i32)
    );
    assert_eq!(wallet.calls(), 4, "one post per reward");
    let asha_summary = summary(&app, asha).await;
    assert_eq!(asha_summary.total_rewards_earned, "19.35", "exact money");
    assert_eq!(
        (
            asha_summary.credited_count,
            asha_summary.credited_amount.as_str()
        ),
        (3, "19.35")
    );
    assert_eq!(asha_summary.pending_count, 0);
    assert!(asha_summary.last_credit_time.is_some());
    assert_eq!(summary(&app, ravi).await.total_rewards_earned, "5.00");

    let stats = app
        .rewards()
        .get_reward_stats(GetRewardStatsRequest {})
        .await
        .expect("stats")
        .into_inner();
    assert_eq!(
        (
            stats.credited_count,
            stats.pending_count,
            stats.failed_count
        ),
        (4, 0, 0)
    );
    assert_eq!(
        (stats.total_attempts, stats.delivery_mode.as_str()),
        (4, "push")
    );
}

#[tokio::test]
async fn a_wallet_failing_the_first_calls_is_retried_until_it_credits() {
    let wallet = TestWallet::start().await;
    wallet.switches().fail_first.store(3, Ordering::SeqCst);
    let app = TestApp::spawn_with(push_to(&wallet, "a")).await;
    let asha = user(&app, 501).await;
    completed_games(&app, asha, &["12.00"]).await;
    settled(&app).await;

    let rewards = assert_agree(&app, &wallet).await;
    assert_eq!(rewards[0].status, RewardStatus::Credited as i32);
    assert_eq!(rewards[0].attempts, 4, "three 503s, then the credit");
    assert_eq!(summary(&app, asha).await.total_rewards_earned, "12.00");
}

#[tokio::test]
async fn a_wallet_answering_500_after_crediting_is_not_paid_twice() {
    let wallet = TestWallet::start().await;
    wallet
        .switches()
        .error_after_credit_first
        .store(2, Ordering::SeqCst);
    let app = TestApp::spawn_with(push_to(&wallet, "a")).await;
    let asha = user(&app, 501).await;
    completed_games(&app, asha, &["12.00", "3.00"]).await;
    settled(&app).await;

    let rewards = assert_agree(&app, &wallet).await;
    assert!(
        rewards
            .iter()
            .all(|r| r.status == RewardStatus::Credited as i32)
    );
    assert_eq!(wallet.calls(), 4, "each 500 was retried once");
    assert_eq!(wallet.ledger().len(), 2, "yet each reward was booked once");
    assert_eq!(summary(&app, asha).await.total_rewards_earned, "15.00");
}

#[tokio::test]
async fn a_hanging_wallet_times_out_and_the_retry_gets_the_same_transaction() {
    let wallet = TestWallet::start().await;
    wallet.switches().hang_first.store(1, Ordering::SeqCst);
    let app = TestApp::spawn_with(push_to(&wallet, "a")).await;
    let asha = user(&app, 501).await;
    completed_games(&app, asha, &["12.00"]).await;
    settled(&app).await;

    let rewards = assert_agree(&app, &wallet).await;
    assert_eq!(rewards[0].status, RewardStatus::Credited as i32);
    assert_eq!(rewards[0].attempts, 2);
    assert_eq!(summary(&app, asha).await.total_rewards_earned, "12.00");
}

#[tokio::test]
async fn a_refused_reward_fails_at_once_with_the_wallets_error_and_an_admin_can_retry_it() {
    let wallet = TestWallet::start().await;
    wallet.switches().bad_request.store(true, Ordering::SeqCst);
    let app = TestApp::spawn_with(push_to(&wallet, "a")).await;
    let asha = user(&app, 501).await;
    let games = completed_games(&app, asha, &["12.00"]).await;
    settled(&app).await;

    let rewards = assert_agree(&app, &wallet).await;
    let failed = &rewards[0];
    assert_eq!(failed.status, RewardStatus::Failed as i32);
    assert_eq!(failed.attempts, 1, "a 400 is not retried");
    assert!(failed.last_error.contains("400"), "{}", failed.last_error);
    assert_eq!(summary(&app, asha).await.total_rewards_earned, "0.00");

    wallet.switches().bad_request.store(false, Ordering::SeqCst);
    app.rewards_as(Some(ADMIN_TOKEN))
        .retry_reward(RetryRewardRequest {
            game_session_id: games[0],
        })
        .await
        .expect("retry");
    settled(&app).await;
    let rewards = assert_agree(&app, &wallet).await;
    assert_eq!(rewards[0].status, RewardStatus::Credited as i32);
    assert_eq!(summary(&app, asha).await.total_rewards_earned, "12.00");
}

#[tokio::test]
async fn zero_and_unreadable_rewards_are_settled_without_paying_and_block_nothing() {
    let wallet = TestWallet::start().await;
    let app = TestApp::spawn_with(push_to(&wallet, "a")).await;
    let asha = user(&app, 501).await;
    let games = completed_games(&app, asha, &["0.00", "lots", "4.00"]).await;
    settled(&app).await;

    let rewards = assert_agree(&app, &wallet).await;
    let status_of = |id: i32| {
        let reward = rewards
            .iter()
            .find(|r| r.game_session_id == id)
            .expect("listed");
        (reward.status, reward.last_error.clone())
    };
    assert_eq!(
        status_of(games[0]).0,
        RewardStatus::Credited as i32,
        "nothing to pay"
    );
    let (status, error) = status_of(games[1]);
    assert_eq!(status, RewardStatus::Failed as i32);
    assert!(error.contains("amount"), "{error}");
    assert_eq!(status_of(games[2]).0, RewardStatus::Credited as i32);
    assert_eq!(wallet.calls(), 1, "only the 4.00 reward was posted");
    assert_eq!(summary(&app, asha).await.total_rewards_earned, "4.00");
}
