//! The Achievements and Players pages over plain HTTP.
use gamification::proto::ListAchievementsRequest;

use super::http::{get, post, sign_in};
use crate::engagement::{engaged_app, play, player};

#[tokio::test]
async fn the_achievements_page_creates_edits_and_switches_an_achievement() {
    let app = engaged_app(|c| c.admin_listen = "127.0.0.1:0".into()).await;
    let addr = app.console.expect("console");
    let admin = sign_in(addr).await;
    let cookies = [admin.cookie.as_str()];

    let list = get(addr, "/achievements", &cookies).await;
    assert_eq!(list.status, 200);
    assert!(
        list.body.contains("data-achievement=\"streak_7\""),
        "seeded"
    );
    assert!(list.body.contains("सात दिन की लय"), "the Hindi name");

    let mut fields = vec![
        ("csrf", admin.csrf.as_str()),
        ("key", "ten_in_a_week"),
        ("name_en", ""),
        ("name_hi", "सप्ताह में दस"),
        ("description_en", "Ten games within a week"),
        ("description_hi", "एक सप्ताह में दस खेल"),
        ("rule", "within_days"),
        ("metric", "games"),
        ("target", "0"),
        ("window_days", "7"),
        ("reward_points", "25"),
        ("reward_amount", "2.50"),
        ("enabled", "on"),
    ];
    let refused = post(addr, "/achievements/new", &cookies, &fields).await;
    assert_eq!(refused.status, 422);
    for at in ["name_en-error", "target-error"] {
        assert!(refused.body.contains(&format!("id=\"{at}\"")), "{at}");
    }
    fields[2] = ("name_en", "Ten in a week");
    fields[8] = ("target", "10");
    let forged: Vec<_> = fields[1..].to_vec();
    let no_csrf = post(addr, "/achievements/new", &cookies, &forged).await;
    assert_eq!(no_csrf.status, 403);
    let created = post(addr, "/achievements/new", &cookies, &fields).await;
    assert_eq!(created.status, 303, "{}", created.body);
    let location = created.header("location").expect("location").to_string();
    let path = location.split('?').next().expect("path").to_string();

    let edit = get(addr, &location, &cookies).await;
    assert!(
        edit.body.contains("value=\"Ten in a week\""),
        "{}",
        edit.body
    );
    assert!(edit.body.contains("value=\"2.50\""));
    fields[2] = ("name_en", "Ten games in a week");
    let saved = post(addr, &path, &cookies, &fields[..]).await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    let listed = || async {
        app.engagement()
            .list_achievements(ListAchievementsRequest::default())
            .await
            .expect("list")
            .into_inner()
            .achievements
            .into_iter()
            .find(|a| a.key == "ten_in_a_week")
    };
    let shown = listed().await.expect("listed while enabled");
    assert_eq!(
        shown.name.map(|n| n.en),
        Some("Ten games in a week".to_string())
    );

    let switch = format!("{path}/enabled");
    let off = [("csrf", admin.csrf.as_str()), ("enabled", "false")];
    let disabled = post(addr, &switch, &cookies, &off).await;
    assert_eq!(disabled.status, 303);
    assert!(
        listed().await.is_none(),
        "a disabled achievement is not listed"
    );
    let bad = [("csrf", admin.csrf.as_str()), ("enabled", "maybe")];
    assert_ne!(post(addr, &switch, &cookies, &bad).await.status, 303);
}

#[tokio::test]
async fn the_players_page_shows_a_profile_with_progress() {
    let app = engaged_app(|c| c.admin_listen = "127.0.0.1:0".into()).await;
    let addr = app.console.expect("console");
    let user = player(&app, 31).await;
    play(&app, user).await;
    let admin = sign_in(addr).await;
    let cookies = [admin.cookie.as_str()];
    let page = get(addr, &format!("/players?user_id={user}"), &cookies).await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("Games completed</dt><dd>1</dd>"),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("Streak (days)</dt><dd>1, longest 1</dd>")
    );
    assert!(page.body.contains("data-achievement=\"first_game\""));
    assert!(page.body.contains("1 / 1"), "first game unlocked");
    let unknown = get(addr, "/players?user_id=987654", &cookies).await;
    assert!(unknown.body.contains("not found"), "{}", unknown.body);
}
