//! GetLeague and the player's standing: a cohort's table with ranks, names,
//! league points (gold answers right) and zones.
use gamification::{
    clock::Clock,
    leagues,
    proto::{GetLeagueRequest, LeagueZone},
};
use tonic::Code;

use super::{WEDNESDAY, at, gold_correct, league_app, play, player};
use crate::{games::set, helpers::expect_code};

#[tokio::test]
async fn a_cohort_shows_ranks_names_gold_points_and_zones() {
    let clock = Clock::manual(at(WEDNESDAY));
    let app = league_app(clock.clone()).await;
    let asha = player(&app, 1, "Asha").await;
    let ravi = player(&app, 2, "Ravi").await;
    let meera = player(&app, 3, "Meera").await;
    let first = play(&app, asha, "intent_quest", "en", &[]).await;
    let second = play(&app, ravi, "intent_quest", "en", &[0, 1]).await;
    let third = play(&app, ravi, "intent_quest", "en", &[2]).await;
    // Answers faster than a person reads: the game forfeits, and its gold
    // answers earn no league points either.
    set(&app, "min_answer_seconds", "5").await;
    let fast = play(&app, ravi, "intent_quest", "en", &[]).await;
    assert_eq!(fast.reward.as_ref().expect("reward").forfeit, "too_fast");
    let (asha_points, ravi_points) = (
        gold_correct(&first),
        gold_correct(&second) + gold_correct(&third),
    );

    let league = app
        .leagues()
        .get_league(GetLeagueRequest { user_id: ravi })
        .await
        .expect("league")
        .into_inner();
    assert!(league.placed);
    let tier = league.tier.expect("tier");
    assert_eq!(
        (
            tier.key.as_str(),
            tier.level,
            tier.name_en.as_str(),
            tier.name_hi.as_str()
        ),
        ("bronze", 1, "Bronze", "कांस्य")
    );
    assert_eq!((league.language.as_str(), league.cohort), ("en", 1));
    assert_eq!(
        league.week_start.expect("start").seconds,
        at("2026-03-01T18:30:00Z").timestamp(),
        "Monday 00:00 in India"
    );
    assert_eq!(
        league.week_end.expect("end").seconds,
        at("2026-03-08T18:30:00Z").timestamp()
    );
    let mut want = vec![(asha, "Asha", asha_points), (ravi, "Ravi", ravi_points)];
    want.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
    let rows: Vec<(i32, &str, i64)> = league
        .standings
        .iter()
        .map(|s| (s.user_id, s.display_name.as_str(), s.points))
        .collect();
    assert_eq!(rows, want, "points are gold answers right, best first");
    let ranks: Vec<i32> = league.standings.iter().map(|s| s.rank).collect();
    let tied = asha_points == ravi_points;
    assert_eq!(ranks, if tied { vec![1, 1] } else { vec![1, 2] });
    let zones: Vec<LeagueZone> = league.standings.iter().map(|s| s.zone()).collect();
    let top_zone = if want[0].2 > 0 {
        LeagueZone::Promotion
    } else {
        LeagueZone::Stay
    };
    assert_eq!(
        zones,
        vec![top_zone, LeagueZone::Stay],
        "half of a cohort of two moves up; nobody leaves Bronze downwards"
    );

    let settings = gamification::settings::Snapshot::default();
    let standing = leagues::standing(&app.db, &settings, ravi, clock.now())
        .await
        .expect("standing")
        .expect("placed");
    assert_eq!(
        (standing.tier, standing.points, standing.cohort_size),
        (leagues::Tier::Bronze, ravi_points, 2)
    );
    let shown = league.standings.iter().find(|s| s.user_id == ravi);
    assert_eq!(
        Some(standing.rank),
        shown.map(|s| s.rank),
        "the profile's rank is the table's"
    );

    let idle = app
        .leagues()
        .get_league(GetLeagueRequest { user_id: meera })
        .await
        .expect("league")
        .into_inner();
    assert!(
        !idle.placed && idle.standings.is_empty(),
        "no game this week"
    );
    assert_eq!(idle.tier.expect("tier").key, "bronze");
    let none = leagues::standing(&app.db, &settings, meera, clock.now()).await;
    assert_eq!(none.expect("standing"), None);
    let unknown = app
        .leagues()
        .get_league(GetLeagueRequest { user_id: 999_999 })
        .await;
    expect_code(unknown, Code::NotFound);
}
