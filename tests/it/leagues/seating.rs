//! Seats in cohorts are handed out after a completion commits, in a short
//! background pass: a completion never waits on the week's row, and a
//! player whose pass has not run is seated by reading their league, by the
//! sweep, or by the close.
use std::time::Duration;

use gamification::{
    clock::Clock,
    leagues::{self, seating},
    proto::GetLeagueRequest,
    settings::Snapshot,
};
use sea_orm::{ConnectionTrait, TransactionTrait};

use super::{WEDNESDAY, at, league_app, play, player};
use crate::{
    games::{GameRequest, game_of, last_answer_pending},
    helpers::TestApp,
};

const WEEK: &str = "2026-03-01 18:30:00";

async fn cohort_of(app: &TestApp, user: i32) -> i64 {
    app.count(&format!(
        "SELECT CAST(cohort AS BIGINT) FROM league_memberships WHERE user_id = {user} AND week_start = '{WEEK}'"
    ))
    .await
}

async fn placed(app: &TestApp, user: i32) -> (bool, i32, usize) {
    let league = app
        .leagues()
        .get_league(GetLeagueRequest { user_id: user })
        .await
        .expect("league")
        .into_inner();
    (league.placed, league.cohort, league.standings.len())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[cfg_attr(
    not(postgres_tests),
    ignore = "PostgreSQL only: SQLite's one writer serialises every transaction anyway"
)]
async fn a_completion_commits_while_the_week_row_is_locked() {
    let clock = Clock::manual(at(WEDNESDAY));
    let app = league_app(clock.clone()).await;
    let asha = player(&app, 1, "Asha").await;
    let ravi = player(&app, 2, "Ravi").await;
    play(&app, asha, "intent_quest", "en", &[]).await;
    let last = last_answer_pending(&app, game_of(ravi).chat("league")).await;
    let game_id = last.game_session_id;

    // Another transaction holds the week's row (a close, or another
    // instance's seating pass).
    let holder = app.db.begin().await.expect("begin");
    holder
        .execute_unprepared(&format!(
            "SELECT week_start FROM league_weeks WHERE week_start = '{WEEK}' FOR UPDATE"
        ))
        .await
        .expect("lock the week");
    let mut games = app.games();
    let answer = tokio::spawn(async move { games.submit_answer(last).await });

    // The game, its reward and Ravi's membership commit, and the reply
    // comes, while the week's row is held.
    let reply = tokio::time::timeout(Duration::from_secs(10), answer)
        .await
        .expect("the last answer does not wait for the week's row")
        .expect("task")
        .expect("the last answer");
    let game = reply.into_inner().game_session.expect("game");
    assert_eq!((game.id, game.status.as_str()), (game_id, "completed"));
    assert_eq!(cohort_of(&app, ravi).await, 0, "waiting for a seat");

    holder.rollback().await.expect("release the week");
    assert_eq!(placed(&app, ravi).await, (true, 1, 2), "seated beside Asha");
    assert_eq!(cohort_of(&app, ravi).await, 1);
}

#[tokio::test]
async fn a_player_left_waiting_is_seated_by_a_read_the_sweep_and_the_close() {
    let clock = Clock::manual(at(WEDNESDAY));
    let app = league_app(clock.clone()).await;
    let asha = player(&app, 1, "Asha").await;
    let ravi = player(&app, 2, "Ravi").await;
    play(&app, asha, "intent_quest", "en", &[]).await;
    play(&app, ravi, "intent_quest", "en", &[]).await;
    assert_eq!(placed(&app, ravi).await, (true, 1, 2));

    // As if Ravi's seating pass had failed after his game committed: reading
    // his league seats him.
    let unseat = format!("UPDATE league_memberships SET cohort = 0 WHERE user_id = {ravi}");
    app.exec(&unseat).await;
    assert_eq!(placed(&app, ravi).await, (true, 1, 2), "seated by the read");
    assert_eq!(cohort_of(&app, ravi).await, 1);

    // Nobody reads: the sweep seats him.
    app.exec(&unseat).await;
    let settings = Snapshot::default();
    let seated = seating::seat_waiting(&app.db, &settings)
        .await
        .expect("sweep");
    assert_eq!(seated, 1);
    assert_eq!(cohort_of(&app, ravi).await, 1, "the sweep seats him");

    // Left waiting again when the week ends: the close seats him first, so
    // he is ranked with his cohort.
    app.exec(&unseat).await;
    clock.set(at("2026-03-08T18:31:00Z"));
    let moves = leagues::close_due_weeks(&app.db, &settings, &clock)
        .await
        .expect("close");
    let mut ranked: Vec<(i32, i32)> = moves.iter().map(|m| (m.user_id, m.cohort)).collect();
    ranked.sort_unstable();
    assert_eq!(ranked, vec![(asha, 1), (ravi, 1)]);
    assert_eq!(cohort_of(&app, ravi).await, 1);
}
