//! Browser tests: a real headless Chromium signs in, changes a setting,
//! meets a stale-edit conflict, creates and imports questions, reviews
//! samples with the keyboard, retries a failed reward, has a forged form
//! refused, and signs out.
use gamification::proto::{
    FailRewardRequest, GetSettingRequest, RecordSampleRequest, UpdateSettingRequest,
};

use super::{base, browser::Browser, spawn};
use crate::{
    helpers::{SERVICE_TOKEN, TestApp},
    rewards::{completed_games, user},
};

async fn open(app: &TestApp) -> Browser {
    let browser = Browser::start(base(app)).await;
    browser.sign_in().await;
    browser
}

#[tokio::test]
#[cfg_attr(
    not(browser_tests),
    ignore = "needs chromium and chromedriver on PATH (apt-get install chromium chromium-driver)"
)]
async fn browser_sign_in_and_sign_out() {
    let app = spawn().await;
    let browser = Browser::start(base(&app)).await;
    browser.goto("/settings").await;
    browser.heading("Sign in").await;
    assert_eq!(browser.path().await, "/signin", "sent to sign in");
    browser.sign_in().await;
    assert!(
        browser
            .text("header.top")
            .await
            .contains("Signed in as asha")
    );
    browser.click("#signout").await;
    browser.heading("Sign in").await;
    assert!(browser.text("main").await.contains("You are signed out."));
    // Back at a page: sign in again, not a page from a cache.
    browser.goto("/settings").await;
    browser.heading("Sign in").await;
    browser.client.back().await.expect("back");
    browser.heading("Sign in").await;
    browser.close().await;
}

#[tokio::test]
#[cfg_attr(
    not(browser_tests),
    ignore = "needs chromium and chromedriver on PATH (apt-get install chromium chromium-driver)"
)]
async fn browser_setting_change_shows_in_its_history_and_bad_values_next_to_the_field() {
    let app = spawn().await;
    let browser = open(&app).await;
    browser.click("a[href='/settings']").await;
    browser.heading("Settings").await;
    browser.click("a[href='/settings/daily_game_limit']").await;
    browser.heading("daily_game_limit").await;

    browser.fill("#value", "-3").await;
    browser.click("#setting-form button").await;
    let error = browser.text("#value-error").await;
    assert!(error.contains("number setting"), "{error}");

    browser.fill("#value", "12").await;
    browser.fill("#reason", "festival week").await;
    browser.click("#setting-form button").await;
    assert_eq!(browser.text("p.notice").await, "Saved.");
    assert_eq!(browser.text("#current-value").await, "12");
    let history = browser.text("#history").await;
    assert!(history.contains("asha"), "{history}");
    assert!(history.contains("festival week"), "{history}");
    assert!(history.contains("→ 12"), "{history}");
    let stored = app
        .text("SELECT value FROM gamification_settings WHERE key = 'daily_game_limit'")
        .await;
    assert_eq!(stored, "12");
    browser.close().await;
}

#[tokio::test]
#[cfg_attr(
    not(browser_tests),
    ignore = "needs chromium and chromedriver on PATH (apt-get install chromium chromium-driver)"
)]
async fn browser_stale_edit_shows_the_conflict_and_the_current_value() {
    let app = spawn().await;
    let browser = open(&app).await;
    browser.goto("/settings/daily_game_limit").await;
    browser.heading("daily_game_limit").await;
    // Someone else changes it meanwhile, through the API.
    let mut settings = app.settings();
    let current = settings
        .get_setting(GetSettingRequest {
            key: "daily_game_limit".into(),
        })
        .await
        .expect("get")
        .into_inner()
        .setting
        .expect("setting");
    settings
        .update_setting(UpdateSettingRequest {
            key: "daily_game_limit".into(),
            value: "15".into(),
            updated_by: "ravi".into(),
            etag: current.etag,
            reason: "more games".into(),
        })
        .await
        .expect("update");

    browser.fill("#value", "20").await;
    browser.click("#setting-form button").await;
    let conflict = browser.text("#conflict").await;
    assert!(conflict.contains("It is now 15"), "{conflict}");
    assert!(conflict.contains("ravi"), "{conflict}");
    assert!(
        conflict.contains("Your value 20 was not saved"),
        "{conflict}"
    );
    assert_eq!(browser.text("#current-value").await, "15");
    let stored = app
        .text("SELECT value FROM gamification_settings WHERE key = 'daily_game_limit'")
        .await;
    assert_eq!(stored, "15", "the stale edit wrote nothing");
    // Saving again, knowingly, replaces it.
    browser.click("#setting-form button").await;
    assert_eq!(browser.text("p.notice").await, "Saved.");
    assert_eq!(browser.text("#current-value").await, "20");
    browser.close().await;
}

