//! The README's "Game economy" table, row by row, through the API: what a
//! game pays, the supply of questions, and the limits that hold. The
//! server runs on a manual clock: answers come at a human pace because the
//! test moves the time, not because it sleeps.
use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, Utc};
use gamification::{
    clock::Clock,
    proto::{CompleteGameRequest, GameSession, SubmitAnswerResponse},
};
use rust_decimal::Decimal;

use super::{
    GameRequest, answer, correct_answer, game_of, new_user, right_or_any, set, start_game,
};
use crate::{
    crowd::{crowd_question, unsure_sample},
    helpers::TestApp,
};

/// 11:30 in India on a Tuesday.
pub fn morning() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-03-10T06:00:00Z")
        .expect("time")
        .with_timezone(&Utc)
}

/// A server on a manual clock, with `min_answer_seconds` as seeded (2) and
/// no cooldown.
pub async fn economy_app() -> TestApp {
    let app = TestApp::spawn_with_clock(Clock::manual(morning()), |_| {}).await;
    set(&app, "game_cooldown_seconds", "0").await;
    app
}

/// Answers after `seconds` of thought.
pub async fn answer_after(
    app: &TestApp,
    game: &GameSession,
    text: &str,
    seconds: i64,
) -> SubmitAnswerResponse {
    app.clock.advance(Duration::seconds(seconds));
    super::submit(app, answer(game, text)).await
}

/// Whether the current question is gold: a bank question with a known
/// answer (neither personalised nor a crowd question).
async fn is_gold(app: &TestApp, game: &GameSession) -> bool {
    let question = game.current_question.as_ref().expect("question");
    let crowd = format!(
        "SELECT COUNT(*) FROM game_questions WHERE id = {} AND crowd_sample_id IS NULL",
        question.question_id
    );
    !question.personalized && app.count(&crowd).await == 1
}

/// A wrong option (or text) for the current question.
async fn wrong(app: &TestApp, game: &GameSession) -> String {
    let question = game.current_question.as_ref().expect("question");
    let right = correct_answer(app, question.question_id).await;
    question
        .options
        .iter()
        .find(|o| **o != right)
        .cloned()
        .unwrap_or_else(|| "surely not this".into())
}

/// The enabled bank questions of a game type, difficulty and language.
pub async fn bank_ids(
    app: &TestApp,
    game_type: &str,
    difficulty: &str,
    language: &str,
) -> Vec<i32> {
    use gamification::entity::game_questions::{Column, Entity};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    Entity::find()
        .filter(Column::GameType.eq(game_type))
        .filter(Column::Difficulty.eq(difficulty))
        .filter(Column::Language.eq(language))
        .filter(Column::Enabled.eq(true))
        .filter(Column::CrowdSampleId.is_null())
        .all(&app.db)
        .await
        .expect("bank")
        .into_iter()
        .map(|q| q.id)
        .collect()
}

/// The question ids of a game's plan, in the order they are asked.
pub async fn plan_ids(app: &TestApp, game_session_id: i32) -> Vec<i32> {
    use gamification::entity::game_sessions::Entity;
    use sea_orm::EntityTrait;
    let session = Entity::find_by_id(game_session_id)
        .one(&app.db)
        .await
        .expect("session")
        .expect("the session exists");
    let plan = session.mission_data.expect("a plan");
    plan["questions"]
        .as_array()
        .expect("questions")
        .iter()
        .map(|item| item["question_id"].as_i64().expect("id") as i32)
        .collect()
}

fn amount(game: &GameSession) -> Decimal {
    let reward = game
        .reward
        .as_ref()
        .expect("a completed game has its reward");
    reward.amount.parse().expect("decimal amount")
}

/// Plays a game to its end at a human pace: gold questions right while
/// `gold_right` says so (by their order among the gold ones), everything
/// else with a valid choice.
async fn play(
    app: &TestApp,
    mut game: GameSession,
    gold_right: impl Fn(usize) -> bool,
) -> GameSession {
    let mut gold_seen = 0;
    while game.current_question.is_some() {
        let text = if is_gold(app, &game).await {
            gold_seen += 1;
            if gold_right(gold_seen - 1) {
                right_or_any(app, game.current_question.as_ref().expect("q")).await
            } else {
                wrong(app, &game).await
            }
        } else {
            right_or_any(app, game.current_question.as_ref().expect("q")).await
        };
        game = answer_after(app, &game, &text, 5)
            .await
            .game_session
            .expect("session");
    }
    game
}

