//! The console's Leagues page: the rules, this week's cohorts, the last
//! close and the tiers, for a signed-in admin only.
use chrono::Duration;
use gamification::{clock::Clock, leagues, settings::Snapshot};

use super::{WEDNESDAY, at, play, player, prepare};
use crate::{
    console::http::{get, sign_in},
    helpers::TestApp,
};

#[tokio::test]
async fn the_leagues_page_shows_the_cohorts_and_the_last_close() {
    let clock = Clock::manual(at(WEDNESDAY));
    let app =
        TestApp::spawn_with_clock(clock.clone(), |c| c.admin_listen = "127.0.0.1:0".into()).await;
    prepare(&app).await;
    let addr = app.console.expect("the console is on");
    let refused = get(addr, "/leagues", &[]).await;
    assert_eq!(refused.status, 303, "signed-out visitors go to sign in");

    let signed = sign_in(addr).await;
    let empty = get(addr, "/leagues", &[&signed.cookie]).await;
    assert_eq!(empty.status, 200);
    assert!(empty.body.contains("id=\"no-cohorts\""), "{}", empty.body);
    assert!(empty.body.contains("No week has closed yet."));
    assert!(empty.body.contains("हीरा"), "the tiers in Hindi");

    for n in 1..=3 {
        let user = player(&app, n, &format!("P{n}")).await;
        play(&app, user, "intent_quest", "en", &[]).await;
    }
    let page = get(addr, "/leagues", &[&signed.cookie]).await;
    let cohorts = page
        .body
        .split("id=\"cohorts\"")
        .nth(1)
        .expect("the cohorts table");
    assert!(
        cohorts
            .contains("<td>en</td><td>Bronze</td><td class=\"num\">1</td><td class=\"num\">3</td>"),
        "{cohorts}"
    );

    clock.advance(Duration::days(7));
    let moves = leagues::close_due_weeks(&app.db, &Snapshot::default(), &clock).await;
    let promoted = moves
        .expect("closed")
        .iter()
        .filter(|m| m.outcome == leagues::Outcome::Promoted)
        .count();
    let page = get(addr, "/leagues", &[&signed.cookie]).await;
    let close = page
        .body
        .split("id=\"last-close\"")
        .nth(1)
        .expect("the last close");
    assert!(
        close.contains(&format!("<dt>Promoted</dt><dd>{promoted}</dd>")),
        "{close}"
    );
}
