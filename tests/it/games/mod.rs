//! GameService: whole games of every type, retries, concurrency, limits.
mod browse;
pub mod economy;
mod limits;
mod personal;
mod play;
mod retries;

use gamification::proto::{
    GameQuestion, GameSession, GetQuestionRequest, StartGameRequest, SubmitAnswerRequest,
    SubmitAnswerResponse, UpsertUserRequest,
};

use crate::helpers::TestApp;

pub use crate::helpers::set_setting as set;

/// A server where answers may come at once and games follow each other.
pub async fn game_app() -> TestApp {
    let app = TestApp::spawn().await;
    set(&app, "min_answer_seconds", "0").await;
    set(&app, "game_cooldown_seconds", "0").await;
    app
}

pub async fn new_user(app: &TestApp, n: i32) -> i32 {
    app.users()
        .upsert_user(UpsertUserRequest {
            php_user_id: Some(1000 + n),
            phone: format!("+9198765{:05}", n),
            ..Default::default()
        })
        .await
        .expect("user")
        .into_inner()
        .user
        .expect("user")
        .id
}

/// A StartGame request for `user_id`: an `intent_quest` game, `medium`,
/// in English, in chat `chat`; change what a test is about with the
/// [`GameRequest`] methods, e.g. `game_of(user).kind("tone_detective").chat("b")`.
pub fn game_of(user_id: i32) -> StartGameRequest {
    StartGameRequest {
        user_id,
        game_type: "intent_quest".into(),
        difficulty: "medium".into(),
        language: "en".into(),
        session_id: "chat".into(),
        mission_id: String::new(),
    }
}

/// Named setters for the fields of a StartGame request.
pub trait GameRequest {
    fn kind(self, game_type: &str) -> Self;
    fn difficulty(self, difficulty: &str) -> Self;
    fn language(self, language: &str) -> Self;
    fn chat(self, chat: &str) -> Self;
}

impl GameRequest for StartGameRequest {
    fn kind(mut self, game_type: &str) -> Self {
        self.game_type = game_type.into();
        self
    }

    fn difficulty(mut self, difficulty: &str) -> Self {
        self.difficulty = difficulty.into();
        self
    }

    fn language(mut self, language: &str) -> Self {
        self.language = language.into();
        self
    }

    fn chat(mut self, chat: &str) -> Self {
        self.session_id = chat.into();
        self
    }
}

pub async fn start_game(app: &TestApp, request: StartGameRequest) -> GameSession {
    app.games()
        .start_game(request)
        .await
        .expect("start")
        .into_inner()
        .game_session
        .expect("session")
}

pub async fn correct_answer(app: &TestApp, question_id: i32) -> String {
    app.text(&format!(
        "SELECT correct_answer FROM game_questions WHERE id = {question_id}"
    ))
    .await
}

pub fn answer(game: &GameSession, text: &str) -> SubmitAnswerRequest {
    let question = game.current_question.as_ref().expect("a current question");
    SubmitAnswerRequest {
        game_session_id: game.id,
        question_id: question.question_id,
        answer: text.into(),
    }
}

pub async fn submit(app: &TestApp, request: SubmitAnswerRequest) -> SubmitAnswerResponse {
    app.games()
        .submit_answer(request)
        .await
        .expect("submit")
        .into_inner()
}

/// The right answer to the current question when it has one (gold), else
/// a valid choice (the first option).
pub async fn right_or_any(app: &TestApp, question: &GameQuestion) -> String {
    let correct = correct_answer(app, question.question_id).await;
    if question.options.is_empty() || question.options.contains(&correct) {
        correct
    } else {
        question.options[0].clone()
    }
}

/// Answers questions (right where there is a right answer) until the
/// current one is `wanted`; the plan's order is random.
pub async fn advance_to(
    app: &TestApp,
    mut game: GameSession,
    wanted: impl Fn(&GameQuestion) -> bool,
) -> GameSession {
    loop {
        let question = game
            .current_question
            .clone()
            .expect("the wanted question comes");
        if wanted(&question) {
            return game;
        }
        let text = right_or_any(app, &question).await;
        game = submit(app, answer(&game, &text))
            .await
            .game_session
            .expect("session");
    }
}

/// Answers every remaining question, correctly except at the `wrong` positions.
pub async fn play_out(app: &TestApp, mut game: GameSession, wrong: &[i32]) -> GameSession {
    while let Some(question) = game.current_question.clone() {
        let right = right_or_any(app, &question).await;
        let text = if !wrong.contains(&question.position) {
            right
        } else {
            let other = question.options.iter().find(|o| **o != right);
            other
                .cloned()
                .unwrap_or_else(|| "definitely not this".into())
        };
        let response = submit(app, answer(&game, &text)).await;
        game = response.game_session.expect("session");
    }
    game
}

/// Starts a game and answers all but its last question correctly; returns
/// the correct last answer, ready to send (e.g. concurrently with others).
pub async fn last_answer_pending(app: &TestApp, request: StartGameRequest) -> SubmitAnswerRequest {
    let mut game = start_game(app, request).await;
    while game.answered_count + 1 < game.question_count {
        let id = game
            .current_question
            .as_ref()
            .expect("question")
            .question_id;
        let correct = correct_answer(app, id).await;
        game = submit(app, answer(&game, &correct))
            .await
            .game_session
            .expect("session");
    }
    let id = game.current_question.as_ref().expect("last").question_id;
    answer(&game, &correct_answer(app, id).await)
}

/// A question's `(usage_count, success_rate)` as an admin reads it from the
/// bank (GetQuestion counts every answer given so far).
pub async fn usage_of(app: &TestApp, question_id: i32) -> (i32, String) {
    let question = app
        .questions()
        .get_question(GetQuestionRequest { id: question_id })
        .await
        .expect("get question")
        .into_inner()
        .question
        .expect("question");
    (question.usage_count, question.success_rate)
}
