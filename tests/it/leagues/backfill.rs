//! The rollups' migration on a database that already has completed games:
//! the totals it writes equal a recount, and boards read them at once.
use gamification::{
    clock::Clock,
    proto::{GetLeaderboardRequest, LeaderboardPeriod},
};
use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, Database};

use super::{at, board::recount, board::stored_totals};
use crate::{db::TestDatabase, helpers::TestApp};

const ROLLUPS: &str = "m20261126_000095_create_leaderboard_totals";

/// Completed games across midnight in India (18:30 UTC), in two languages
/// and two types, one forfeited as too fast, one legacy row without a
/// reward or a completion time; and an active game, which counts nowhere.
const GAMES: &[&str] = &[
    "(1, 'intent_quest', 'en', 'completed', 4, '2026-03-04 18:00:00', '{\"gold_correct\": 3}')",
    "(1, 'tone_detective', 'hi', 'completed', 5, '2026-03-04 18:45:00', '{\"gold_correct\": 2}')",
    "(2, 'intent_quest', 'en', 'completed', 5, '2026-03-04 19:00:00', '{\"gold_correct\": 4, \"forfeit\": \"too_fast\"}')",
    "(2, 'intent_quest', 'hi', 'completed', 2, '2026-03-05 01:00:00', '{\"gold_correct\": 1}')",
    "(1, 'intent_quest', 'en', 'completed', 3, NULL, NULL)",
    "(2, 'intent_quest', 'en', 'active', 1, NULL, NULL)",
];

#[tokio::test]
async fn the_backfill_sums_the_games_already_completed() {
    let database = TestDatabase::new().await;
    let db = Database::connect(&database.url).await.expect("connect");
    let before = Migrator::migrations()
        .iter()
        .position(|m| m.name() == ROLLUPS)
        .expect("the rollups' migration");
    Migrator::up(&db, Some(u32::try_from(before).expect("few")))
        .await
        .expect("earlier migrations");
    for (id, name) in [(1, "Asha"), (2, "Ravi")] {
        db.execute_unprepared(&format!(
            "INSERT INTO users (id, phone, first_name) VALUES ({id}, '+91980000000{id}', '{name}')"
        ))
        .await
        .expect("user");
    }
    for row in GAMES {
        db.execute_unprepared(&format!(
            "INSERT INTO game_sessions (session_id, user_id, game_type, language, status, score, \
             completed_at, rewards_earned) VALUES ('old', {}",
            &row[1..]
        ))
        .await
        .expect("game");
    }
    db.close().await.ok();

    // Thursday 5 March, 10:00 in India: the last three dated games are today.
    let clock = Clock::manual(at("2026-03-05T04:30:00Z"));
    let app = TestApp::spawn_full(database, clock, |_| {}).await;
    let stored = stored_totals(&app).await;
    assert_eq!(stored, recount(&app).await, "the backfill is the recount");
    let all = stored
        .iter()
        .filter(|(k, _)| k.0 == "all" && k.2.is_empty() && k.3.is_empty())
        .map(|(k, v)| (k.4, *v))
        .collect::<Vec<_>>();
    assert_eq!(
        all,
        vec![(1, (12, 3, 5)), (2, (7, 2, 1))],
        "(score, games, league points); too fast earns no points"
    );
    let today = app
        .games()
        .get_leaderboard(GetLeaderboardRequest {
            period: LeaderboardPeriod::Today.into(),
            language: "hi".into(),
            ..Default::default()
        })
        .await
        .expect("board")
        .into_inner();
    let rows: Vec<(i32, i32, &str, i64)> = today
        .entries
        .iter()
        .map(|e| (e.rank, e.user_id, e.display_name.as_str(), e.score))
        .collect();
    assert_eq!(rows, vec![(1, 1, "Asha", 5), (2, 2, "Ravi", 2)]);
}
