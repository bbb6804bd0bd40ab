//! Refreshes docs/screenshots: a PNG of every console page, over seeded
//! data. Run with
//! `cargo test --test it console::screenshots -- --ignored`.
use chrono::{Duration, Utc};
use gamification::proto::{
    ConfirmRewardRequest, CreateQuestionRequest, FailRewardRequest, GetSettingRequest,
    QuestionInput, RecordSampleRequest, UpdateSettingRequest,
};

use super::{base, browser::Browser, spawn};
use crate::{
    helpers::{SERVICE_TOKEN, TestApp},
    rewards::{completed_games, user},
};

async fn change_setting(app: &TestApp, key: &str, value: &str, by: &str, reason: &str) {
    let mut settings = app.settings();
    let etag = settings
        .get_setting(GetSettingRequest { key: key.into() })
        .await
        .expect("get")
        .into_inner()
        .setting
        .expect("setting")
        .etag;
    settings
        .update_setting(UpdateSettingRequest {
            key: key.into(),
            value: value.into(),
            updated_by: by.into(),
            etag,
            reason: reason.into(),
        })
        .await
        .expect("update");
}

async fn question(
    app: &TestApp,
    kind: &str,
    language: &str,
    text: &str,
    answer: &str,
    options: &[&str],
) {
    app.questions()
        .create_question(CreateQuestionRequest {
            question: Some(QuestionInput {
                game_type: kind.into(),
                language: language.into(),
                question_text: text.into(),
                correct_answer: answer.into(),
                answer_options: options.iter().map(|o| o.to_string()).collect(),
                difficulty: "easy".into(),
                enabled: Some(true),
                ..Default::default()
            }),
            request_id: String::new(),
        })
        .await
        // The starter bank may hold the same text already: fine.
        .ok();
}

fn at(days_ago: i64, hour: u32) -> String {
    let day = Utc::now().date_naive() - Duration::days(days_ago);
    format!("{} {:02}:15:00", day, hour)
}

