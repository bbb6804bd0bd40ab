//! The console's guards over plain HTTP: who may sign in, the cookie's
//! flags, CSRF, caching, and when the console refuses to start.
use gamification::{config::Config, startup::Application};

use super::{
    http::{self, get, post, sign_in, sign_in_with},
    spawn,
};
use crate::{
    db::TestDatabase,
    helpers::{ADMIN_TOKEN, SERVICE_TOKEN, TestApp},
};

#[tokio::test]
async fn an_admin_token_signs_in_with_a_strict_http_only_cookie() {
    let app = spawn().await;
    let addr = app.console.expect("console");
    let reply = sign_in_with(addr, "asha", ADMIN_TOKEN).await;
    assert_eq!(reply.status, 303);
    assert_eq!(reply.header("location"), Some("/"));
    let cookie = reply
        .set_cookies()
        .into_iter()
        .find(|c| c.starts_with("gamification_console="))
        .expect("the session cookie")
        .to_string();
    for flag in ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=28800"] {
        assert!(cookie.contains(flag), "{flag} in {cookie}");
    }
    assert!(
        !cookie.contains("Secure"),
        "plain HTTP on loopback: {cookie}"
    );
    let value = cookie.split(';').next().expect("pair");
    assert!(
        value.len() > "gamification_console=".len() + 60,
        "a long random id"
    );

    // Behind a TLS-terminating proxy the cookie is Secure.
    let page = get(addr, "/signin", &[]).await;
    let form_cookie = page.cookie("gamification_console_signin").expect("cookie");
    let token = page.hidden("signin").expect("token");
    let tls = http::send(
        addr,
        "/signin",
        &[&form_cookie],
        Some(&[("signin", &token), ("name", "asha"), ("token", ADMIN_TOKEN)]),
        &[("X-Forwarded-Proto", "https")],
    )
    .await;
    assert_eq!(tls.status, 303);
    let secure = tls.cookie("gamification_console").is_some()
        && tls.set_cookies().iter().any(|c| c.contains("Secure"));
    assert!(secure, "{:?}", tls.set_cookies());
}

#[tokio::test]
async fn a_service_token_or_an_unknown_one_cannot_sign_in() {
    let app = spawn().await;
    let addr = app.console.expect("console");
    let service = sign_in_with(addr, "bot", SERVICE_TOKEN).await;
    assert_eq!(service.status, 401);
    assert!(service.cookie("gamification_console").is_none());
    assert!(
        service.body.contains("is a service token"),
        "{}",
        service.body
    );
    let unknown = sign_in_with(addr, "eve", "not-a-token-at-all-0000").await;
    assert_eq!(unknown.status, 401);
    assert!(unknown.cookie("gamification_console").is_none());
    let nameless = sign_in_with(addr, "  ", ADMIN_TOKEN).await;
    assert_eq!(nameless.status, 422);
    assert!(nameless.cookie("gamification_console").is_none());
    // A sign-in without the form's own token (a forged form) is refused.
    let forged = post(
        addr,
        "/signin",
        &[],
        &[("name", "asha"), ("token", ADMIN_TOKEN)],
    )
    .await;
    assert_eq!(forged.status, 403);
    assert!(forged.cookie("gamification_console").is_none());
}

#[tokio::test]
async fn pages_need_a_session_and_are_never_cached() {
    let app = spawn().await;
    let addr = app.console.expect("console");
    for path in [
        "/",
        "/settings",
        "/questions",
        "/review",
        "/flows",
        "/rewards",
    ] {
        let anonymous = get(addr, path, &[]).await;
        assert_eq!(anonymous.status, 303, "{path}");
        assert_eq!(anonymous.header("location"), Some("/signin"), "{path}");
    }
    let signed = sign_in(addr).await;
    for path in [
        "/",
        "/settings",
        "/settings/daily_game_limit",
        "/questions",
        "/questions/new",
        "/questions/import",
        "/review",
        "/flows",
        "/rewards",
        "/rewards?status=pending",
        "/signin",
    ] {
        let page = get(addr, path, &[&signed.cookie]).await;
        assert_eq!(page.status, 200, "{path}: {}", page.body);
        assert_eq!(page.header("cache-control"), Some("no-store"), "{path}");
        assert!(page.header("content-security-policy").is_some(), "{path}");
        assert_eq!(page.header("x-frame-options"), Some("DENY"), "{path}");
        assert!(page.body.contains("<meta charset=\"utf-8\">"), "{path}");
    }
    let css = get(addr, "/static/console.css", &[]).await;
    assert_eq!(css.status, 200);
    assert!(css.body.contains("Noto Sans Devanagari"));
}