#[tokio::test]
#[cfg_attr(
    not(browser_tests),
    ignore = "needs chromium and chromedriver on PATH (apt-get install chromium chromium-driver)"
)]
async fn browser_create_a_question_and_import_a_file_with_one_bad_row() {
    let app = spawn().await;
    let browser = open(&app).await;
    browser.goto("/questions/new").await;
    browser.heading("New question").await;
    browser.fill("#question_text", "मुझे एक पिज़्ज़ा चाहिए").await;
    browser.fill("#correct_answer", "order_food").await;
    browser
        .fill("#answer_options", "order_food\ngreeting")
        .await;
    browser.fill("#reward_amount", "1.234").await;
    browser.click("#question-form button[type=submit]").await;
    // Violations sit next to their fields, as the API names them.
    let amount = browser.text("#reward_amount-error").await;
    assert!(amount.contains("at most 2 decimal places"), "{amount}");
    browser.fill("#reward_amount", "").await;
    browser
        .fill("#answer_options", "order_food\ngreeting\ncancel_order")
        .await;
    browser.click("#question-form button[type=submit]").await;
    assert_eq!(browser.text("p.notice").await, "Question created.");
    let id = app
        .count("SELECT CAST(MAX(id) AS BIGINT) FROM game_questions WHERE question_text = 'मुझे एक पिज़्ज़ा चाहिए'")
        .await;
    assert!(
        browser
            .path()
            .await
            .starts_with(&format!("/questions/{id}"))
    );

    // The list finds it by its Hindi text, rendered as written.
    browser.goto("/questions?q=%E0%A4%AA%E0%A4%BF%E0%A4%9C%E0%A4%BC%E0%A5%8D%E0%A4%9C%E0%A4%BC%E0%A4%BE&language=hi").await;
    let table = browser.text("#questions").await;
    assert!(table.contains("मुझे एक पिज़्ज़ा चाहिए"), "{table}");

    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("questions.csv");
    std::fs::write(
        &file,
        "game_type,language,question_text,correct_answer,answer_options,difficulty,tags\n\
         intent_quest,hi,कल का मौसम कैसा है,weather,weather|greeting,easy,weather\n\
         intent_quest,hi,,greeting,greeting|weather,easy,\n\
         tone_detective,en,Thanks a lot!!,happy,happy|angry,medium,tone\n",
    )
    .expect("write");
    browser.goto("/questions/import").await;
    browser
        .find("#file")
        .await
        .send_keys(file.to_str().expect("path"))
        .await
        .expect("choose the file");
    browser.click("#import-form button[type=submit]").await;
    assert_eq!(browser.text("#imported-count").await, "2");
    assert_eq!(browser.text("#rejected-count").await, "1");
    let rejections = browser.text("#rejections").await;
    assert!(rejections.contains("question_text"), "{rejections}");
    assert!(rejections.contains("2 3"), "row 2, line 3: {rejections}");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM game_questions WHERE question_text IN ('कल का मौसम कैसा है', 'Thanks a lot!!')")
            .await,
        2
    );

    // Disable it from the list.
    let imported = app
        .count("SELECT CAST(id AS BIGINT) FROM game_questions WHERE question_text = 'कल का मौसम कैसा है'")
        .await;
    browser
        .goto("/questions?q=%E0%A4%95%E0%A4%B2&language=hi")
        .await;
    let found = browser.text("#questions").await;
    assert!(found.contains("कल का मौसम कैसा है"), "{found}");
    assert!(!found.contains("Thanks a lot"), "{found}");
    browser
        .click(&format!("button[aria-label='Disable question {imported}']"))
        .await;
    assert_eq!(browser.text("p.notice").await, "Disabled.");
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM game_questions WHERE id = {imported} AND enabled = true"
        ))
        .await,
        0
    );
    browser.close().await;
}

async fn record(app: &TestApp, text: &str, intent: &str, priority: i32) -> i32 {
    app.training_as(Some(SERVICE_TOKEN))
        .record_sample(RecordSampleRequest {
            text: text.into(),
            intent: intent.into(),
            language: "hi".into(),
            confidence: "0.55".into(),
            review_priority: priority,
            ..Default::default()
        })
        .await
        .expect("record")
        .into_inner()
        .sample
        .expect("sample")
        .id as i32
}

