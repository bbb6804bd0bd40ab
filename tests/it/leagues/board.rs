//! GetLeaderboard from the rollups: ranks around the caller with ties, by
//! language and game type, and the rollups equal a recount of the games.
use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDateTime};
use gamification::{
    clock::Clock,
    entity::{game_sessions, leaderboard_totals},
    proto::{GetLeaderboardRequest, LeaderboardEntry, LeaderboardPeriod},
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use tonic::Code;

use super::{WEDNESDAY, at, league_app, play, player};
use crate::{
    games::GameRequest,
    helpers::{TestApp, expect_code, field_violations},
};

async fn board(
    app: &TestApp,
    request: GetLeaderboardRequest,
) -> (
    Vec<LeaderboardEntry>,
    Option<LeaderboardEntry>,
    Vec<LeaderboardEntry>,
) {
    let board = app
        .games()
        .get_leaderboard(request)
        .await
        .expect("leaderboard")
        .into_inner();
    (board.entries, board.caller, board.around)
}

fn view(entries: &[LeaderboardEntry]) -> Vec<(i32, i32, i64)> {
    entries
        .iter()
        .map(|e| (e.rank, e.user_id, e.score))
        .collect()
}

#[tokio::test]
async fn ranks_around_the_caller_share_ties_and_skip_after_them() {
    let app = league_app(Clock::manual(at(WEDNESDAY))).await;
    // Scores 5, 4, 4, 4, 3, 1 by the answers got wrong.
    let wrongs: [&[i32]; 6] = [&[], &[0], &[1], &[2], &[0, 1], &[0, 1, 2, 3]];
    let mut scores = Vec::new();
    for (n, wrong) in (1..).zip(wrongs) {
        let user = player(&app, n, &format!("P{n}")).await;
        let game = play(&app, user, "intent_quest", "en", wrong).await;
        scores.push((user, i64::from(game.score)));
    }
    // The expected board: score first, ties by user id; rank = 1 + those
    // strictly ahead.
    let mut order = scores.clone();
    order.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let expected: Vec<(i32, i32, i64)> = order
        .iter()
        .map(|&(user, score)| {
            let ahead = order.iter().filter(|o| o.1 > score).count();
            (ahead as i32 + 1, user, score)
        })
        .collect();
    assert!(
        expected.windows(2).any(|w| w[0].0 == w[1].0),
        "the games gave a tie: {expected:?}"
    );
    let (top, _, _) = board(&app, GetLeaderboardRequest::default()).await;
    assert_eq!(view(&top), expected, "the whole board");
    for (i, &(_, user, _)) in expected.iter().enumerate() {
        let (_, caller, around) = board(
            &app,
            GetLeaderboardRequest {
                period: LeaderboardPeriod::Week.into(),
                user_id: user,
                around: 2,
                ..Default::default()
            },
        )
        .await;
        let window = &expected[i.saturating_sub(2)..(i + 3).min(expected.len())];
        assert_eq!(view(&around), window, "around player {user}");
        assert_eq!(
            caller.map(|c| (c.rank, c.user_id, c.score)),
            Some(expected[i]),
            "the caller's own entry"
        );
        assert!(around.iter().all(|e| e.display_name.starts_with('P')));
    }
    let refused = app
        .games()
        .get_leaderboard(GetLeaderboardRequest {
            around: 3,
            ..Default::default()
        })
        .await;
    let status = expect_code(refused, Code::InvalidArgument);
    assert_eq!(field_violations(&status)[0].0, "around");
}

#[tokio::test]
async fn boards_are_kept_per_language_and_game_type() {
    let app = league_app(Clock::manual(at(WEDNESDAY))).await;
    let asha = player(&app, 1, "Asha").await;
    let ravi = player(&app, 2, "Ravi").await;
    let en = play(&app, asha, "intent_quest", "en", &[]).await;
    let hi = play(&app, ravi, "intent_quest", "hi", &[0]).await;
    let tone = play(&app, ravi, "tone_detective", "en", &[]).await;
    let ask = |game_type: &str, language: &str| GetLeaderboardRequest {
        period: LeaderboardPeriod::Today.into(),
        game_type: game_type.into(),
        language: language.into(),
        ..Default::default()
    };
    let scores = |entries: Vec<LeaderboardEntry>| -> Vec<(i32, i64, i64)> {
        entries
            .iter()
            .map(|e| (e.user_id, e.score, e.games_played))
            .collect()
    };
    let s = |g: &gamification::proto::GameSession| i64::from(g.score);
    let (english, _, _) = board(&app, ask("", "en")).await;
    let mut want = vec![(asha, s(&en), 1), (ravi, s(&tone), 1)];
    want.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    assert_eq!(scores(english), want, "English games only");
    let (hindi, _, _) = board(&app, ask("", "hi")).await;
    assert_eq!(scores(hindi), vec![(ravi, s(&hi), 1)]);
    let (quest_hi, _, _) = board(&app, ask("intent_quest", "hi")).await;
    assert_eq!(scores(quest_hi), vec![(ravi, s(&hi), 1)]);
    let (tone_only, _, _) = board(&app, ask("tone_detective", "")).await;
    assert_eq!(scores(tone_only), vec![(ravi, s(&tone), 1)]);
    let (all, _, _) = board(&app, ask("", "")).await;
    let ravi_total = all.iter().find(|e| e.user_id == ravi).expect("ravi");
    assert_eq!(
        (ravi_total.score, ravi_total.games_played),
        (s(&hi) + s(&tone), 2),
        "every language and type together"
    );
    let (nobody, _, _) = board(&app, ask("", "ta")).await;
    assert!(nobody.is_empty(), "no Tamil games");
}

type Key = (String, NaiveDateTime, String, String, i32);

/// Day and week starts in India (UTC+5:30, no daylight saving), as UTC.
fn india_day_and_week(at: NaiveDateTime) -> (NaiveDateTime, NaiveDateTime) {
    let offset = Duration::minutes(330);
    let local_day = (at + offset).date();
    let monday = local_day - Duration::days(i64::from(local_day.weekday().num_days_from_monday()));
    let midnight = |d: chrono::NaiveDate| d.and_hms_opt(0, 0, 0).expect("midnight") - offset;
    (midnight(local_day), midnight(monday))
}

/// Every total recounted from the completed games (a game without a
/// completion time counts in all time only; one without a reward earns no
/// league points).
pub async fn recount(app: &TestApp) -> BTreeMap<Key, (i64, i64, i64)> {
    let games = game_sessions::Entity::find()
        .filter(game_sessions::Column::Status.eq("completed"))
        .all(&app.db)
        .await
        .expect("games");
    let epoch = at("1970-01-01T00:00:00Z").naive_utc();
    let mut totals = BTreeMap::new();
    for g in games {
        let reward = g.rewards_earned.clone().unwrap_or_default();
        let points = if reward["forfeit"] == "too_fast" {
            0
        } else {
            reward["gold_correct"].as_i64().unwrap_or(0)
        };
        let mut periods = vec![("all", epoch)];
        if let Some(completed) = g.completed_at {
            let (day, week) = india_day_and_week(completed);
            periods.extend([("day", day), ("week", week)]);
        }
        let language = g.language.clone().unwrap_or_default();
        let mut types = vec!["", g.game_type.as_str()];
        types.dedup();
        let mut languages = vec!["", language.as_str()];
        languages.dedup();
        for (kind, start) in periods {
            for game_type in &types {
                for lang in &languages {
                    let key = (
                        kind.to_string(),
                        start,
                        game_type.to_string(),
                        lang.to_string(),
                        g.user_id,
                    );
                    let total: &mut (i64, i64, i64) = totals.entry(key).or_default();
                    total.0 += i64::from(g.score.unwrap_or(0));
                    total.1 += 1;
                    total.2 += points;
                }
            }
        }
    }
    totals
}

pub async fn stored_totals(app: &TestApp) -> BTreeMap<Key, (i64, i64, i64)> {
    leaderboard_totals::Entity::find()
        .all(&app.db)
        .await
        .expect("totals")
        .into_iter()
        .map(|t| {
            (
                (
                    t.period_kind,
                    t.period_start,
                    t.game_type,
                    t.language,
                    t.user_id,
                ),
                (t.score, t.games, t.league_points),
            )
        })
        .collect()
}

#[tokio::test]
async fn the_rollups_equal_a_recount_across_midnight_in_india() {
    // Sunday 23:58 in India: the day and the week end two minutes later.
    let clock = Clock::manual(at("2026-03-08T18:28:00Z"));
    let app = league_app(clock.clone()).await;
    let asha = player(&app, 1, "Asha").await;
    let ravi = player(&app, 2, "Ravi").await;
    play(&app, asha, "intent_quest", "en", &[1]).await;
    play(&app, ravi, "tone_detective", "hi", &[]).await;
    // A game started before midnight and finished after it counts on Monday.
    let late = crate::games::start_game(
        &app,
        crate::games::game_of(asha)
            .kind("tone_detective")
            .language("en")
            .chat("late"),
    )
    .await;
    clock.advance(Duration::minutes(3));
    crate::games::play_out(&app, late, &[0]).await;
    play(&app, ravi, "intent_quest", "en", &[2, 3]).await;
    play(&app, asha, "intent_quest", "en", &[]).await;

    let stored = stored_totals(&app).await;
    assert_eq!(stored, recount(&app).await, "the rollups are the recount");
    let days: std::collections::BTreeSet<_> = stored
        .keys()
        .filter(|k| k.0 == "day")
        .map(|k| k.1)
        .collect();
    assert_eq!(days.len(), 2, "Sunday and Monday in India: {days:?}");
    let (today, _, _) = board(
        &app,
        GetLeaderboardRequest {
            period: LeaderboardPeriod::Today.into(),
            ..Default::default()
        },
    )
    .await;
    let games_today: i64 = today.iter().map(|e| e.games_played).sum();
    assert_eq!(games_today, 3, "the late game and the two after midnight");
}
