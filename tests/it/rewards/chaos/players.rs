//! Players playing whole games through GameService against whichever
//! instance answers, every answer correct (read from the database: the API
//! never reveals answers). A call cut off by a crash or a dropped database
//! connection is repeated: StartGame in the same chat and the same answer
//! again are both idempotent.
use std::{
    future::Future,
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
    time::Duration,
};

use gamification::proto::{
    StartGameRequest, SubmitAnswerRequest, UpsertUserRequest,
    game_service_client::GameServiceClient, user_service_client::UserServiceClient,
};
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};
use tonic::{Code, Status, service::interceptor::InterceptedService};

use super::cluster::Cluster;
use crate::helpers::{Authed, Bearer, SERVICE_TOKEN};

/// One game of each type whose answers are choices.
pub const GAME_TYPES: [&str; 3] = ["intent_quest", "tone_detective", "entity_hunter"];

pub struct Table {
    pub cluster: Arc<Cluster>,
    /// The test's own connection, for the correct answers.
    pub db: DatabaseConnection,
    /// Games played to the end so far.
    pub completed: AtomicUsize,
}

/// What a crashed instance or a cut database connection answers: worth
/// another try, on the next instance.
fn passing(status: &Status) -> bool {
    matches!(
        status.code(),
        Code::Unavailable
            | Code::Unknown
            | Code::Internal
            | Code::Cancelled
            | Code::DeadlineExceeded
    )
}

/// Calls instance `home` first, then the next ones in turn, until a call
/// gets an answer; anything but a passing failure fails the test.
pub async fn failover<T, F, Fut>(
    cluster: &Cluster,
    home: usize,
    token: &'static str,
    what: &str,
    mut call: F,
) -> T
where
    F: FnMut(Authed) -> Fut,
    Fut: Future<Output = Result<tonic::Response<T>, Status>>,
{
    let mut last = None;
    for attempt in 0..300 {
        let authed = InterceptedService::new(cluster.channel(home + attempt), Bearer(Some(token)));
        match call(authed).await {
            Ok(response) => return response.into_inner(),
            Err(status) if passing(&status) => {
                cluster.repeated_calls.fetch_add(1, Ordering::SeqCst);
                last = Some(status);
            }
            Err(status) => panic!("{what}: {status:?}"),
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{what}: no instance answered in time; last {last:?}")
}

impl Table {
    pub async fn new_user(&self, player: usize) -> i32 {
        let request = UpsertUserRequest {
            php_user_id: Some(70_000 + player as i32),
            phone: format!("+9190000{player:05}"),
            ..Default::default()
        };
        let answer = failover(&self.cluster, player, SERVICE_TOKEN, "upsert user", |a| {
            let request = request.clone();
            async move { UserServiceClient::new(a).upsert_user(request).await }
        })
        .await;
        answer.user.expect("a user").id
    }

    /// Plays one game of each type to its end; returns the games' ids.
    pub async fn play(&self, player: usize, user_id: i32) -> Vec<i32> {
        let mut ids = Vec::new();
        for (n, game_type) in GAME_TYPES.iter().enumerate() {
            let request = StartGameRequest {
                user_id,
                game_type: game_type.to_string(),
                difficulty: "medium".into(),
                language: "en".into(),
                session_id: format!("chaos-{player}-{n}"),
                mission_id: String::new(),
            };
            let started = failover(&self.cluster, player, SERVICE_TOKEN, "start", |a| {
                let request = request.clone();
                async move { GameServiceClient::new(a).start_game(request).await }
            })
            .await;
            let mut game = started.game_session.expect("a game");
            while let Some(question) = game.current_question.clone() {
                let request = SubmitAnswerRequest {
                    game_session_id: game.id,
                    question_id: question.question_id,
                    answer: self.correct_answer(question.question_id).await,
                };
                let answered = failover(&self.cluster, player, SERVICE_TOKEN, "answer", |a| {
                    let request = request.clone();
                    async move { GameServiceClient::new(a).submit_answer(request).await }
                })
                .await;
                game = answered.game_session.expect("the game");
            }
            assert_eq!(
                game.status, "completed",
                "game {} played to its end",
                game.id
            );
            ids.push(game.id);
            self.completed.fetch_add(1, Ordering::SeqCst);
        }
        ids
    }

    async fn correct_answer(&self, question_id: i32) -> String {
        let sql = format!("SELECT correct_answer FROM game_questions WHERE id = {question_id}");
        for _ in 0..50 {
            let statement = Statement::from_string(self.db.get_database_backend(), sql.clone());
            if let Ok(Some(row)) = self.db.query_one_raw(statement).await {
                return row.try_get_by_index::<String>(0).expect("an answer");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("cannot read the answer of question {question_id}")
    }
}
