//! Achievements: the admin's definitions and their validation, progress,
//! and an unlock that happens and pays exactly once.
use gamification::proto::{
    Achievement, AchievementMetric, AchievementRule, CountRule, CreateAchievementRequest,
    FirstInLanguageRule, GoldAccuracyRule, InARowRule, ListAchievementsRequest, LocalizedText,
    PlayerEventKind, SubmitAnswerRequest, UpdateAchievementRequest, WithinDaysRule,
    achievement_rule::Kind,
};
use tonic::Code;

use super::{engaged_app, events_after, play, player, profile};
use crate::{
    games::{game_of, last_answer_pending, set},
    helpers::{ADMIN_TOKEN, SERVICE_TOKEN, TestApp, expect_code, field_violations},
    rewards::{assert_agree, push_to, settled, wallet::TestWallet},
};

fn text(en: &str, hi: &str) -> Option<LocalizedText> {
    Some(LocalizedText {
        en: en.into(),
        hi: hi.into(),
    })
}

fn rule(kind: Kind) -> Option<AchievementRule> {
    Some(AchievementRule { kind: Some(kind) })
}

/// "Complete one game", paying `amount` and 40 points.
fn first_game_paying(amount: &str) -> CreateAchievementRequest {
    CreateAchievementRequest {
        key: "welcome_bonus".into(),
        name: text("Welcome bonus", "स्वागत बोनस"),
        description: text("Complete a game", "एक खेल पूरा करें"),
        rule: rule(Kind::Count(CountRule {
            metric: AchievementMetric::Games as i32,
            target: 1,
        })),
        reward_loyalty_points: 40,
        reward_amount: amount.into(),
        enabled: true,
    }
}

async fn create(app: &TestApp, request: CreateAchievementRequest) -> Achievement {
    app.engagement_as(Some(ADMIN_TOKEN))
        .create_achievement(request)
        .await
        .expect("create")
        .into_inner()
        .achievement
        .expect("achievement")
}

async fn listed(app: &TestApp, user_id: i32) -> Vec<Achievement> {
    app.engagement()
        .list_achievements(ListAchievementsRequest {
            user_id,
            include_disabled: false,
        })
        .await
        .expect("list")
        .into_inner()
        .achievements
}

fn fields(status: &tonic::Status) -> Vec<String> {
    let mut fields: Vec<String> = field_violations(status).into_iter().map(|v| v.0).collect();
    fields.sort();
    fields
}

#[tokio::test]
async fn admin_create_and_update_check_every_field() {
    let app = engaged_app(|_| {}).await;
    let admin = || app.engagement_as(Some(ADMIN_TOKEN));
    let bad = CreateAchievementRequest {
        key: "Bad Key".into(),
        name: text("", "नाम"),
        description: text("ok", ""),
        rule: rule(Kind::WithinDays(WithinDaysRule {
            metric: AchievementMetric::Unspecified as i32,
            target: 0,
            window_days: 400,
        })),
        reward_loyalty_points: -1,
        reward_amount: "1.005".into(),
        enabled: true,
    };
    let status = expect_code(admin().create_achievement(bad).await, Code::InvalidArgument);
    assert_eq!(
        fields(&status),
        [
            "description.hi",
            "key",
            "name.en",
            "reward_amount",
            "reward_loyalty_points",
            "rule.within_days.metric",
            "rule.within_days.target",
            "rule.within_days.window_days",
        ],
        "every fault at once"
    );
    let cases = [
        (
            Kind::InARow(InARowRule {
                metric: AchievementMetric::Games as i32,
                target: 3,
            }),
            "rule.in_a_row.metric",
        ),
        (
            Kind::GoldAccuracy(GoldAccuracyRule {
                min_accuracy: "1.5".into(),
                min_answers: 10,
            }),
            "rule.gold_accuracy.min_accuracy",
        ),
        (
            Kind::GoldAccuracy(GoldAccuracyRule {
                min_accuracy: "0.9".into(),
                min_answers: 0,
            }),
            "rule.gold_accuracy.min_answers",
        ),
        (
            Kind::FirstInLanguage(FirstInLanguageRule {
                language: String::new(),
            }),
            "rule.first_in_language.language",
        ),
    ];
    for (kind, field) in cases {
        let request = CreateAchievementRequest {
            rule: rule(kind),
            ..first_game_paying("")
        };
        let status = expect_code(
            admin().create_achievement(request).await,
            Code::InvalidArgument,
        );
        assert_eq!(fields(&status), [field], "{field}");
    }
    let no_rule = CreateAchievementRequest {
        rule: None,
        ..first_game_paying("")
    };
    let status = expect_code(
        admin().create_achievement(no_rule).await,
        Code::InvalidArgument,
    );
    assert_eq!(fields(&status), ["rule"]);

    let as_service = app
        .engagement_as(Some(SERVICE_TOKEN))
        .create_achievement(first_game_paying("5.00"))
        .await;
    expect_code(as_service, Code::PermissionDenied);

    let created = create(&app, first_game_paying("5.00")).await;
    assert_eq!(
        (created.reward_amount.as_str(), created.enabled),
        ("5.00", true)
    );
    let again = admin().create_achievement(first_game_paying("5.00")).await;
    expect_code(again, Code::AlreadyExists);

    let update = UpdateAchievementRequest {
        id: created.id,
        name: text("Welcome", "स्वागत"),
        description: text("Complete 2 games", "2 खेल पूरे करें"),
        rule: rule(Kind::Count(CountRule {
            metric: AchievementMetric::Games as i32,
            target: 2,
        })),
        reward_loyalty_points: 10,
        reward_amount: String::new(),
        enabled: false,
    };
    let updated = admin()
        .update_achievement(update.clone())
        .await
        .expect("update")
        .into_inner()
        .achievement
        .expect("achievement");
    assert_eq!(updated.key, "welcome_bonus", "the key stays");
    assert_eq!(
        (
            updated.reward_amount.as_str(),
            updated.enabled,
            updated.rule
        ),
        ("", false, update.rule.clone())
    );
    assert!(
        !listed(&app, 0).await.iter().any(|a| a.id == created.id),
        "a disabled achievement is not listed"
    );
    let missing = UpdateAchievementRequest {
        id: 999_999,
        ..update.clone()
    };
    expect_code(admin().update_achievement(missing).await, Code::NotFound);
    let bad_update = UpdateAchievementRequest {
        id: 0,
        rule: None,
        ..update
    };
    let status = expect_code(
        admin().update_achievement(bad_update).await,
        Code::InvalidArgument,
    );
    assert_eq!(fields(&status), ["id", "rule"]);
}

