//! ListGameSessions and GetLeaderboard.
use gamification::proto::{
    AbandonGameRequest, GetLeaderboardRequest, LeaderboardPeriod, ListGameSessionsRequest,
    UpsertUserRequest,
};
use tonic::Code;

use super::{GameRequest, game_app, game_of, new_user, play_out, start_game};
use crate::helpers::{TestApp, expect_code};

#[tokio::test]
async fn game_sessions_are_listed_newest_first_by_user_status_and_type() {
    let app = game_app().await;
    let (asha, ravi) = (new_user(&app, 30).await, new_user(&app, 31).await);
    let first = start_game(
        &app,
        game_of(asha)
            .kind("tone_detective")
            .difficulty("easy")
            .chat("a"),
    )
    .await;
    app.games()
        .abandon_game(AbandonGameRequest {
            game_session_id: first.id,
        })
        .await
        .expect("abandon");
    let second = start_game(&app, game_of(asha).difficulty("easy").chat("b")).await;
    play_out(&app, second, &[]).await;
    let third = start_game(&app, game_of(asha).chat("c")).await;
    start_game(&app, game_of(ravi).difficulty("easy").chat("a")).await;

    let list = |request: ListGameSessionsRequest| {
        let mut client = app.games();
        async move {
            client
                .list_game_sessions(request)
                .await
                .expect("list")
                .into_inner()
        }
    };
    let page = list(ListGameSessionsRequest {
        user_id: asha,
        page_size: 2,
        ..Default::default()
    })
    .await;
    let ids: Vec<i32> = page.game_sessions.iter().map(|g| g.id).collect();
    assert_eq!(ids[0], third.id, "newest first");
    assert_eq!(ids.len(), 2);
    let rest = list(ListGameSessionsRequest {
        user_id: asha,
        page_size: 2,
        page_token: page.next_page_token,
        ..Default::default()
    })
    .await;
    assert_eq!(
        rest.game_sessions.iter().map(|g| g.id).collect::<Vec<_>>(),
        vec![first.id]
    );
    assert!(rest.next_page_token.is_empty());
    let done = list(ListGameSessionsRequest {
        status: "completed".into(),
        ..Default::default()
    })
    .await;
    assert_eq!(done.game_sessions.len(), 1);
    let tone = list(ListGameSessionsRequest {
        game_type: "tone_detective".into(),
        ..Default::default()
    })
    .await;
    assert_eq!(tone.game_sessions[0].status, "abandoned");
    let bad = app
        .games()
        .list_game_sessions(ListGameSessionsRequest {
            status: "won".into(),
            ..Default::default()
        })
        .await;
    expect_code(bad, Code::InvalidArgument);
}

async fn named_user(app: &TestApp, n: i32, name: &str) -> i32 {
    app.users()
        .upsert_user(UpsertUserRequest {
            php_user_id: Some(2000 + n),
            phone: format!("+9197000{:05}", n),
            first_name: name.into(),
            ..Default::default()
        })
        .await
        .expect("user")
        .into_inner()
        .user
        .expect("user")
        .id
}

#[tokio::test]
async fn the_leaderboard_ranks_players_with_shared_ranks_and_the_callers_own() {
    let app = game_app().await;
    let asha = named_user(&app, 1, "Asha").await;
    let ravi = named_user(&app, 2, "Ravi").await;
    let meera = named_user(&app, 3, "Meera").await;
    for (user, wrong) in [(asha, vec![]), (ravi, vec![0, 1]), (meera, vec![])] {
        let game = start_game(&app, game_of(user).chat("chat")).await;
        play_out(&app, game, &wrong).await;
    }
    let board = app
        .games()
        .get_leaderboard(GetLeaderboardRequest {
            period: LeaderboardPeriod::Today.into(),
            top_n: 2,
            user_id: ravi,
            ..Default::default()
        })
        .await
        .expect("board")
        .into_inner();
    let top: Vec<(i32, i32, i64, &str)> = board
        .entries
        .iter()
        .map(|e| (e.rank, e.user_id, e.score, e.display_name.as_str()))
        .collect();
    assert_eq!(top, vec![(1, asha, 5, "Asha"), (1, meera, 5, "Meera")]);
    let me = board.caller.expect("the caller's rank");
    assert_eq!((me.rank, me.score, me.games_played), (3, 3, 1));

    let tone = app
        .games()
        .get_leaderboard(GetLeaderboardRequest {
            game_type: "tone_detective".into(),
            ..Default::default()
        })
        .await
        .expect("board")
        .into_inner();
    assert!(tone.entries.is_empty() && tone.caller.is_none());
}

#[tokio::test]
async fn a_session_the_old_app_wrote_is_listed_but_cannot_be_played() {
    let app = game_app().await;
    let user = new_user(&app, 32).await;
    app.exec(&format!(
        "INSERT INTO game_sessions (session_id, user_id, game_type, status, score) \
         VALUES ('legacy', {user}, 'intent_quest', 'active', 0)"
    ))
    .await;
    let listed = app
        .games()
        .list_game_sessions(ListGameSessionsRequest {
            user_id: user,
            ..Default::default()
        })
        .await
        .expect("list")
        .into_inner()
        .game_sessions;
    assert_eq!(listed.len(), 1);
    assert_eq!(
        (
            listed[0].question_count,
            listed[0].current_question.is_none()
        ),
        (0, true)
    );
    let request = gamification::proto::SubmitAnswerRequest {
        game_session_id: listed[0].id,
        question_id: 1,
        answer: "greeting".into(),
    };
    expect_code(
        app.games().submit_answer(request).await,
        Code::FailedPrecondition,
    );
}

#[tokio::test]
async fn a_page_token_with_characters_beyond_ascii_is_invalid_argument() {
    let app = super::game_app().await;
    let request = gamification::proto::ListGameSessionsRequest {
        page_token: "ꢀA0ল".into(),
        ..Default::default()
    };
    let refused = app.games().list_game_sessions(request).await;
    let status = crate::helpers::expect_code(refused, tonic::Code::InvalidArgument);
    assert_eq!(crate::helpers::field_violations(&status)[0].0, "page_token");
}