#[tokio::test]
async fn a_form_without_the_sessions_csrf_token_changes_nothing() {
    let app = spawn().await;
    let addr = app.console.expect("console");
    let signed = sign_in(addr).await;
    let before = app
        .text("SELECT value FROM gamification_settings WHERE key = 'daily_game_limit'")
        .await;
    let etag = get(addr, "/settings/daily_game_limit", &[&signed.cookie])
        .await
        .hidden("etag")
        .expect("etag");
    for csrf in [
        "",
        "0123456789abcdef",
        &signed.csrf[..signed.csrf.len() - 1],
    ] {
        let forged = post(
            addr,
            "/settings/daily_game_limit",
            &[&signed.cookie],
            &[
                ("csrf", csrf),
                ("etag", &etag),
                ("value", "99"),
                ("reason", "forged"),
            ],
        )
        .await;
        assert_eq!(forged.status, 403, "{csrf:?}");
        assert!(forged.body.contains("CSRF"), "{}", forged.body);
    }
    // Another session's token does not do either.
    let other = sign_in(addr).await;
    let crossed = post(
        addr,
        "/settings/daily_game_limit",
        &[&signed.cookie],
        &[("csrf", &other.csrf), ("etag", &etag), ("value", "99")],
    )
    .await;
    assert_eq!(crossed.status, 403);
    let after = app
        .text("SELECT value FROM gamification_settings WHERE key = 'daily_game_limit'")
        .await;
    assert_eq!(before, after);
    // The right token does.
    let saved = post(
        addr,
        "/settings/daily_game_limit",
        &[&signed.cookie],
        &[
            ("csrf", &signed.csrf),
            ("etag", &etag),
            ("value", "99"),
            ("reason", "test"),
        ],
    )
    .await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    let changed_by = app
        .text("SELECT changed_by FROM gamification_setting_history WHERE setting_key = 'daily_game_limit'")
        .await;
    assert_eq!(changed_by, "asha");
}

#[tokio::test]
async fn sign_out_ends_the_session_on_the_server() {
    let app = spawn().await;
    let addr = app.console.expect("console");
    let signed = sign_in(addr).await;
    let refused = post(addr, "/signout", &[&signed.cookie], &[("csrf", "nope")]).await;
    assert_eq!(refused.status, 403, "sign-out is CSRF-checked too");
    let out = post(
        addr,
        "/signout",
        &[&signed.cookie],
        &[("csrf", &signed.csrf)],
    )
    .await;
    assert_eq!(out.status, 303);
    assert_eq!(out.header("location"), Some("/signin?done=signedout"));
    assert!(
        out.set_cookies().iter().any(|c| c.contains("Max-Age=0")),
        "the cookie is deleted"
    );
    // The old cookie, replayed, is no longer a session.
    let replay = get(addr, "/settings", &[&signed.cookie]).await;
    assert_eq!(replay.status, 303);
    assert_eq!(replay.header("location"), Some("/signin"));
}

#[tokio::test]
async fn without_admin_tokens_the_console_explains_and_lets_nobody_in() {
    let app = TestApp::spawn_with(|c| {
        c.admin_listen = "127.0.0.1:0".into();
        c.auth_tokens = Some(format!("service:{SERVICE_TOKEN}"));
    })
    .await;
    let addr = app.console.expect("console");
    let page = get(addr, "/signin", &[]).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("No admin token is configured"));
    assert!(page.body.contains("AUTH_TOKENS"));
    assert!(page.hidden("signin").is_none(), "no form");
    let tried = sign_in_with_form(addr).await;
    assert_eq!(tried.status, 403);
    assert!(tried.cookie("gamification_console").is_none());
}

async fn sign_in_with_form(addr: std::net::SocketAddr) -> http::Reply {
    post(
        addr,
        "/signin",
        &[],
        &[("name", "x"), ("token", SERVICE_TOKEN)],
    )
    .await
}

#[tokio::test]
async fn a_console_others_can_reach_needs_an_admin_token_and_off_disables_it() {
    for tokens in [None, Some(format!("service:{SERVICE_TOKEN}"))] {
        let database = TestDatabase::new().await;
        let mut config = Config::for_database(database.url.clone());
        config.auth_tokens = tokens.clone();
        config.admin_listen = "0.0.0.0:0".into();
        let refused = Application::build(config).await;
        let error = refused.err().expect("refused").to_string();
        assert!(error.contains("ADMIN_LISTEN"), "{tokens:?}: {error}");
    }
    let mut config = Config::for_database("sqlite::memory:");
    config.admin_listen = "nonsense".into();
    assert!(config.validate().is_err());
    config.admin_listen = "off".into();
    assert_eq!(config.admin_addr(), Ok(None));
    let app = TestApp::spawn().await;
    assert!(app.console.is_none(), "off by default in tests");
}

#[tokio::test]
async fn a_switch_with_neither_true_nor_false_is_refused_and_changes_nothing() {
    let app = spawn().await;
    let addr = app.console.expect("console");
    let signed = sign_in(addr).await;
    let enabled = "SELECT COUNT(*) FROM game_questions WHERE enabled = TRUE";
    let before = app.count(enabled).await;
    for value in ["yes", "", "off"] {
        let reply = post(
            addr,
            "/questions/1/enabled",
            &[&signed.cookie],
            &[("csrf", &signed.csrf), ("enabled", value)],
        )
        .await;
        assert!(
            (400..500).contains(&reply.status),
            "{value:?}: {} {}",
            reply.status,
            reply.body
        );
    }
    let missing = post(
        addr,
        "/questions/1/enabled",
        &[&signed.cookie],
        &[("csrf", &signed.csrf)],
    )
    .await;
    assert!((400..500).contains(&missing.status), "{}", missing.status);
    assert_eq!(
        app.count(enabled).await,
        before,
        "question 1 kept its state"
    );
    // The real switch still works.
    let off = post(
        addr,
        "/questions/1/enabled",
        &[&signed.cookie],
        &[("csrf", &signed.csrf), ("enabled", "false")],
    )
    .await;
    assert_eq!(off.status, 303, "{}", off.body);
    assert_eq!(app.count(enabled).await, before - 1);
}
