use gamification::proto::{
    GetSettingRequest, ListSettingHistoryRequest, ListSettingsRequest, SettingType,
    UpdateSettingRequest,
};
use tonic::Code;

use crate::helpers::{SERVICE_TOKEN, TestApp, expect_code, field_violations};

fn update(key: &str, value: &str, etag: &str) -> UpdateSettingRequest {
    UpdateSettingRequest {
        key: key.into(),
        value: value.into(),
        updated_by: "asha@admin".into(),
        etag: etag.into(),
        reason: "tuning".into(),
    }
}

async fn etag_of(app: &TestApp, key: &str) -> String {
    let response = app
        .settings()
        .get_setting(GetSettingRequest { key: key.into() })
        .await
        .expect("get");
    response.into_inner().setting.expect("setting").etag
}

#[tokio::test]
async fn seeded_settings_are_listed_by_category_across_pages() {
    let app = TestApp::spawn().await;
    let mut client = app.settings();
    let mut keys = Vec::new();
    let mut token = String::new();
    loop {
        let page = client
            .list_settings(ListSettingsRequest {
                category: "rewards".into(),
                page_size: 3,
                page_token: token,
            })
            .await
            .expect("list")
            .into_inner();
        assert!(page.settings.len() <= 3, "page size is respected");
        assert!(page.settings.iter().all(|s| s.category == "rewards"));
        keys.extend(page.settings.into_iter().map(|s| s.key));
        if page.next_page_token.is_empty() {
            break;
        }
        token = page.next_page_token;
    }
    for key in [
        "reward_per_correct_easy",
        "daily_reward_cap",
        "reward_currency",
        "loyalty_points_per_correct",
    ] {
        assert!(
            keys.contains(&key.to_string()),
            "{key} missing from {keys:?}"
        );
    }
    let mut sorted = keys.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(keys, sorted, "each setting once, ordered by key");
}

#[tokio::test]
async fn a_wrong_typed_value_is_refused_with_a_field_violation_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let etag = etag_of(&app, "daily_game_limit").await;
    let cases = [
        ("daily_game_limit", "ten", "value"),
        ("daily_game_limit", "2.5", "value"),
        ("games_enabled", "maybe", "value"),
        ("enabled_game_types", "[not json", "value"),
        ("confidence_low_threshold", "1.5", "value"),
    ];
    for (key, value, field) in cases {
        let etag = etag_of(&app, key).await;
        let status = expect_code(
            app.settings()
                .update_setting(update(key, value, &etag))
                .await,
            Code::InvalidArgument,
        );
        let violations = field_violations(&status);
        assert_eq!(violations.len(), 1, "{key}={value}: {violations:?}");
        assert_eq!(violations[0].0, field, "{key}={value}");
    }
    let setting = app
        .settings()
        .get_setting(GetSettingRequest {
            key: "daily_game_limit".into(),
        })
        .await;
    let setting = setting.expect("get").into_inner().setting.expect("setting");
    assert_eq!(setting.value, "10", "value unchanged");
    assert_eq!(setting.etag, etag, "version unchanged");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM gamification_setting_history")
            .await,
        0
    );
}

#[tokio::test]
async fn missing_author_and_etag_are_reported_together() {
    let app = TestApp::spawn().await;
    let mut request = update("daily_game_limit", "5", "");
    request.updated_by = " ".into();
    let status = expect_code(
        app.settings().update_setting(request).await,
        Code::InvalidArgument,
    );
    let fields: Vec<String> = field_violations(&status)
        .into_iter()
        .map(|(f, _)| f)
        .collect();
    assert_eq!(fields, vec!["updated_by".to_string(), "etag".to_string()]);
}