#[tokio::test]
async fn progress_shows_in_the_list_and_the_profile() {
    let app = engaged_app(|_| {}).await;
    let user = player(&app, 11).await;
    let seeded = listed(&app, 0).await;
    assert!(seeded.len() >= 15, "seeded: {}", seeded.len());
    assert!(
        seeded.iter().all(|a| a.progress.is_none()),
        "no player asked"
    );
    let game = play(&app, user).await;
    let mine = listed(&app, user).await;
    let progress = |key: &str| {
        let a = mine.iter().find(|a| a.key == key).expect(key);
        let p = a.progress.expect("progress");
        (p.progress, p.target, p.unlocked)
    };
    assert_eq!(progress("first_game"), (1, 1, true));
    assert_eq!(progress("first_game_en"), (1, 1, true));
    assert_eq!(progress("first_game_hi"), (0, 1, false));
    assert_eq!(progress("games_10"), (1, 10, false));
    assert_eq!(progress("busy_day"), (1, 5, false));
    let first_game = mine.iter().find(|a| a.key == "first_game").expect("seeded");
    assert_eq!(
        first_game.name.as_ref().map(|n| n.hi.as_str()),
        Some("पहला खेल")
    );

    let profile = profile(&app, user).await;
    let reward = game.reward.expect("reward");
    assert_eq!(profile.games_completed, 1);
    let seeded_points: i32 = mine
        .iter()
        .filter(|a| a.progress.is_some_and(|p| p.unlocked))
        .map(|a| a.reward_loyalty_points)
        .sum();
    assert_eq!(reward.achievement_loyalty_points, seeded_points);
    assert_eq!(
        profile.loyalty_points,
        reward.loyalty_points + seeded_points,
        "the game's points and its achievements' points"
    );
    assert!(
        reward.achievement_keys.contains(&"first_game".to_string()),
        "{:?}",
        reward.achievement_keys
    );
    assert_eq!(profile.total_score, i64::from(game.score));
    let gold = profile.gold_accuracy.expect("gold accuracy");
    assert!(
        gold.answered > 0 && gold.answered == gold.correct,
        "{gold:?}"
    );
    assert_eq!(gold.accuracy, "1.0000");
    let league = profile.league.expect("placed by this week's game");
    assert_eq!(
        (league.tier.as_str(), league.rank, league.cohort_size),
        ("bronze", 1, 1)
    );
    let unlocked = profile
        .achievements
        .iter()
        .filter(|a| a.progress.is_some_and(|p| p.unlocked))
        .count();
    let events = events_after(&app, user, 0).await;
    let unlock_events = events
        .iter()
        .filter(|e| e.kind() == PlayerEventKind::AchievementUnlocked)
        .count();
    assert_eq!(unlocked, unlock_events, "one event per unlock");
}