#[tokio::test]
#[cfg_attr(
    not(browser_tests),
    ignore = "needs chromium and chromedriver on PATH (apt-get install chromium chromium-driver)"
)]
async fn browser_review_queue_approves_and_relabels_with_the_keyboard() {
    let app = spawn().await;
    let first = record(&app, "मुझे पिज़्ज़ा चाहिए", "order_food", 9).await;
    let second = record(&app, "mera order kahan hai", "greeting", 5).await;
    let third = record(&app, "namaste", "greeting", 1).await;
    let browser = open(&app).await;
    browser.goto("/review").await;
    browser.heading("Review queue").await;
    assert_eq!(browser.text("#pending-count").await, "3");
    assert!(
        browser
            .text("blockquote.message")
            .await
            .contains("मुझे पिज़्ज़ा चाहिए")
    );

    browser.press('a').await;
    assert_eq!(browser.text("p.notice").await, "Approved.");
    assert!(
        browser
            .text("blockquote.message")
            .await
            .contains("mera order kahan hai")
    );

    browser.press('l').await;
    let active = browser.client.active_element().await.expect("focus");
    assert_eq!(
        active.attr("id").await.expect("id").as_deref(),
        Some("intent")
    );
    active
        .send_keys("track_order\u{E007}")
        .await
        .expect("type and Enter");
    assert_eq!(browser.text("p.notice").await, "Relabelled and approved.");

    // Skip leaves the last one pending.
    assert!(browser.text("blockquote.message").await.contains("namaste"));
    browser.press('s').await;
    browser.find("#queue-empty").await;

    let status = |id: i32| {
        format!(
            "SELECT review_status || ':' || intent || ':' || approved_by FROM training_samples WHERE id = {id}"
        )
    };
    assert_eq!(app.text(&status(first)).await, "approved:order_food:asha");
    assert_eq!(
        app.text(&status(second)).await,
        "corrected:track_order:asha"
    );
    assert_eq!(
        app.text(&format!(
            "SELECT review_status FROM training_samples WHERE id = {third}"
        ))
        .await,
        "pending"
    );
    browser.close().await;
}

#[tokio::test]
#[cfg_attr(
    not(browser_tests),
    ignore = "needs chromium and chromedriver on PATH (apt-get install chromium chromium-driver)"
)]
async fn browser_retry_a_failed_reward() {
    let app = spawn().await;
    let asha = user(&app, 501).await;
    let games = completed_games(&app, asha, &["12.00", "3.50"]).await;
    app.rewards()
        .fail_reward(FailRewardRequest {
            game_session_id: games[0],
            reason: "wallet account closed".into(),
        })
        .await
        .expect("fail");
    let browser = open(&app).await;
    browser.click("a[href='/rewards']").await;
    browser.heading("Rewards").await;
    let row = browser.text(&format!("tr[data-game='{}']", games[0])).await;
    assert!(row.contains("wallet account closed"), "{row}");
    assert!(row.contains("12.00"), "{row}");
    browser
        .click(&format!(
            "button[aria-label='Retry the reward of game {}']",
            games[0]
        ))
        .await;
    assert!(browser.text("p.notice").await.contains("pending again"));
    browser.find("#no-rewards").await;
    assert_eq!(
        app.text(&format!(
            "SELECT status FROM reward_deliveries WHERE game_session_id = {}",
            games[0]
        ))
        .await,
        "pending"
    );
    // The user's summary.
    browser.goto(&format!("/rewards/user?user_id={asha}")).await;
    let summary = browser.text("#summary").await;
    assert!(summary.contains("Pending 2 15.50"), "{summary}");
    browser.close().await;
}

#[tokio::test]
#[cfg_attr(
    not(browser_tests),
    ignore = "needs chromium and chromedriver on PATH (apt-get install chromium chromium-driver)"
)]
async fn browser_a_forged_form_is_refused_and_critical_flows_are_locked() {
    let app = spawn().await;
    let browser = open(&app).await;
    browser.goto("/settings/daily_game_limit").await;
    browser.heading("daily_game_limit").await;
    // A form whose CSRF token is not the session's, as a forged one.
    browser
        .client
        .execute(
            "document.querySelector('#setting-form input[name=csrf]').value = 'forged';",
            vec![],
        )
        .await
        .expect("tamper");
    browser.fill("#value", "99").await;
    browser.click("#setting-form button").await;
    browser.heading("Form refused").await;
    assert!(browser.text("main").await.contains("CSRF"));
    let stored = app
        .text("SELECT value FROM gamification_settings WHERE key = 'daily_game_limit'")
        .await;
    assert_ne!(stored, "99");

    app.exec(
        "INSERT INTO flows (id, name, module, states, \"initialState\", enabled, status, created_at, system_critical) VALUES \
         ('greeting_v1', 'Greeting', 'core', '{}', 'start', true, 'active', CURRENT_TIMESTAMP, true), \
         ('pizza_order', 'Pizza order', 'food', '{}', 'start', true, 'active', CURRENT_TIMESTAMP, false)",
    )
    .await;
    browser.click("a[href='/flows']").await;
    browser.heading("Flows").await;
    let critical = browser.text("tr[data-flow='greeting_v1']").await;
    assert!(critical.contains("system-critical"), "{critical}");
    let locked = browser
        .find("tr[data-flow='greeting_v1'] button[disabled]")
        .await;
    assert_eq!(locked.text().await.expect("text"), "Locked");
    browser
        .click("button[aria-label='Disable pizza_order']")
        .await;
    assert_eq!(browser.text("p.notice").await, "Disabled.");
    assert!(
        browser
            .text("tr[data-flow='pizza_order']")
            .await
            .contains("disabled")
    );
    browser.close().await;
}