#[tokio::test]
async fn an_update_is_typed_versioned_and_kept_in_the_history() {
    let app = TestApp::spawn().await;
    let etag = etag_of(&app, "daily_reward_cap").await;
    let updated = app
        .settings()
        .update_setting(update("daily_reward_cap", "75.50", &etag))
        .await;
    let updated = updated
        .expect("update")
        .into_inner()
        .setting
        .expect("setting");
    assert_eq!(updated.value, "75.5");
    assert_eq!(updated.r#type(), SettingType::Number);
    assert_eq!(updated.updated_by, "asha@admin");
    assert_ne!(updated.etag, etag, "a new etag after a change");

    let history = app
        .settings()
        .list_setting_history(ListSettingHistoryRequest {
            key: "daily_reward_cap".into(),
            ..Default::default()
        })
        .await
        .expect("history")
        .into_inner();
    assert_eq!(history.changes.len(), 1);
    let change = &history.changes[0];
    assert_eq!(
        (change.old_value.as_str(), change.new_value.as_str()),
        ("50.00", "75.5")
    );
    assert_eq!(change.changed_by, "asha@admin");
    assert_eq!(change.reason, "tuning");
    assert!(change.change_time.is_some());
}

#[tokio::test]
async fn two_admins_with_the_same_etag_cannot_both_write() {
    let app = TestApp::spawn().await;
    let etag = etag_of(&app, "questions_per_game").await;
    app.settings()
        .update_setting(update("questions_per_game", "6", &etag))
        .await
        .expect("first write");
    let status = expect_code(
        app.settings()
            .update_setting(update("questions_per_game", "7", &etag))
            .await,
        Code::Aborted,
    );
    assert!(status.message().contains("etag"), "{status:?}");
    let setting = app
        .settings()
        .get_setting(GetSettingRequest {
            key: "questions_per_game".into(),
        })
        .await;
    assert_eq!(
        setting
            .expect("get")
            .into_inner()
            .setting
            .expect("setting")
            .value,
        "6"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_updates_with_one_etag_let_exactly_one_win() {
    let app = TestApp::spawn().await;
    let etag = etag_of(&app, "daily_game_limit").await;
    let attempts = (0..8).map(|i| {
        let mut client = app.settings();
        let request = update("daily_game_limit", &(20 + i).to_string(), &etag);
        tokio::spawn(async move {
            client
                .update_setting(request)
                .await
                .map(|_| ())
                .map_err(|s| s.code())
        })
    });
    let mut outcomes = Vec::new();
    for attempt in attempts {
        outcomes.push(attempt.await.expect("task"));
    }
    assert_eq!(
        outcomes.iter().filter(|o| o.is_ok()).count(),
        1,
        "{outcomes:?}"
    );
    assert!(
        outcomes
            .iter()
            .all(|o| matches!(o, Ok(()) | Err(Code::Aborted))),
        "{outcomes:?}"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM gamification_setting_history")
            .await,
        1
    );
}

#[tokio::test]
async fn unknown_settings_are_not_found() {
    let app = TestApp::spawn().await;
    expect_code(
        app.settings()
            .get_setting(GetSettingRequest {
                key: "no_such".into(),
            })
            .await,
        Code::NotFound,
    );
    expect_code(
        app.settings()
            .update_setting(update("no_such", "1", "1"))
            .await,
        Code::NotFound,
    );
}

#[tokio::test]
async fn only_admins_change_settings_and_every_call_needs_a_known_token() {
    let app = TestApp::spawn().await;
    let etag = etag_of(&app, "daily_game_limit").await;
    let status = app
        .settings_as(Some(SERVICE_TOKEN))
        .update_setting(update("daily_game_limit", "3", &etag))
        .await;
    expect_code(status, Code::PermissionDenied);
    let mut service = app.settings_as(Some(SERVICE_TOKEN));
    let read = service
        .get_setting(GetSettingRequest {
            key: "daily_game_limit".into(),
        })
        .await;
    assert!(read.is_ok(), "services may read settings");
    let anonymous = app
        .settings_as(None)
        .get_setting(GetSettingRequest {
            key: "daily_game_limit".into(),
        })
        .await;
    expect_code(anonymous, Code::Unauthenticated);
    let forged = app
        .settings_as(Some("forged-token-0123456789"))
        .get_setting(GetSettingRequest {
            key: "daily_game_limit".into(),
        })
        .await;
    expect_code(forged, Code::Unauthenticated);
}

#[tokio::test]
async fn the_cached_view_sees_a_change_made_through_another_instance() {
    let first = TestApp::spawn().await;
    // A second service instance on the same database, with its own cache.
    let cache = gamification::settings::SettingsCache::load(first.db.clone())
        .await
        .expect("cache");
    assert_eq!(cache.current().await.daily_game_limit, 10);
    let etag = etag_of(&first, "settings_cache_seconds").await;
    first
        .settings()
        .update_setting(update("settings_cache_seconds", "1", &etag))
        .await
        .expect("ttl");
    let etag = etag_of(&first, "daily_game_limit").await;
    first
        .settings()
        .update_setting(update("daily_game_limit", "4", &etag))
        .await
        .expect("limit");
    // The other cache reloads within its bound (at most 5 s, then 1 s).
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(8);
    while cache.current().await.daily_game_limit != 4 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "change not seen within the cache bound"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
}