/// Games, rewards, samples, votes and questions enough to fill each page.
async fn seed(app: &TestApp) {
    change_setting(app, "daily_game_limit", "12", "asha", "festival week").await;
    app.exec(
        "INSERT INTO flows (id, name, module, states, \"initialState\", enabled, status, created_at, system_critical) VALUES \
         ('greeting_v1', 'Greeting', 'core', '{}', 'start', true, 'active', CURRENT_TIMESTAMP, true), \
         ('help_v1', 'Help', 'core', '{}', 'start', true, 'active', CURRENT_TIMESTAMP, true), \
         ('pizza_order', 'Pizza order', 'food', '{}', 'start', true, 'active', CURRENT_TIMESTAMP, false), \
         ('recharge', 'Mobile recharge', 'payments', '{}', 'start', false, 'active', CURRENT_TIMESTAMP, false)",
    )
    .await;
    change_setting(app, "daily_game_limit", "10", "ravi", "back to normal").await;
    for (kind, lang, text, answer, options) in [
        (
            "intent_quest",
            "hi",
            "मुझे एक पिज़्ज़ा चाहिए",
            "order_food",
            &["order_food", "greeting", "cancel_order"][..],
        ),
        (
            "intent_quest",
            "hi",
            "मेरा ऑर्डर कहाँ है?",
            "track_order",
            &["track_order", "cancel_order"][..],
        ),
        (
            "tone_detective",
            "en",
            "This is the third time I'm asking!",
            "angry",
            &["angry", "happy", "neutral"][..],
        ),
        (
            "intent_quest",
            "en",
            "Book a table for two tonight",
            "book_table",
            &["book_table", "greeting"][..],
        ),
        (
            "intent_quest",
            "hi",
            "कल का मौसम कैसा रहेगा",
            "weather",
            &["weather", "greeting"][..],
        ),
    ] {
        question(app, kind, lang, text, answer, options).await;
    }
    app.exec("UPDATE game_questions SET usage_count = 40 + id * 7, success_rate = 0.6 + id * 0.05 WHERE id <= 4")
        .await;

    let asha = user(app, 501).await;
    let ravi = user(app, 502).await;
    // Games over the month.
    let mut rows = Vec::new();
    for days_ago in 0..30i64 {
        let n = 3 + (days_ago * 7 % 11);
        for k in 0..n {
            let completed = k % 4 != 3;
            rows.push(format!(
                "('{}', {}, 'intent_quest', '{}', '{}', {})",
                uuid::Uuid::new_v4(),
                if k % 2 == 0 { asha } else { ravi },
                if completed { "completed" } else { "abandoned" },
                at(days_ago, 9 + (k % 10) as u32),
                if completed {
                    format!("'{}'", at(days_ago, 10 + (k % 10) as u32))
                } else {
                    "NULL".into()
                },
            ));
        }
    }
    app.exec(&format!(
        "INSERT INTO game_sessions (session_id, user_id, game_type, status, started_at, completed_at) VALUES {}",
        rows.join(", ")
    ))
    .await;
    // Rewards: credited over the month, some pending, two failed.
    let amounts: Vec<String> = (0..24).map(|i| format!("{}.50", 2 + i % 9)).collect();
    let refs: Vec<&str> = amounts.iter().map(String::as_str).collect();
    let games = completed_games(app, asha, &refs).await;
    for (i, game) in games.iter().enumerate() {
        match i % 6 {
            0..=3 => {
                app.rewards()
                    .confirm_reward(ConfirmRewardRequest {
                        game_session_id: *game,
                        reward_transaction_id: format!("php-{game}"),
                    })
                    .await
                    .expect("confirm");
                app.exec(&format!(
                    "UPDATE reward_deliveries SET credited_at = '{}' WHERE game_session_id = {game}",
                    at((i as i64 * 5) % 29, 12)
                ))
                .await;
            }
            4 if i < 12 => {
                app.rewards()
                    .fail_reward(FailRewardRequest {
                        game_session_id: *game,
                        reason: "wallet answered 500: account locked".into(),
                    })
                    .await
                    .expect("fail");
            }
            _ => {}
        }
    }
    // Samples: pending ones to review, approved ones over the month.
    let mut training = app.training_as(Some(SERVICE_TOKEN));
    for (i, (text, intent, lang)) in [
        ("मुझे पिज़्ज़ा चाहिए जल्दी से", "order_food", "hi"),
        ("mera order kab tak aayega", "greeting", "hi"),
        ("cancel karo please", "cancel_order", "hi"),
        ("what's the weather tomorrow", "weather", "en"),
        ("thank you so much", "greeting", "en"),
        ("table for 4 at 8pm", "book_table", "en"),
    ]
    .into_iter()
    .enumerate()
    {
        training
            .record_sample(RecordSampleRequest {
                text: text.into(),
                intent: intent.into(),
                language: lang.into(),
                confidence: "0.58".into(),
                review_priority: 10 - i as i32,
                ..Default::default()
            })
            .await
            .expect("record");
    }
    for days_ago in 0..30i64 {
        for k in 0..(days_ago % 5 + 1) {
            app.exec(&format!(
                "INSERT INTO training_samples (text, intent, language, source, approved, approved_by, approved_at, review_status, created_at) \
                 VALUES ('sample {days_ago}-{k}', 'order_food', 'hi', 'game', true, '{}', '{}', 'approved', '{}')",
                if k % 2 == 0 { "crowd" } else { "asha" },
                at(days_ago, 14),
                at(days_ago, 13),
            ))
            .await;
        }
    }
    app.exec("UPDATE training_samples SET confidence = 0.82 WHERE approved_by = 'crowd'")
        .await;
    // The first pending sample came from a logged turn, with alternates and votes.
    app.exec(
        "INSERT INTO conversation_logs (session_id, user_message, nlu_intent, nlu_confidence, nlu_alternate_intents, \
         is_training_candidate, channel, created_at) VALUES ('wa-1', 'मुझे पिज़्ज़ा चाहिए जल्दी से', 'order_food', 0.58, \
         '[{\"intent\": \"order_food\", \"confidence\": 0.58}, {\"intent\": \"track_order\", \"confidence\": 0.27}, {\"intent\": \"greeting\", \"confidence\": 0.09}]', \
         true, 'whatsapp', CURRENT_TIMESTAMP)",
    )
    .await;
    app.exec(
        "INSERT INTO conversation_logs (session_id, user_message, is_training_candidate, created_at) \
         VALUES ('wa-2', 'kal milte hain', true, CURRENT_TIMESTAMP)",
    )
    .await;
    let sample = app
        .count(
            "SELECT CAST(MIN(id) AS BIGINT) FROM training_samples WHERE review_status = 'pending'",
        )
        .await;
    let log = app
        .count("SELECT CAST(MIN(id) AS BIGINT) FROM conversation_logs")
        .await;
    app.exec(&format!(
        "UPDATE training_samples SET conversation_log_id = {log} WHERE id = {sample}"
    ))
    .await;
    let mut voters = Vec::new();
    for (php, answered, correct, label) in [
        (601, 20, 18, "order_food"),
        (602, 12, 9, "order_food"),
        (603, 3, 3, "track_order"),
        (604, 15, 7, "track_order"),
    ] {
        let id = user(app, php).await;
        voters.push(id);
        app.exec(&format!(
            "INSERT INTO player_reliability (user_id, gold_answered, gold_correct, updated_at) \
             VALUES ({id}, {answered}, {correct}, CURRENT_TIMESTAMP)"
        ))
        .await;
        app.exec(&format!(
            "INSERT INTO label_votes (sample_id, user_id, intent, weight, created_at) \
             VALUES ({sample}, {id}, '{label}', 0, CURRENT_TIMESTAMP)"
        ))
        .await;
    }
}