#[tokio::test]
async fn ten_games_in_a_row_are_never_refused_and_the_least_recently_seen_questions_come_first() {
    let app = economy_app().await;
    let user = new_user(&app, 1).await;
    let all = bank_ids(&app, "tone_detective", "medium", "en").await;
    let per_game = 5.min(all.len());
    let mut last_seen: HashMap<i32, usize> = HashMap::new();
    let mut tick = 0;
    for n in 0..10 {
        let game = start_game(
            &app,
            game_of(user).kind("tone_detective").chat(&format!("c{n}")),
        )
        .await;
        assert_eq!(game.question_count as usize, per_game, "game {n}");
        let plan = plan_ids(&app, game.id).await;
        let newest_in: Option<usize> = plan
            .iter()
            .map(|id| last_seen.get(id).copied())
            .max()
            .flatten();
        let left_out: Vec<i32> = all
            .iter()
            .copied()
            .filter(|id| !plan.contains(id))
            .collect();
        for id in &left_out {
            // Nothing left out was seen longer ago (or never) than a question taken.
            let left = last_seen.get(id).copied();
            assert!(
                newest_in.is_none() || left.is_some_and(|l| Some(l) >= newest_in),
                "game {n}: question {id} (seen {left:?}) was left out for one seen at {newest_in:?}"
            );
        }
        let mut game = game;
        while let Some(question) = game.current_question.clone() {
            tick += 1;
            last_seen.insert(question.question_id, tick);
            let text = right_or_any(&app, &question).await;
            game = answer_after(&app, &game, &text, 5)
                .await
                .game_session
                .expect("session");
        }
        assert_eq!(game.status, "completed");
    }
}

#[tokio::test]
async fn an_instantly_answered_game_pays_nothing() {
    let app = economy_app().await;
    let user = new_user(&app, 2).await;
    let mut game = start_game(&app, game_of(user).kind("tone_detective").chat("bot")).await;
    let mut flagged = 0;
    while let Some(question) = game.current_question.clone() {
        let right = right_or_any(&app, &question).await;
        // Right answers, but faster than a person reads (under 2 s).
        let reply = answer_after(&app, &game, &right, 1).await;
        flagged += usize::from(reply.suspicious);
        game = reply.game_session.expect("session");
    }
    assert_eq!(flagged, game.question_count as usize);
    let reward = game.reward.clone().expect("reward");
    assert_eq!(amount(&game), Decimal::ZERO);
    assert_eq!(
        (reward.completion_bonus.as_str(), reward.loyalty_points),
        ("0.00", 0)
    );
    assert_eq!(reward.forfeit, "too_fast");
    assert_eq!(game.reward_status, "", "nothing to pay, nothing queued");

    // One too-fast answer among careful ones forfeits the whole game too.
    let mut game = start_game(&app, game_of(user).kind("tone_detective").chat("mixed")).await;
    let mut first = true;
    while let Some(question) = game.current_question.clone() {
        let right = right_or_any(&app, &question).await;
        let pause = if std::mem::take(&mut first) { 0 } else { 6 };
        game = answer_after(&app, &game, &right, pause)
            .await
            .game_session
            .expect("session");
    }
    assert_eq!(amount(&game), Decimal::ZERO);
}

#[tokio::test]
async fn a_game_with_no_correct_answer_pays_no_bonus_and_nothing_else() {
    let app = economy_app().await;
    let user = new_user(&app, 3).await;
    let game = start_game(
        &app,
        game_of(user)
            .kind("tone_detective")
            .difficulty("easy")
            .chat("w"),
    )
    .await;
    let game = play(&app, game, |_| false).await;
    let reward = game.reward.clone().expect("reward");
    assert_eq!(amount(&game), Decimal::ZERO);
    assert_eq!(reward.completion_bonus, "0.00");
    assert_eq!(
        (reward.gold_correct, reward.gold_answered),
        (0, game.question_count)
    );
}