#[tokio::test]
async fn an_achievement_reward_passes_the_daily_cap() {
    let app = engaged_app(|_| {}).await;
    set(&app, "daily_reward_cap", "16.00").await;
    create(&app, first_game_paying("7.00")).await;
    let user = player(&app, 12).await;
    let reward = play(&app, user).await.reward.expect("reward");
    assert_eq!(
        (
            reward.amount.as_str(),
            reward.capped,
            reward.achievement_amount.as_str()
        ),
        ("16.00", true, "7.00"),
        "15.00 earned + 7.00 unlocked, capped at 16.00"
    );
}

#[tokio::test]
async fn an_achievement_unlocks_once_under_20_concurrent_completions_and_pays_once() {
    let wallet = TestWallet::start().await;
    let app = engaged_app(push_to(&wallet, "a")).await;
    create(&app, first_game_paying("7.00")).await;
    let user = player(&app, 13).await;
    let last: SubmitAnswerRequest = last_answer_pending(&app, game_of(user)).await;
    let mut calls = tokio::task::JoinSet::new();
    for _ in 0..20 {
        let mut games = app.games();
        let last = last.clone();
        calls.spawn(async move { games.submit_answer(last).await });
    }
    let results = calls.join_all().await;
    assert!(results.iter().any(Result::is_ok), "{results:?}");
    settled(&app).await;

    let unlocks = app
        .count(&format!(
            "SELECT COUNT(*) FROM player_achievements p JOIN achievements a ON a.id = p.achievement_id \
             WHERE p.user_id = {user} AND a.key = 'welcome_bonus' AND p.unlocked_at IS NOT NULL"
        ))
        .await;
    assert_eq!(unlocks, 1);
    let events = events_after(&app, user, 0).await;
    let welcome = events
        .iter()
        .filter(|e| {
            e.text
                .as_ref()
                .is_some_and(|t| t.en.contains("Welcome bonus"))
        })
        .count();
    assert_eq!(welcome, 1, "one unlock event");
    let rewards = assert_agree(&app, &wallet).await;
    assert_eq!(rewards.len(), 1, "one game, one reward");
    assert_eq!(rewards[0].amount, "22.00", "15.00 earned + 7.00 unlocked");
    assert_eq!(wallet.calls(), 1, "one post");
    assert_eq!(wallet.ledger().len(), 1, "paid once");

    // The next game unlocks nothing more and pays only itself.
    let next = play(&app, user).await.reward.expect("reward");
    assert_eq!(
        (next.amount.as_str(), next.achievement_amount.as_str()),
        ("15.00", "0.00")
    );
}

#[tokio::test]
async fn twenty_players_completing_at_once_each_unlock_once_and_are_paid_once() {
    let wallet = TestWallet::start().await;
    let app = engaged_app(push_to(&wallet, "a")).await;
    create(&app, first_game_paying("7.00")).await;
    let mut pending = Vec::new();
    for n in 0..20 {
        let user = player(&app, 100 + n).await;
        pending.push(last_answer_pending(&app, game_of(user)).await);
    }
    // Every last answer twice, all at once; a call told to retry (ABORTED)
    // retries, as a client would.
    let mut calls = tokio::task::JoinSet::new();
    for last in pending.iter().chain(&pending) {
        let mut games = app.games();
        let last = last.clone();
        calls.spawn(async move {
            loop {
                match games.submit_answer(last.clone()).await {
                    Err(status) if status.code() == Code::Aborted => continue,
                    other => return other.map(|_| ()).map_err(|s| s.code()),
                }
            }
        });
    }
    for result in calls.join_all().await {
        assert!(
            matches!(result, Ok(()) | Err(Code::FailedPrecondition)),
            "{result:?}"
        );
    }
    settled(&app).await;
    let unlocked = app
        .count(
            "SELECT COUNT(*) FROM player_achievements p JOIN achievements a ON a.id = p.achievement_id \
             WHERE a.key = 'welcome_bonus' AND p.unlocked_at IS NOT NULL",
        )
        .await;
    assert_eq!(unlocked, 20, "one unlock per player");
    let announced = app
        .count(
            "SELECT COUNT(*) FROM player_events WHERE kind = 'achievement_unlocked' \
             AND CAST(payload AS TEXT) LIKE '%welcome_bonus%'",
        )
        .await;
    assert_eq!(announced, 20, "one event per unlock");
    let rewards = assert_agree(&app, &wallet).await;
    assert_eq!(rewards.len(), 20);
    assert!(
        rewards.iter().all(|r| r.amount == "22.00"),
        "each game carries its unlock once"
    );
    assert_eq!(wallet.ledger().len(), 20, "each paid once");
}
