//! A league week's close: 95 players in 4 cohorts (two Bronze, two Silver),
//! closed by two instances at once on one database; exactly one does it.
use std::collections::HashMap;

use chrono::Duration;
use gamification::{
    clock::Clock,
    leagues::{self, Outcome, Tier},
    proto::GetLeagueRequest,
    settings::Snapshot,
};

use super::{WEDNESDAY, at, gold_correct, league_app, play, player};
use crate::helpers::TestApp;

const PLAYERS: usize = 95;
/// Players promoted out of Bronze the week before: they play in Silver.
const SILVER: usize = 35;
/// The week of WEDNESDAY, from Monday 00:00 in India, and the one before.
const WEEK: &str = "2026-03-01 18:30:00";
const LAST_WEEK: &str = "2026-02-22 18:30:00";

/// The week before, closed, with `users` promoted out of Bronze.
async fn promoted_last_week(app: &TestApp, users: &[i32]) {
    app.exec(&format!(
        "INSERT INTO league_weeks (week_start, week_end, status, closed_at, promoted, demoted) \
         VALUES ('{LAST_WEEK}', '{WEEK}', 'closed', '{WEEK}', {}, 0)",
        users.len()
    ))
    .await;
    for user in users {
        app.exec(&format!(
            "INSERT INTO league_memberships (week_start, user_id, language, tier, cohort, points, \
             points_at, joined_at, rank, outcome) VALUES ('{LAST_WEEK}', {user}, 'en', 'bronze', \
             1, 9, '{LAST_WEEK}', '{LAST_WEEK}', 1, 'promoted')"
        ))
        .await;
    }
}

