//! Rewards: delivery to a real local HTTP wallet (push mode) and the PHP
//! backend's pull mode, on SQLite and PostgreSQL alike. Fixtures write the
//! rows a completed game leaves, as the games code will.
mod chaos;
mod instances;
mod outage;
mod played;
mod pull;
mod push;
mod tls;
pub mod wallet;
mod watch;

use std::{collections::BTreeMap, future::Future, time::Duration};

use gamification::proto::{
    GetRewardSummaryRequest, GetRewardSummaryResponse, ListRewardsRequest, Reward, RewardStatus,
};
use sea_orm::{ConnectionTrait, Statement};

use gamification::config::Config;

use crate::helpers::TestApp;
use wallet::{TestWallet, WALLET_TOKEN};

pub const EARNED: &str = r#"{"amount": "12.00", "currency": "INR", "loyalty_points": 30, "correct_answers": 4, "questions": 5, "per_correct": "2.00", "completion_bonus": "5.00", "capped": false}"#;

fn earned(amount: &str) -> String {
    EARNED.replace("\"12.00\"", &format!("\"{amount}\""))
}

/// Push mode to the test wallet, with short timeouts and backoff.
pub fn push_to(wallet: &TestWallet, instance: &'static str) -> impl FnOnce(&mut Config) + use<> {
    let url = wallet.url.clone();
    move |config| {
        config.wallet_url = Some(url);
        config.wallet_token = Some(WALLET_TOKEN.into());
        config.wallet_timeout_secs = 1;
        config.reward_poll_millis = 25;
        config.reward_retry_base_millis = Some(20);
        config.instance_id = Some(instance.into());
    }
}

/// A user with a PHP id; returns its id.
pub async fn user(app: &TestApp, php_user_id: i32) -> i32 {
    app.exec(&format!(
        "INSERT INTO users (php_user_id, phone) VALUES ({php_user_id}, '+9198000{php_user_id:05}')"
    ))
    .await;
    ids(
        app,
        &format!("SELECT id FROM users WHERE php_user_id = {php_user_id}"),
    )
    .await[0]
}

/// Completed game sessions of a user, reward pending, one per amount; returns their ids.
pub async fn completed_games(app: &TestApp, user_id: i32, amounts: &[&str]) -> Vec<i32> {
    for chunk in amounts.chunks(100) {
        let rows: Vec<String> = chunk
            .iter()
            .map(|amount| {
                format!(
                    "('{}', {user_id}, 'intent_quest', 'completed', '{}', 'pending', CURRENT_TIMESTAMP)",
                    uuid::Uuid::new_v4(),
                    earned(amount)
                )
            })
            .collect();
        app.exec(&format!(
            "INSERT INTO game_sessions (session_id, user_id, game_type, status, rewards_earned, \
             reward_status, completed_at) VALUES {}",
            rows.join(", ")
        ))
        .await;
    }
    let ids = ids(
        app,
        &format!("SELECT id FROM game_sessions WHERE user_id = {user_id} ORDER BY id"),
    )
    .await;
    let completed = ids[ids.len() - amounts.len()..].to_vec();
    // As the games code does when it completes a game: the reward joins the
    // queue in a write transaction (rows another app writes are not queued).
    let txn = gamification::db::begin_write(&app.db).await.expect("begin");
    for id in &completed {
        gamification::rewards::enqueue(&txn, *id, app.clock.now())
            .await
            .expect("enqueue");
    }
    txn.commit().await.expect("commit");
    completed
}

pub async fn ids(app: &TestApp, sql: &str) -> Vec<i32> {
    let rows = app
        .db
        .query_all_raw(Statement::from_string(
            app.db.get_database_backend(),
            sql.to_string(),
        ))
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
    rows.iter()
        .map(|row| row.try_get_by_index::<i32>(0).expect("an id"))
        .collect()
}

/// Polls until `check` holds; fails the test after a generous minute.
pub async fn eventually<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    let deadline = tokio::time::Instant::now() + Duration::from_secs(90);
    while !check().await {
        assert!(
            tokio::time::Instant::now() < deadline,
            "gave up waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

/// Polls `fetch` until `done` holds for what it returns, and returns that;
/// fails the test after the same generous wait as [`eventually`].
pub async fn wait_for<T, F, Fut>(what: &str, mut fetch: F, done: impl Fn(&T) -> bool) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = T>,
{
    let deadline = tokio::time::Instant::now() + Duration::from_secs(90);
    loop {
        let value = fetch().await;
        if done(&value) {
            return value;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "gave up waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

/// Waits until no reward is pending any more.
pub async fn settled(app: &TestApp) {
    eventually("every reward settled", || async {
        app.count("SELECT COUNT(*) FROM game_sessions WHERE reward_status = 'pending'")
            .await
            == 0
    })
    .await;
}

/// Every reward, through ListRewards page by page.
pub async fn all_rewards(app: &TestApp, status: RewardStatus) -> Vec<Reward> {
    let mut rewards = Vec::new();
    let mut page_token = String::new();
    loop {
        let page = app
            .rewards()
            .list_rewards(ListRewardsRequest {
                status: status as i32,
                page_size: 100,
                page_token,
                ..Default::default()
            })
            .await
            .expect("list rewards")
            .into_inner();
        rewards.extend(page.rewards);
        if page.next_page_token.is_empty() {
            return rewards;
        }
        page_token = page.next_page_token;
    }
}

/// ListRewards and the wallet's ledger agree: one ledger entry per credited
/// reward of money, same transaction id, same amount, and nothing else.
pub async fn assert_agree(app: &TestApp, wallet: &TestWallet) -> Vec<Reward> {
    let rewards = all_rewards(app, RewardStatus::Unspecified).await;
    let credited: BTreeMap<i64, (&str, &str)> = rewards
        .iter()
        // A reward of zero is settled without a wallet call.
        .filter(|r| r.status == RewardStatus::Credited as i32 && r.amount != "0.00")
        .map(|r| {
            (
                i64::from(r.game_session_id),
                (r.reward_transaction_id.as_str(), r.amount.as_str()),
            )
        })
        .collect();
    let ledger = wallet.ledger();
    let booked: BTreeMap<i64, (&str, &str)> = ledger
        .iter()
        .map(|e| {
            (
                e.game_session_id,
                (e.transaction_id.as_str(), e.amount.as_str()),
            )
        })
        .collect();
    assert_eq!(ledger.len(), booked.len(), "one ledger entry per session");
    assert_eq!(credited, booked, "ListRewards and the wallet ledger agree");
    rewards
}

pub async fn summary(app: &TestApp, user_id: i32) -> GetRewardSummaryResponse {
    app.rewards()
        .get_reward_summary(GetRewardSummaryRequest { user_id })
        .await
        .expect("summary")
        .into_inner()
}

pub use crate::helpers::set_setting;