#[tokio::test]
async fn right_gold_answers_pay_their_rate_and_a_full_careful_game_its_bonus() {
    let app = economy_app().await;
    let user = new_user(&app, 4).await;
    let game = start_game(
        &app,
        game_of(user)
            .kind("tone_detective")
            .difficulty("hard")
            .chat("g"),
    )
    .await;
    let questions = game.question_count;
    let game = play(&app, game, |_| true).await;
    let reward = game.reward.clone().expect("reward");
    // Every tone question is gold: 3.00 (hard) each, and the 5.00 bonus.
    let expected = Decimal::new(300, 2) * Decimal::from(questions) + Decimal::new(500, 2);
    assert_eq!(amount(&game), expected);
    assert_eq!(reward.forfeit, "");
    // Below the gold share (0.6) the bonus goes, the right answers still pay.
    let game = start_game(
        &app,
        game_of(user)
            .kind("tone_detective")
            .difficulty("hard")
            .chat("g2"),
    )
    .await;
    let game = play(&app, game, |n| n < 1).await;
    let reward = game.reward.clone().expect("reward");
    assert_eq!(reward.completion_bonus, "0.00");
    assert_eq!(amount(&game), Decimal::new(300, 2));
}

/// Crowd questions on pending samples: answers nobody can check yet.
async fn crowd_questions(app: &TestApp, n: usize) -> HashSet<i32> {
    let mut ids = HashSet::new();
    for _ in 0..n {
        let sample = unsure_sample(app).await;
        ids.insert(crowd_question(app, sample).await);
    }
    ids
}

#[tokio::test]
async fn unverified_answers_pay_the_flat_rate_only_after_every_gold_answer_was_right() {
    let app = economy_app().await;
    set(&app, "questions_per_game", "5").await;
    set(&app, "gold_question_share", "0.4").await;
    let crowd = crowd_questions(&app, 6).await;
    let careful = new_user(&app, 5).await;
    let game = start_game(&app, game_of(careful).difficulty("hard").chat("c")).await;
    let plan = plan_ids(&app, game.id).await;
    assert_eq!(
        plan.iter().filter(|id| crowd.contains(id)).count(),
        3,
        "{plan:?}"
    );
    let game = play(&app, game, |_| true).await;
    let reward = game.reward.clone().expect("reward");
    assert_eq!((reward.gold_answered, reward.gold_correct), (2, 2));
    assert_eq!(
        (reward.unverified_paid, reward.unverified_amount.as_str()),
        (3, "1.50")
    );
    // 2 x 3.00 (hard gold) + 3 x 0.50 (flat, not the hard rate) + 5.00.
    assert_eq!(amount(&game), Decimal::new(1250, 2));

    let sloppy = new_user(&app, 6).await;
    let game = start_game(&app, game_of(sloppy).difficulty("hard").chat("s")).await;
    let game = play(&app, game, |n| n == 0).await;
    let reward = game.reward.clone().expect("reward");
    assert_eq!(
        (reward.unverified_paid, reward.forfeit.as_str()),
        (0, "gold_missed")
    );
    assert_eq!(
        amount(&game),
        Decimal::new(300, 2),
        "the right gold answer only"
    );
}

#[tokio::test]
async fn gold_lands_at_varying_positions_and_quitting_early_forfeits_the_unverified_pay() {
    let app = economy_app().await;
    set(&app, "gold_question_share", "0.2").await;
    let crowd = crowd_questions(&app, 4).await;
    let mut gold_positions = HashSet::new();
    for n in 0..8 {
        let user = new_user(&app, 10 + n).await;
        let game = start_game(&app, game_of(user).chat("p")).await;
        let plan = plan_ids(&app, game.id).await;
        for (position, id) in plan.iter().enumerate() {
            if !crowd.contains(id) {
                gold_positions.insert(position);
            }
        }
    }
    assert!(
        gold_positions.len() >= 3,
        "gold always at {gold_positions:?}"
    );

    // A player answers all but the last question, then quits.
    let quitter = new_user(&app, 30).await;
    let mut game = start_game(&app, game_of(quitter).chat("q")).await;
    let mut unverified_answered = 0;
    while game.answered_count + 1 < game.question_count {
        unverified_answered += usize::from(!is_gold(&app, &game).await);
        let text = right_or_any(&app, game.current_question.as_ref().expect("q")).await;
        game = answer_after(&app, &game, &text, 5)
            .await
            .game_session
            .expect("session");
    }
    assert!(unverified_answered > 0, "crowd questions were answered");
    let ended = app
        .games()
        .complete_game(CompleteGameRequest {
            game_session_id: game.id,
        })
        .await
        .expect("complete")
        .into_inner()
        .game_session
        .expect("session");
    let reward = ended.reward.clone().expect("reward");
    assert_eq!(reward.forfeit, "ended_early");
    assert_eq!(
        (reward.unverified_paid, reward.completion_bonus.as_str()),
        (0, "0.00")
    );
    let gold_pay = Decimal::new(200, 2) * Decimal::from(reward.gold_correct);
    assert_eq!(
        amount(&ended),
        gold_pay,
        "the right medium gold answers only"
    );
}

