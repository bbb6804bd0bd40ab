//! Ranks from the score buckets: exact before the background fold counts
//! a game, after it, and with some totals folded and others not; the
//! buckets equal a recount of the totals, and a second fold finds nothing.
use std::collections::BTreeMap;

use gamification::{
    clock::Clock,
    leagues::ranks,
    proto::{GetLeaderboardRequest, LeaderboardPeriod},
};

use super::{WEDNESDAY, at, league_app, play, player};
use crate::helpers::TestApp;

/// The board every ranking must show: score first, ties by user id, rank
/// 1 + the players strictly ahead.
fn expected(scores: &BTreeMap<i32, i64>) -> Vec<(i32, i32, i64)> {
    let mut order: Vec<(i32, i64)> = scores.iter().map(|(u, s)| (*u, *s)).collect();
    order.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    order
        .iter()
        .map(|&(user, score)| {
            let ahead = order.iter().filter(|o| o.1 > score).count();
            (ahead as i32 + 1, user, score)
        })
        .collect()
}

/// Every player's own rank and window of two either side, this week.
async fn assert_ranks(app: &TestApp, scores: &BTreeMap<i32, i64>, when: &str) {
    let want = expected(scores);
    for (i, &(_, user, _)) in want.iter().enumerate() {
        let board = app
            .games()
            .get_leaderboard(GetLeaderboardRequest {
                period: LeaderboardPeriod::Week.into(),
                user_id: user,
                around: 2,
                ..Default::default()
            })
            .await
            .expect("leaderboard")
            .into_inner();
        let around: Vec<(i32, i32, i64)> = board
            .around
            .iter()
            .map(|e| (e.rank, e.user_id, e.score))
            .collect();
        let window = &want[i.saturating_sub(2)..(i + 3).min(want.len())];
        assert_eq!(around, window, "around player {user}, {when}");
    }
}

/// (board, score) → players, from the buckets and from a recount.
async fn buckets_and_recount(app: &TestApp) -> (String, String) {
    let concat = if app.database.is_postgres() {
        "STRING_AGG"
    } else {
        "GROUP_CONCAT"
    };
    let buckets = app
        .text(&format!(
            "SELECT COALESCE({concat}(line, ';'), '') FROM (SELECT period_kind || '/' || game_type \
             || '/' || language || '/' || score || '=' || players AS line \
             FROM leaderboard_score_counts WHERE players <> 0 \
             ORDER BY period_kind, period_start, game_type, language, score) AS b"
        ))
        .await;
    let recount = app
        .text(&format!(
            "SELECT COALESCE({concat}(line, ';'), '') FROM (SELECT period_kind || '/' || game_type \
             || '/' || language || '/' || score || '=' || COUNT(*) AS line FROM leaderboard_totals \
             GROUP BY period_kind, period_start, game_type, language, score \
             ORDER BY period_kind, period_start, game_type, language, score) AS r"
        ))
        .await;
    (buckets, recount)
}

#[tokio::test]
async fn ranks_are_exact_before_during_and_after_the_fold() {
    let app = league_app(Clock::manual(at(WEDNESDAY))).await;
    let wrongs: [&[i32]; 6] = [&[], &[0], &[1], &[2], &[0, 1], &[0, 1, 2, 3]];
    let mut scores = BTreeMap::new();
    let mut users = Vec::new();
    for (n, wrong) in (1..).zip(wrongs) {
        let user = player(&app, n, &format!("P{n}")).await;
        let game = play(&app, user, "intent_quest", "en", wrong).await;
        scores.insert(user, i64::from(game.score));
        users.push(user);
    }
    assert_ranks(&app, &scores, "before any fold").await;

    // (The server's own folder may have run first: either way, after this
    // call nothing is left to count.)
    ranks::fold(&app.db).await.expect("fold");
    let unranked = "SELECT COUNT(*) FROM leaderboard_totals \
        WHERE ranked_score IS NULL OR ranked_score <> score";
    assert_eq!(app.count(unranked).await, 0, "every total counted");
    assert_eq!(
        ranks::fold(&app.db).await.expect("again"),
        0,
        "counted once"
    );
    let (buckets, recount) = buckets_and_recount(&app).await;
    assert!(!recount.is_empty());
    assert_eq!(buckets, recount, "the buckets equal a recount");
    assert_ranks(&app, &scores, "after the fold").await;

    // The last two play again: their totals are ahead of the buckets.
    for &user in &users[4..] {
        let game = play(&app, user, "intent_quest", "en", &[]).await;
        *scores.get_mut(&user).expect("player") += i64::from(game.score);
    }
    assert_ranks(&app, &scores, "with two totals not folded").await;
    ranks::fold(&app.db).await.expect("fold the new games");
    let (buckets, recount) = buckets_and_recount(&app).await;
    assert_eq!(buckets, recount, "moved out of their old buckets");
    assert_ranks(&app, &scores, "after the second fold").await;
}
