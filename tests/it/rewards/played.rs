//! End to end: games played through GameService, their rewards pushed to
//! the test wallet by the worker.
use gamification::proto::{CompleteGameRequest, RewardStatus};
use rust_decimal::Decimal;

use super::{assert_agree, push_to, settled, summary, wallet::TestWallet};
use crate::{
    games::{GameRequest, game_of, last_answer_pending, new_user, play_out, set, start_game},
    helpers::TestApp,
};

/// A push-mode server where answers may come at once.
async fn push_app(wallet: &TestWallet) -> TestApp {
    let app = TestApp::spawn_with(push_to(wallet, "a")).await;
    set(&app, "min_answer_seconds", "0").await;
    set(&app, "game_cooldown_seconds", "0").await;
    app
}

fn money(text: &str) -> Decimal {
    text.parse().expect("a decimal amount")
}

#[tokio::test]
async fn a_played_game_reaches_the_wallet_exactly_once() {
    let wallet = TestWallet::start().await;
    let app = push_app(&wallet).await;
    let user = new_user(&app, 1).await;
    let game = start_game(&app, game_of(user).chat("e2e")).await;
    let game = play_out(&app, game, &[]).await;
    let earned = game.reward.clone().expect("reward").amount;
    assert_eq!(
        (game.status.as_str(), earned.as_str()),
        ("completed", "15.00")
    );
    settled(&app).await;

    let rewards = assert_agree(&app, &wallet).await;
    assert_eq!(rewards.len(), 1);
    assert_eq!(
        (
            rewards[0].game_session_id,
            rewards[0].status,
            rewards[0].amount.as_str()
        ),
        (game.id, RewardStatus::Credited as i32, "15.00")
    );
    assert_eq!(wallet.calls(), 1, "one post");
    assert_eq!(summary(&app, user).await.total_rewards_earned, "15.00");
    let total = format!(
        "SELECT COUNT(*) FROM users WHERE id = {user} AND CAST(total_rewards_earned AS TEXT) IN ('15', '15.00')"
    );
    assert_eq!(app.count(&total).await, 1, "users.total_rewards_earned");

    // Completing the finished game again changes nothing and pays nothing.
    let again = app
        .games()
        .complete_game(CompleteGameRequest {
            game_session_id: game.id,
        })
        .await
        .expect("complete again")
        .into_inner()
        .game_session
        .expect("session");
    assert_eq!(again.reward_status, "credited");
    settled(&app).await;
    assert_eq!((wallet.ledger().len(), wallet.calls()), (1, 1));
    assert_eq!(summary(&app, user).await.total_rewards_earned, "15.00");
}

#[tokio::test]
async fn completions_across_the_daily_cap_credit_no_more_than_the_cap() {
    let wallet = TestWallet::start().await;
    let app = push_app(&wallet).await;
    set(&app, "daily_reward_cap", "20.00").await;
    let user = new_user(&app, 2).await;
    let games = [
        ("intent_quest", "medium"),
        ("tone_detective", "medium"),
        ("entity_hunter", "medium"),
        ("intent_quest", "easy"),
    ];
    // One game at a time: a user holds one active game.
    for (i, (game_type, difficulty)) in games.into_iter().enumerate() {
        let chat = format!("cap-{i}");
        let last = last_answer_pending(
            &app,
            game_of(user)
                .kind(game_type)
                .difficulty(difficulty)
                .chat(&chat),
        )
        .await;
        app.games().submit_answer(last).await.expect("last answer");
    }
    settled(&app).await;

    let rewards = assert_agree(&app, &wallet).await;
    let completed = format!(
        "SELECT COUNT(*) FROM game_sessions WHERE user_id = {user} AND status = 'completed'"
    );
    assert_eq!(app.count(&completed).await, 4, "every game completed");
    assert!(
        rewards
            .iter()
            .all(|r| r.status == RewardStatus::Credited as i32),
        "a game capped to nothing has no reward to pay; the others are credited"
    );
    let paid: Decimal = wallet.ledger().iter().map(|e| money(&e.amount)).sum();
    assert_eq!(
        paid,
        money("20.00"),
        "the games earned more; the cap pays 20.00"
    );
    assert_eq!(summary(&app, user).await.total_rewards_earned, "20.00");
    let credited: Decimal = rewards.iter().map(|r| money(&r.amount)).sum();
    assert_eq!(credited, paid, "ListRewards agrees");
}