#[tokio::test]
async fn no_feedback_text_contains_a_gold_answer() {
    let app = economy_app().await;
    let user = new_user(&app, 40).await;
    for (game_type, chat) in [
        ("intent_quest", "a"),
        ("tone_detective", "b"),
        ("entity_hunter", "c"),
    ] {
        let mut game = start_game(&app, game_of(user).kind(game_type).chat(chat)).await;
        while let Some(question) = game.current_question.clone() {
            let right = correct_answer(&app, question.question_id).await;
            let text = wrong(&app, &game).await;
            let reply = answer_after(&app, &game, &text, 5).await;
            assert!(!reply.correct);
            assert!(
                !reply
                    .feedback
                    .to_lowercase()
                    .contains(&right.to_lowercase()),
                "{game_type}: {:?} reveals {right:?}",
                reply.feedback
            );
            game = reply.game_session.expect("session");
        }
    }
}

/// A bot answering the first option of every `hard` intent_quest question
/// for a whole day earns no more than a fair player whose gold answers are
/// right exactly as often, game by game.
#[tokio::test]
async fn a_bot_answering_the_first_option_earns_no_more_than_a_fair_player_with_its_gold_accuracy()
{
    let app = economy_app().await;
    set(&app, "gold_question_share", "0.4").await;
    crowd_questions(&app, 12).await;
    let (bot, fair) = (new_user(&app, 50).await, new_user(&app, 51).await);
    let (mut bot_total, mut fair_total) = (Decimal::ZERO, Decimal::ZERO);
    let (mut bot_gold, mut bot_right) = (0, 0);
    for n in 0..10 {
        let mut game =
            start_game(&app, game_of(bot).difficulty("hard").chat(&format!("b{n}"))).await;
        while let Some(question) = game.current_question.clone() {
            let first = question.options[0].clone();
            game = answer_after(&app, &game, &first, 3)
                .await
                .game_session
                .expect("session");
        }
        let reward = game.reward.clone().expect("reward");
        bot_gold += reward.gold_answered;
        bot_right += reward.gold_correct;
        bot_total += amount(&game);
        let right = usize::try_from(reward.gold_correct).unwrap_or(0);
        let game = start_game(
            &app,
            game_of(fair).difficulty("hard").chat(&format!("f{n}")),
        )
        .await;
        let game = play(&app, game, |nth| nth < right).await;
        fair_total += amount(&game);
    }
    assert!(
        bot_gold >= 20,
        "the bot was measured: {bot_gold} gold answers"
    );
    assert!(bot_right < bot_gold, "the first option is not always right");
    assert!(
        bot_total <= fair_total,
        "bot {bot_total} > fair {fair_total} at {bot_right}/{bot_gold} gold right"
    );
}

