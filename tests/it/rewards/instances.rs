//! Several server instances, and servers that die or stop mid-delivery:
//! every reward is still credited exactly once.
use std::sync::atomic::Ordering;

use gamification::proto::RewardStatus;

use super::{
    assert_agree, completed_games, eventually, push_to, settled, summary, user, wallet::TestWallet,
};
use crate::helpers::TestApp;

#[tokio::test]
async fn a_server_killed_mid_delivery_is_finished_by_the_next_without_double_credit() {
    let wallet = TestWallet::start().await;
    wallet.switches().hang_first.store(1, Ordering::SeqCst);
    let app = TestApp::spawn_with(push_to(&wallet, "a")).await;
    let asha = user(&app, 501).await;
    completed_games(&app, asha, &["12.00"]).await;
    // The wallet has booked the credit and hangs: the server never learns
    // the transaction id before it dies.
    eventually("the wallet to be called", || async { wallet.calls() >= 1 }).await;
    let database = app.kill().await;

    let app = TestApp::spawn_on(database, push_to(&wallet, "b")).await;
    settled(&app).await;
    let rewards = assert_agree(&app, &wallet).await;
    assert_eq!(rewards[0].status, RewardStatus::Credited as i32);
    assert_eq!(wallet.ledger().len(), 1);
    assert_eq!(summary(&app, asha).await.total_rewards_earned, "12.00");
}

#[tokio::test]
async fn a_server_stopped_mid_delivery_finishes_the_post_and_the_next_server_completes_it() {
    let wallet = TestWallet::start().await;
    wallet.switches().hang_first.store(1, Ordering::SeqCst);
    let app = TestApp::spawn_with(push_to(&wallet, "a")).await;
    let asha = user(&app, 501).await;
    completed_games(&app, asha, &["12.00"]).await;
    eventually("the wallet to be called", || async { wallet.calls() >= 1 }).await;
    let database = app.stop().await;

    let app = TestApp::spawn_on(database, push_to(&wallet, "b")).await;
    settled(&app).await;
    assert_agree(&app, &wallet).await;
    assert_eq!(summary(&app, asha).await.total_rewards_earned, "12.00");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_instances_on_one_database_credit_each_reward_exactly_once() {
    let wallet = TestWallet::start().await;
    let first = TestApp::spawn_with(push_to(&wallet, "a")).await;
    let many = if first.database.is_postgres() {
        500
    } else {
        200
    };
    let second = TestApp::spawn_on(first.database.shared(), push_to(&wallet, "b")).await;
    let asha = user(&first, 501).await;
    let ravi = user(&first, 502).await;
    let amounts = vec!["1.10"; many / 2];
    completed_games(&first, asha, &amounts).await;
    completed_games(&second, ravi, &amounts).await;
    settled(&first).await;

    let rewards = assert_agree(&first, &wallet).await;
    assert_eq!(rewards.len(), many);
    assert!(
        rewards
            .iter()
            .all(|r| r.status == RewardStatus::Credited as i32)
    );
    let expected = format!("{:.2}", 1.1 * (many / 2) as f64);
    assert_eq!(summary(&second, asha).await.total_rewards_earned, expected);
    assert_eq!(summary(&second, ravi).await.total_rewards_earned, expected);
}
