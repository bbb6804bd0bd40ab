//! An https:// wallet whose certificate a private CA signed: trusted through
//! WALLET_CA_FILE, refused (and retried as a passing failure) without it.
use gamification::{clock::Clock, config::Config, proto::RewardStatus, startup::Application};

use super::{
    all_rewards, assert_agree, completed_games, push_to, settled, summary, user, wait_for,
    wallet::{TestCa, TestWallet},
};
use crate::{db::TestDatabase, helpers::TestApp};

#[tokio::test]
async fn an_https_wallet_signed_by_a_private_ca_is_credited_when_wallet_ca_file_names_the_ca() {
    let ca = TestCa::new();
    let wallet = TestWallet::start_tls(&ca).await;
    assert!(wallet.url.starts_with("https://"), "{}", wallet.url);
    let app = TestApp::spawn_with(|config| {
        push_to(&wallet, "a")(config);
        config.wallet_ca_file = Some(ca.ca_file.clone());
    })
    .await;
    let asha = user(&app, 501).await;
    completed_games(&app, asha, &["12.00", "3.50"]).await;
    settled(&app).await;

    let rewards = assert_agree(&app, &wallet).await;
    assert!(
        rewards
            .iter()
            .all(|r| r.status == RewardStatus::Credited as i32)
    );
    assert_eq!(wallet.calls(), 2, "one post per reward, over TLS");
    assert_eq!(summary(&app, asha).await.total_rewards_earned, "15.50");
}

#[tokio::test]
async fn an_https_wallet_whose_ca_is_not_trusted_is_retried_with_the_certificate_error_kept() {
    let ca = TestCa::new();
    let wallet = TestWallet::start_tls(&ca).await;
    // No WALLET_CA_FILE: only the public roots, which never signed it.
    let app = TestApp::spawn_with(push_to(&wallet, "a")).await;
    let asha = user(&app, 501).await;
    completed_games(&app, asha, &["12.00"]).await;

    let rewards = wait_for(
        "a few refused handshakes",
        || all_rewards(&app, RewardStatus::Unspecified),
        |rewards| rewards.first().is_some_and(|r| r.attempts >= 3),
    )
    .await;
    let reward = &rewards[0];
    assert_eq!(
        reward.status,
        RewardStatus::Pending as i32,
        "a passing failure: the wallet's certificate may be fixed"
    );
    assert!(
        reward.last_error.contains("certificate"),
        "{}",
        reward.last_error
    );
    assert_eq!(wallet.calls(), 0, "nothing was sent to an untrusted server");
    assert!(wallet.ledger().is_empty());
    app.stop().await;
}

#[tokio::test]
async fn a_wallet_ca_file_without_a_certificate_stops_the_server_at_startup() {
    let database = TestDatabase::new().await;
    let dir = tempfile::tempdir().expect("dir");
    let bogus = dir.path().join("ca.pem");
    std::fs::write(&bogus, "-----BEGIN NOTHING-----\n").expect("write");
    let mut config = Config::for_database(database.url.clone());
    config.wallet_url = Some("https://127.0.0.1:9".into());
    config.wallet_ca_file = Some(bogus);
    let refused = Application::build_with_clock(config, Clock::system()).await;
    let error = refused.err().expect("refused").to_string();
    assert!(error.contains("WALLET_CA_FILE"), "{error}");
}
