//! Long wallet outages, on a manual clock: the worker's schedule and the
//! rewards' age are read from the clock, so hours pass in a few seconds and
//! no test sleeps through a backoff.
use std::sync::atomic::Ordering;

use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use gamification::{
    clock::Clock,
    proto::{RetryRewardRequest, Reward, RewardStatus},
};

use super::{
    all_rewards, completed_games, push_to, set_setting, summary, user, wait_for, wallet::TestWallet,
};
use crate::helpers::{ADMIN_TOKEN, TestApp};

/// The default cap of the wait between two tries (reward_retry_cap_seconds).
const CAP: Duration = Duration::seconds(300);

/// Push mode with the seeded schedule (30 s base doubling to a 300 s cap),
/// on a clock that moves only when the test moves it.
async fn outage_app(wallet: &TestWallet) -> TestApp {
    let start = DateTime::parse_from_rfc3339("2026-03-02T00:00:00Z")
        .expect("time")
        .with_timezone(&Utc);
    TestApp::spawn_with_clock(Clock::manual(start), |config| {
        push_to(wallet, "a")(config);
        config.reward_retry_base_millis = None;
    })
    .await
}

async fn reward(app: &TestApp) -> Reward {
    let mut rewards = all_rewards(app, RewardStatus::Unspecified).await;
    assert_eq!(rewards.len(), 1, "one reward in these tests");
    rewards.remove(0)
}

fn next_attempt(reward: &Reward) -> NaiveDateTime {
    let time = reward.next_attempt_time.expect("a next attempt time");
    DateTime::from_timestamp(time.seconds, time.nanos as u32)
        .expect("a time")
        .naive_utc()
}

/// No attempt in flight: settled, or waiting for a time still to come.
fn resting(reward: &Reward, now: NaiveDateTime) -> bool {
    reward.status != RewardStatus::Pending as i32
        || (reward.next_attempt_time.is_some() && next_attempt(reward) > now)
}

/// Waits until the worker has made every attempt due at the clock's time.
async fn at_rest(app: &TestApp) -> Reward {
    wait_for(
        "the due attempts to be made",
        || reward(app),
        |reward| resting(reward, app.clock.now()),
    )
    .await
}

/// Moves the clock to the reward's next attempt and waits until the worker
/// has made it and recorded the answer; returns the reward then.
async fn step(app: &TestApp) -> Reward {
    let before = at_rest(app).await;
    app.clock.set(next_attempt(&before).and_utc());
    let after = at_rest(app).await;
    assert!(after.attempts > before.attempts, "the due attempt was made");
    after
}

/// Steps through attempts while the wallet is out for `hours`, checking
/// each wait against the cap; returns the reward still pending.
async fn ride_out(app: &TestApp, hours: i64) -> Reward {
    let end = app.clock.now() + Duration::hours(hours);
    loop {
        let reward = step(app).await;
        assert_eq!(
            reward.status,
            RewardStatus::Pending as i32,
            "a transient failure never fails a young reward: {}",
            reward.last_error
        );
        let wait = next_attempt(&reward) - app.clock.now();
        assert!(
            wait <= CAP,
            "try {}: a wait of {wait} passes the cap",
            reward.attempts
        );
        if reward.attempts >= 5 {
            assert!(
                wait >= CAP / 2,
                "the capped wait keeps its lower half: {wait}"
            );
        }
        if app.clock.now() >= end {
            return reward;
        }
    }
}

async fn a_wallet_out_for_hours_is_retried_until_it_credits_once(refuse: bool) {
    let wallet = TestWallet::start().await;
    let app = outage_app(&wallet).await;
    if refuse {
        wallet.down();
    } else {
        wallet
            .switches()
            .fail_first
            .store(usize::MAX, Ordering::SeqCst);
    }
    let asha = user(&app, 501).await;
    completed_games(&app, asha, &["12.00"]).await;

    // Far past the old schedule (5 tries, about 7.5 minutes).
    let during = ride_out(&app, 2).await;
    assert!(during.attempts > 20, "tried {} times", during.attempts);
    let expected = if refuse { "refused" } else { "503" };
    assert!(
        during.last_error.contains(expected),
        "{}",
        during.last_error
    );
    assert!(wallet.ledger().is_empty());

    if refuse {
        wallet.up().await;
    } else {
        wallet.switches().fail_first.store(0, Ordering::SeqCst);
    }
    let credited = step(&app).await;
    assert_eq!(credited.status, RewardStatus::Credited as i32);
    let ledger = wallet.ledger();
    assert_eq!(ledger.len(), 1, "paid once");
    assert_eq!(ledger[0].transaction_id, credited.reward_transaction_id);
    assert_eq!(summary(&app, asha).await.total_rewards_earned, "12.00");
}

#[tokio::test]
async fn a_wallet_answering_503_for_hours_keeps_the_reward_pending_then_credits_it_once() {
    a_wallet_out_for_hours_is_retried_until_it_credits_once(false).await;
}

#[tokio::test]
async fn a_wallet_refusing_connections_for_hours_keeps_the_reward_pending_then_credits_it_once() {
    a_wallet_out_for_hours_is_retried_until_it_credits_once(true).await;
}

#[tokio::test]
async fn a_reward_older_than_its_retry_window_fails_with_its_last_error_and_a_retry_opens_a_new_one()
 {
    let wallet = TestWallet::start().await;
    let app = outage_app(&wallet).await;
    set_setting(&app, "reward_retry_max_hours", "1").await;
    wallet
        .switches()
        .fail_first
        .store(usize::MAX, Ordering::SeqCst);
    let asha = user(&app, 501).await;
    let games = completed_games(&app, asha, &["12.00"]).await;
    let created = app.clock.now();

    let mut reward = step(&app).await;
    while reward.status == RewardStatus::Pending as i32 {
        reward = step(&app).await;
    }
    assert_eq!(reward.status, RewardStatus::Failed as i32);
    assert_eq!(
        app.clock.now() - created,
        Duration::hours(1),
        "the last try falls on the deadline"
    );
    assert!(
        reward.last_error.contains("gave up"),
        "{}",
        reward.last_error
    );
    assert!(reward.last_error.contains("503"), "{}", reward.last_error);
    assert_eq!(
        wallet.calls(),
        reward.attempts as usize,
        "every try reached the wallet"
    );
    assert!(wallet.ledger().is_empty());
    assert_eq!(summary(&app, asha).await.failed_amount, "12.00");

    // Hours later an admin retries it: a new window, so one more 503 does
    // not fail it again; once the wallet is back it is credited.
    app.clock.advance(Duration::hours(5));
    app.rewards_as(Some(ADMIN_TOKEN))
        .retry_reward(RetryRewardRequest {
            game_session_id: games[0],
        })
        .await
        .expect("retry");
    let retried = at_rest(&app).await;
    assert_eq!(
        (retried.status, retried.attempts),
        (RewardStatus::Pending as i32, 1)
    );
    wallet.switches().fail_first.store(0, Ordering::SeqCst);
    assert_eq!(step(&app).await.status, RewardStatus::Credited as i32);
    assert_eq!(wallet.ledger().len(), 1);
    assert_eq!(summary(&app, asha).await.total_rewards_earned, "12.00");
}