#[tokio::test]
async fn two_chats_of_one_user_yield_one_active_game() {
    use tonic_types::StatusExt;
    let app = economy_app().await;
    let user = new_user(&app, 60).await;
    let web = start_game(&app, game_of(user).difficulty("easy").chat("web-1")).await;
    let whatsapp = app
        .games()
        .start_game(
            game_of(user)
                .kind("tone_detective")
                .difficulty("easy")
                .chat("wa-919812345678"),
        )
        .await;
    let status = crate::helpers::expect_code(whatsapp, tonic::Code::FailedPrecondition);
    let info = status.get_details_error_info().expect("ErrorInfo");
    assert_eq!(info.reason, "GAME_ALREADY_ACTIVE");
    assert_eq!(
        info.metadata.get("game_session_id"),
        Some(&web.id.to_string())
    );
    // The same chat resumes it; once it is idle, another chat may start.
    let again = app
        .games()
        .start_game(game_of(user).difficulty("easy").chat("web-1"))
        .await
        .expect("resume")
        .into_inner();
    assert!(again.resumed);
    app.clock.advance(Duration::minutes(31));
    let fresh = start_game(
        &app,
        game_of(user)
            .kind("tone_detective")
            .difficulty("easy")
            .chat("wa-919812345678"),
    )
    .await;
    assert_ne!(fresh.id, web.id);
    let active =
        format!("SELECT COUNT(*) FROM game_sessions WHERE user_id = {user} AND status = 'active'");
    assert_eq!(app.count(&active).await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_parallel_starts_in_twenty_chats_respect_the_daily_game_limit() {
    let app = economy_app().await;
    set(&app, "daily_game_limit", "3").await;
    let user = new_user(&app, 61).await;
    let tasks: Vec<_> = (0..20)
        .map(|n| {
            let mut games = app.games();
            tokio::spawn(async move {
                let mut started = 0;
                loop {
                    let request = game_of(user)
                        .kind("tone_detective")
                        .difficulty("easy")
                        .chat(&format!("chat-{n}"));
                    match games.start_game(request).await {
                        Ok(reply) => {
                            let game = reply.into_inner().game_session.expect("session");
                            started += 1;
                            let abandon = gamification::proto::AbandonGameRequest {
                                game_session_id: game.id,
                            };
                            games.abandon_game(abandon).await.expect("abandon");
                        }
                        Err(status) if status.code() == tonic::Code::FailedPrecondition => {
                            tokio::task::yield_now().await;
                        }
                        Err(status) if status.code() == tonic::Code::ResourceExhausted => {
                            return started;
                        }
                        Err(status) => panic!("unexpected {status:?}"),
                    }
                }
            })
        })
        .collect();
    let mut started = 0;
    for task in tasks {
        started += task.await.expect("task");
    }
    assert_eq!(started, 3, "exactly the daily limit, whatever the chat");
    let rows = format!("SELECT COUNT(*) FROM game_sessions WHERE user_id = {user}");
    assert_eq!(app.count(&rows).await, 3);
}

#[tokio::test]
async fn the_limits_reset_at_midnight_in_india_and_not_at_midnight_utc() {
    use tonic_types::StatusExt;
    let app = economy_app().await;
    set(&app, "daily_game_limit", "1").await;
    let user = new_user(&app, 62).await;
    let play_one = |chat: &'static str| {
        let app = &app;
        async move {
            let game = start_game(
                app,
                game_of(user)
                    .kind("tone_detective")
                    .difficulty("easy")
                    .chat(chat),
            )
            .await;
            play(app, game, |_| true).await
        }
    };
    // 23:00 in India (17:30 UTC): the day's one game.
    app.clock.set(morning() + Duration::minutes(690));
    play_one("a").await;
    let refused = app
        .games()
        .start_game(
            game_of(user)
                .kind("tone_detective")
                .difficulty("easy")
                .chat("b"),
        )
        .await;
    let status = crate::helpers::expect_code(refused, tonic::Code::ResourceExhausted);
    let quota = status.get_details_quota_failure().expect("QuotaFailure");
    assert_eq!(quota.violations[0].subject, format!("user:{user}"));
    assert_eq!(quota.violations[0].description, "daily_game_limit");
    let wait = status
        .get_details_retry_info()
        .and_then(|r| r.retry_delay)
        .expect("RetryInfo");
    assert!(
        (Duration::minutes(55).to_std().expect("d")..=Duration::minutes(60).to_std().expect("d"))
            .contains(&wait),
        "until midnight in India: {wait:?}"
    );
    // 00:01 in India (18:31 UTC, still the same UTC day): a new day.
    app.clock.set(morning() + Duration::minutes(751));
    play_one("c").await;
    // 05:45 in India is 00:15 UTC of the next UTC day: no reset there.
    app.clock.set(morning() + Duration::minutes(1095));
    let refused = app
        .games()
        .start_game(
            game_of(user)
                .kind("tone_detective")
                .difficulty("easy")
                .chat("d"),
        )
        .await;
    crate::helpers::expect_code(refused, tonic::Code::ResourceExhausted);
}

#[tokio::test]
async fn the_daily_cap_follows_the_day_in_india() {
    let app = economy_app().await;
    set(&app, "daily_reward_cap", "10.00").await;
    let user = new_user(&app, 63).await;
    // 23:00 in India: a full hard game earns more than the cap.
    app.clock.set(morning() + Duration::minutes(690));
    let game = start_game(
        &app,
        game_of(user)
            .kind("tone_detective")
            .difficulty("hard")
            .chat("a"),
    )
    .await;
    let game = play(&app, game, |_| true).await;
    assert_eq!(amount(&game), Decimal::new(1000, 2));
    assert!(game.reward.expect("reward").capped);
    // After midnight in India (same UTC day) the cap starts over.
    app.clock.set(morning() + Duration::minutes(751));
    let game = start_game(
        &app,
        game_of(user)
            .kind("tone_detective")
            .difficulty("easy")
            .chat("b"),
    )
    .await;
    let game = play(&app, game, |_| true).await;
    assert!(amount(&game) > Decimal::ZERO);
}

#[tokio::test]
async fn a_session_written_by_another_app_is_paid_only_when_an_admin_approves_it() {
    use gamification::proto::{
        ApproveGameRewardRequest, ListGamesAwaitingApprovalRequest, RewardStatus,
    };
    use tonic_types::StatusExt;
    let app = economy_app().await;
    let user = new_user(&app, 70).await;
    // The other app's row: completed, and 'pending' by the column's default.
    app.exec(&format!(
        "INSERT INTO game_sessions (session_id, user_id, game_type, status, rewards_earned, \
         reward_status, started_at, completed_at) VALUES ('old-app', {user}, 'intent_quest', \
         'completed', '{{\"coins\": 12}}', 'pending', '2026-03-10 05:00:00', '2026-03-10 05:10:00')"
    ))
    .await;
    let foreign = app
        .count("SELECT CAST(id AS BIGINT) FROM game_sessions WHERE session_id = 'old-app'")
        .await as i32;
    // The worker never takes it on by itself.
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    let queued = crate::rewards::all_rewards(&app, RewardStatus::Pending).await;
    assert!(
        queued.iter().all(|r| r.game_session_id != foreign),
        "paid automatically"
    );

    let list = ListGamesAwaitingApprovalRequest::default();
    let denied = app.games().list_games_awaiting_approval(list.clone()).await;
    crate::helpers::expect_code(denied, tonic::Code::PermissionDenied);
    let admin = || app.games_as(Some(crate::helpers::ADMIN_TOKEN));
    let listed = admin()
        .list_games_awaiting_approval(list.clone())
        .await
        .expect("list")
        .into_inner();
    assert_eq!(listed.games.len(), 1);
    assert!(listed.games[0].rewards_earned_json.contains("coins"));

    let approve = |amount: &str| ApproveGameRewardRequest {
        game_session_id: foreign,
        amount: amount.into(),
        approved_by: "asha".into(),
    };
    let bad = admin().approve_game_reward(approve("12.345")).await;
    let status = crate::helpers::expect_code(bad, tonic::Code::InvalidArgument);
    assert_eq!(crate::helpers::field_violations(&status)[0].0, "amount");
    // 60.00 asked, the day's cap (50.00) paid.
    let approved = admin()
        .approve_game_reward(approve("60.00"))
        .await
        .expect("approve")
        .into_inner();
    let game = approved.game_session.expect("session");
    assert_eq!(amount(&game), Decimal::new(5000, 2));
    assert!(game.reward.expect("reward").capped);
    let queued = crate::rewards::all_rewards(&app, RewardStatus::Pending).await;
    assert!(
        queued
            .iter()
            .any(|r| r.game_session_id == foreign && r.amount == "50.00")
    );
    let original = app
        .text(&format!(
            "SELECT CAST(rewards_earned AS TEXT) FROM game_sessions WHERE id = {foreign}"
        ))
        .await;
    assert!(
        original.contains("coins") && original.contains("asha"),
        "{original}"
    );

    let again = admin().approve_game_reward(approve("1.00")).await;
    let status = crate::helpers::expect_code(again, tonic::Code::FailedPrecondition);
    let reason = status.get_details_error_info().expect("ErrorInfo").reason;
    assert_eq!(reason, "REWARD_NOT_FOR_APPROVAL");
    let listed = admin()
        .list_games_awaiting_approval(list)
        .await
        .expect("list")
        .into_inner();
    assert!(listed.games.is_empty());
}
