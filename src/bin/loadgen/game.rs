//! The `game` scenario: a player that keeps playing intent_quest games. Each
//! game is played by a new user (so the daily game limit and the cooldown,
//! which protect real users, do not cap the load), starting with an untimed
//! UpsertUser and StartGame; every SubmitAnswer is one timed call. Its
//! players answer at once, so it first sets `min_answer_seconds` to 0 (an
//! admin token is needed): otherwise every answer would be judged too fast
//! to be human and skip the scoring path. Run it against a scratch server.
use gamification::proto::{
    GameQuestion, GetSettingRequest, StartGameRequest, SubmitAnswerRequest, UpdateSettingRequest,
    UpsertUserRequest, game_service_client::GameServiceClient,
    settings_service_client::SettingsServiceClient, user_service_client::UserServiceClient,
};
use std::sync::atomic::{AtomicI32, Ordering};

use tonic::transport::Channel;

use crate::scenarios::authorized;

/// Lets instant answers count as human ones on the target server.
pub async fn accept_instant_answers(
    channel: Channel,
    token: Option<&str>,
) -> Result<(), Box<dyn std::error::Error>> {
    let mut settings = SettingsServiceClient::new(channel);
    let key = "min_answer_seconds".to_string();
    let current = settings
        .get_setting(authorized(GetSettingRequest { key: key.clone() }, token))
        .await?
        .into_inner()
        .setting
        .ok_or("GetSetting: no setting")?;
    if current.value != "0" {
        let update = UpdateSettingRequest {
            key,
            value: "0".into(),
            updated_by: "loadgen".into(),
            etag: current.etag,
            reason: "load test: players answer at once".into(),
        };
        settings.update_setting(authorized(update, token)).await?;
        eprintln!("loadgen: set min_answer_seconds to 0 on the target server");
    }
    Ok(())
}

/// The next player's php_user_id: one new user per game across all workers
/// and both the warm-up and the measured run of this process.
static NEXT_PLAYER: AtomicI32 = AtomicI32::new(0);

pub struct Player {
    id_base: i32,
    games: i32,
    session: Option<(i32, GameQuestion)>,
}

impl Player {
    pub fn new(seed: u64) -> Player {
        // Runs with different seeds use different users.
        let id_base = 1_000_000 + ((seed % 1000) as i32) * 1_000_000;
        Player {
            id_base,
            games: 0,
            session: None,
        }
    }

    /// Starts a game when there is no question waiting.
    pub async fn ensure_question(
        &mut self,
        channel: Channel,
        token: Option<&str>,
    ) -> Result<(), String> {
        if self.session.is_some() {
            return Ok(());
        }
        self.games += 1;
        let php_user_id = self.id_base + NEXT_PLAYER.fetch_add(1, Ordering::Relaxed);
        let user = UpsertUserRequest {
            php_user_id: Some(php_user_id),
            ..Default::default()
        };
        let user = UserServiceClient::new(channel.clone())
            .upsert_user(authorized(user, token))
            .await
            .map_err(|s| format!("UpsertUser:{:?}", s.code()))?
            .into_inner()
            .user
            .ok_or("UpsertUser: no user")?;
        let start = StartGameRequest {
            user_id: user.id,
            game_type: "intent_quest".into(),
            difficulty: "medium".into(),
            language: "en".into(),
            session_id: format!("load-{php_user_id}-{}", self.games),
            mission_id: String::new(),
        };
        let game = GameServiceClient::new(channel)
            .start_game(authorized(start, token))
            .await
            .map_err(|s| format!("StartGame:{:?}", s.code()))?
            .into_inner()
            .game_session
            .ok_or("StartGame: no session")?;
        let question = game.current_question.ok_or("StartGame: no question")?;
        self.session = Some((game.id, question));
        Ok(())
    }

    /// Answers the waiting question (with its first option) and keeps the next one.
    pub async fn answer(&mut self, channel: Channel, token: Option<&str>) -> Result<u64, String> {
        let (game_session_id, question) = self.session.take().ok_or("no game")?;
        let answer = question
            .options
            .first()
            .cloned()
            .unwrap_or_else(|| "order_food".into());
        let request = SubmitAnswerRequest {
            game_session_id,
            question_id: question.question_id,
            answer,
        };
        let response = GameServiceClient::new(channel)
            .submit_answer(authorized(request, token))
            .await
            .map_err(|s| format!("{:?}", s.code()))?
            .into_inner();
        if let Some(next) = response.game_session.and_then(|s| s.current_question) {
            self.session = Some((game_session_id, next));
        }
        Ok(1)
    }
}