/// The outcome the rules give each player: cohorts filled in join order per
/// tier, 30 at most; ranked by points, then who got them first; the top 7
/// (with points) up, the bottom 5 down, each at most half a cohort; none
/// down from Bronze.
fn expected(joined: &[(i32, Tier, i64)]) -> HashMap<i32, Outcome> {
    let mut outcomes = HashMap::new();
    for tier in [Tier::Bronze, Tier::Silver] {
        let in_tier: Vec<(usize, i32, i64)> = joined
            .iter()
            .enumerate()
            .filter(|(_, j)| j.1 == tier)
            .map(|(seq, j)| (seq, j.0, j.2))
            .collect();
        for cohort in in_tier.chunks(30) {
            let mut order = cohort.to_vec();
            order.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
            let n = order.len();
            let up = 7.min(n / 2);
            let down = if tier == Tier::Bronze {
                0
            } else {
                5.min(n / 2)
            };
            for (i, (_, user, points)) in order.into_iter().enumerate() {
                let outcome = if i < up && points > 0 {
                    Outcome::Promoted
                } else if i >= n - down {
                    Outcome::Demoted
                } else {
                    Outcome::Stayed
                };
                outcomes.insert(user, outcome);
            }
        }
    }
    outcomes
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_week_closes_once_across_two_instances_with_the_right_moves() {
    let clock = Clock::manual(at(WEDNESDAY));
    let app = league_app(clock.clone()).await;
    let mut users = Vec::with_capacity(PLAYERS);
    for n in 0..PLAYERS {
        users.push(player(&app, n as i32, &format!("Player{n}")).await);
    }
    promoted_last_week(&app, &users[..SILVER]).await;
    // Everyone plays one game, in a shuffled order, a second apart, with
    // from 0 to 4 answers wrong.
    let mut joined = Vec::with_capacity(PLAYERS);
    for i in 0..PLAYERS {
        let index = (i * 37) % PLAYERS;
        let wrong: Vec<i32> = (0..(index % 5) as i32).collect();
        let game = play(&app, users[index], "intent_quest", "en", &wrong).await;
        let tier = if index < SILVER {
            Tier::Silver
        } else {
            Tier::Bronze
        };
        joined.push((users[index], tier, gold_correct(&game)));
        clock.advance(Duration::seconds(1));
    }
    // Seats are handed out in the background after each game: the last
    // passes may still be running (the sweep's call waits for them).
    leagues::seating::seat_waiting(&app.db, &Snapshot::default())
        .await
        .expect("seat the last players");
    let cohorts = app
        .count(&format!(
            "SELECT COUNT(*) FROM (SELECT DISTINCT language, tier, cohort FROM league_memberships \
             WHERE week_start = '{WEEK}') AS c"
        ))
        .await;
    assert_eq!(cohorts, 4, "60 Bronze in 30 + 30, 35 Silver in 30 + 5");
    let want = expected(&joined);

    // Monday 00:01 in India; a second instance on the same database.
    clock.set(at("2026-03-08T18:31:00Z"));
    let other = TestApp::spawn_full(app.database.shared(), clock.clone(), |_| {}).await;
    let settings = Snapshot::default();
    let (a, b) = tokio::join!(
        leagues::close_due_weeks(&app.db, &settings, &clock),
        leagues::close_due_weeks(&other.db, &settings, &clock)
    );
    let (a, b) = (a.expect("one instance"), b.expect("the other"));
    let mut sizes = [a.len(), b.len()];
    sizes.sort_unstable();
    assert_eq!(sizes, [0, PLAYERS], "exactly one instance closed the week");
    let moves = if a.is_empty() { b } else { a };
    let got: HashMap<i32, Outcome> = moves.iter().map(|m| (m.user_id, m.outcome)).collect();
    assert_eq!(got, want, "the moves the rules give");
    for m in &moves {
        assert_eq!(m.to, m.from.after(m.outcome), "player {}", m.user_id);
    }
    let count = |o: Outcome| want.values().filter(|w| **w == o).count() as i64;
    assert!(count(Outcome::Promoted) > 0 && count(Outcome::Demoted) > 0);
    let stored = app
        .text(&format!(
            "SELECT status || ' ' || promoted || ' ' || demoted FROM league_weeks \
             WHERE week_start = '{WEEK}'"
        ))
        .await;
    assert_eq!(
        stored,
        format!(
            "closed {} {}",
            count(Outcome::Promoted),
            count(Outcome::Demoted)
        )
    );
    let recorded = app
        .count(&format!(
            "SELECT COUNT(*) FROM league_memberships WHERE week_start = '{WEEK}' \
             AND outcome IS NOT NULL AND rank IS NOT NULL"
        ))
        .await;
    assert_eq!(recorded, PLAYERS as i64, "every member's rank and outcome");
    // Each promoted and demoted player is told once, in the close's
    // transaction, though two instances ran it.
    for (kind, outcome) in [
        ("promoted", Outcome::Promoted),
        ("demoted", Outcome::Demoted),
    ] {
        let told = app
            .count(&format!(
                "SELECT COUNT(DISTINCT user_id) FROM player_events WHERE kind = '{kind}'"
            ))
            .await;
        let events = app
            .count(&format!(
                "SELECT COUNT(*) FROM player_events WHERE kind = '{kind}'"
            ))
            .await;
        assert_eq!(
            (told, events),
            (count(outcome), count(outcome)),
            "{kind} events"
        );
    }
    let again = leagues::close_due_weeks(&app.db, &settings, &clock).await;
    assert!(
        again.expect("a later run").is_empty(),
        "a closed week stays closed"
    );

    // Next week: a demoted Silver player is placed in Bronze.
    let demoted = moves
        .iter()
        .find(|m| m.outcome == Outcome::Demoted)
        .expect("a demotion");
    let league = |user_id| {
        let mut client = app.leagues();
        async move {
            client
                .get_league(GetLeagueRequest { user_id })
                .await
                .expect("league")
                .into_inner()
        }
    };
    let before = league(demoted.user_id).await;
    assert!(!before.placed);
    assert_eq!(
        before.tier.expect("tier").key,
        "bronze",
        "where they will play"
    );
    play(&app, demoted.user_id, "intent_quest", "en", &[]).await;
    let after = league(demoted.user_id).await;
    assert!(after.placed);
    assert_eq!(after.tier.expect("tier").key, "bronze");
    assert_eq!(after.standings.len(), 1, "the first of a new cohort");
    // The player's profile shows the same league, for the chat.
    let profile = app
        .engagement()
        .get_player_profile(gamification::proto::GetPlayerProfileRequest {
            user_id: demoted.user_id,
        })
        .await
        .expect("profile")
        .into_inner()
        .profile
        .expect("profile");
    let shown = profile.league.expect("placed this week");
    assert_eq!(
        (shown.tier.as_str(), shown.rank, shown.cohort_size),
        ("bronze", 1, 1)
    );
    assert_eq!(shown.language, "en");
    let name = shown.tier_name.expect("tier name");
    assert_eq!((name.en.as_str(), name.hi.as_str()), ("Bronze", "कांस्य"));
}