async fn shoot(browser: &Browser, name: &str) {
    browser
        .client
        .set_window_size(1280, 700)
        .await
        .expect("resize");
    let height = browser
        .client
        .execute("return document.documentElement.scrollHeight;", vec![])
        .await
        .expect("height")
        .as_u64()
        .unwrap_or(1000)
        .clamp(600, 4000);
    browser
        .client
        .set_window_size(1280, height as u32 + 120)
        .await
        .expect("resize");
    let png = browser.client.screenshot().await.expect("screenshot");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/screenshots");
    std::fs::create_dir_all(&dir).expect("dir");
    std::fs::write(dir.join(format!("{name}.png")), png).expect("write");
}

#[tokio::test]
#[ignore = "writes docs/screenshots/*.png: cargo test --test it console::screenshots -- --ignored"]
async fn refresh_screenshots() {
    let app = spawn().await;
    seed(&app).await;
    let browser = Browser::start(base(&app)).await;
    browser.goto("/signin").await;
    browser.heading("Sign in").await;
    shoot(&browser, "01-sign-in").await;
    browser.sign_in().await;
    shoot(&browser, "02-dashboard").await;
    browser.goto("/settings").await;
    shoot(&browser, "03-settings").await;
    browser.goto("/settings/daily_game_limit").await;
    shoot(&browser, "04-setting-history").await;
    change_setting(&app, "daily_game_limit", "15", "ravi", "weekend").await;
    browser.fill("#value", "20").await;
    browser.click("#setting-form button").await;
    browser.find("#conflict").await;
    shoot(&browser, "05-setting-conflict").await;
    browser.goto("/questions").await;
    shoot(&browser, "06-questions").await;
    browser.goto("/questions/new").await;
    browser.fill("#question_text", "मुझे एक पिज़्ज़ा चाहिए").await;
    browser
        .fill("#answer_options", "order_food\ngreeting")
        .await;
    browser.click("#question-form button[type=submit]").await;
    browser.find(".field-error").await;
    shoot(&browser, "07-question-errors").await;
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("questions.csv");
    std::fs::write(
        &file,
        "game_type,language,question_text,correct_answer,answer_options,difficulty\n\
         intent_quest,hi,मैं टेबल बुक करना चाहता हूँ,book_table,book_table|greeting,easy\n\
         intent_quest,hi,,greeting,greeting|weather,easy\n\
         tone_detective,en,Fine. Whatever.,annoyed,happy|angry,medium\n",
    )
    .expect("write");
    browser.goto("/questions/import").await;
    browser
        .find("#file")
        .await
        .send_keys(file.to_str().expect("path"))
        .await
        .expect("file");
    browser.click("#import-form button[type=submit]").await;
    browser.find("#rejections").await;
    shoot(&browser, "08-question-import").await;
    browser.goto("/review").await;
    shoot(&browser, "09-review-queue").await;
    browser.goto("/flows").await;
    shoot(&browser, "10-flows").await;
    browser.goto("/rewards?status=failed").await;
    shoot(&browser, "11-rewards-failed").await;
    let asha = app
        .count("SELECT CAST(id AS BIGINT) FROM users WHERE php_user_id = 501")
        .await;
    browser.goto(&format!("/rewards/user?user_id={asha}")).await;
    shoot(&browser, "12-rewards-user").await;
    browser.close().await;
}
