//! GameService: converts requests, calls the games module, converts back.
use tonic::{Request, Response, Status};

use super::{
    AnswerInput, ApproveInput, GameView, LeaderboardEntry, LeaderboardQuery, Period, QuestionView,
    Reward, SessionFilter, StartInput, session::text,
};
use crate::{
    auth, convert,
    proto::{
        self, AbandonGameRequest, AbandonGameResponse, ApproveGameRewardRequest,
        ApproveGameRewardResponse, CompleteGameRequest, CompleteGameResponse,
        GetGameSessionRequest, GetGameSessionResponse, GetLeaderboardRequest,
        GetLeaderboardResponse, LeaderboardPeriod, ListGameSessionsRequest,
        ListGameSessionsResponse, ListGamesAwaitingApprovalRequest,
        ListGamesAwaitingApprovalResponse, StartGameRequest, StartGameResponse,
        SubmitAnswerRequest, SubmitAnswerResponse, game_service_server::GameService,
    },
    state::AppState,
};

pub struct GamesApi {
    state: AppState,
}

impl GamesApi {
    pub fn new(state: AppState) -> GamesApi {
        GamesApi { state }
    }
}

#[tonic::async_trait]
impl GameService for GamesApi {
    async fn start_game(
        &self,
        request: Request<StartGameRequest>,
    ) -> Result<Response<StartGameResponse>, Status> {
        let StartGameRequest {
            user_id,
            game_type,
            difficulty,
            language,
            session_id,
            mission_id,
        } = request.into_inner();
        let input = StartInput::parse(
            user_id,
            &game_type,
            &difficulty,
            &language,
            &session_id,
            &mission_id,
        )?;
        let settings = self.state.settings.current().await;
        let started =
            super::start_game(&self.state.db, &settings, &self.state.clock, input).await?;
        Ok(Response::new(StartGameResponse {
            game_session: Some(to_proto(started.game)),
            resumed: started.resumed,
        }))
    }

    async fn submit_answer(
        &self,
        request: Request<SubmitAnswerRequest>,
    ) -> Result<Response<SubmitAnswerResponse>, Status> {
        let SubmitAnswerRequest {
            game_session_id,
            question_id,
            answer,
        } = request.into_inner();
        let settings = self.state.settings.current().await;
        let input = AnswerInput::parse(&settings, game_session_id, question_id, &answer)?;
        let result = super::submit_answer(
            &self.state.db,
            &settings,
            &self.state.clock,
            &self.state.seating,
            input,
        )
        .await?;
        Ok(Response::new(SubmitAnswerResponse {
            correct: result.correct,
            suspicious: result.suspicious,
            feedback: result.feedback,
            score: result.game.session.score,
            game_session: Some(to_proto(result.game)),
            replayed: result.replayed,
        }))
    }

    async fn complete_game(
        &self,
        request: Request<CompleteGameRequest>,
    ) -> Result<Response<CompleteGameResponse>, Status> {
        let CompleteGameRequest { game_session_id } = request.into_inner();
        let settings = self.state.settings.current().await;
        let game = super::complete_game(
            &self.state.db,
            &settings,
            &self.state.clock,
            &self.state.seating,
            game_session_id,
        )
        .await?;
        Ok(Response::new(CompleteGameResponse {
            game_session: Some(to_proto(game)),
        }))
    }

    async fn abandon_game(
        &self,
        request: Request<AbandonGameRequest>,
    ) -> Result<Response<AbandonGameResponse>, Status> {
        let AbandonGameRequest { game_session_id } = request.into_inner();
        let game = super::abandon_game(&self.state.db, &self.state.clock, game_session_id).await?;
        Ok(Response::new(AbandonGameResponse {
            game_session: Some(to_proto(game)),
        }))
    }

    async fn get_game_session(
        &self,
        request: Request<GetGameSessionRequest>,
    ) -> Result<Response<GetGameSessionResponse>, Status> {
        let GetGameSessionRequest { game_session_id } = request.into_inner();
        let game = super::get_game(&self.state.db, game_session_id).await?;
        Ok(Response::new(GetGameSessionResponse {
            game_session: Some(to_proto(game)),
        }))
    }

    async fn list_game_sessions(
        &self,
        request: Request<ListGameSessionsRequest>,
    ) -> Result<Response<ListGameSessionsResponse>, Status> {
        let ListGameSessionsRequest {
            page_size,
            page_token,
            user_id,
            status,
            game_type,
        } = request.into_inner();
        let filter = SessionFilter::parse(user_id, &status, &game_type, page_size, &page_token)?;
        let (games, next) = super::list_games(&self.state.db, filter).await?;
        Ok(Response::new(ListGameSessionsResponse {
            game_sessions: games.into_iter().map(to_proto).collect(),
            next_page_token: next.unwrap_or_default(),
        }))
    }

    async fn get_leaderboard(
        &self,
        request: Request<GetLeaderboardRequest>,
    ) -> Result<Response<GetLeaderboardResponse>, Status> {
        let request = request.into_inner();
        let period = match request.period() {
            LeaderboardPeriod::Today => Period::Today,
            LeaderboardPeriod::Week => Period::Week,
            LeaderboardPeriod::AllTime | LeaderboardPeriod::Unspecified => Period::AllTime,
        };
        let GetLeaderboardRequest {
            game_type,
            top_n,
            user_id,
            language,
            around,
            period: _,
        } = request;
        let query = LeaderboardQuery::parse(period, &game_type, &language, top_n, user_id, around)?;
        let settings = self.state.settings.current().await;
        let board = super::leaderboard(&self.state.db, &settings, &self.state.clock, query).await?;
        Ok(Response::new(GetLeaderboardResponse {
            entries: board.entries.into_iter().map(entry_to_proto).collect(),
            caller: board.caller.map(entry_to_proto),
            around: board.around.into_iter().map(entry_to_proto).collect(),
        }))
    }

    async fn list_games_awaiting_approval(
        &self,
        request: Request<ListGamesAwaitingApprovalRequest>,
    ) -> Result<Response<ListGamesAwaitingApprovalResponse>, Status> {
        auth::require_admin(&request)?;
        let ListGamesAwaitingApprovalRequest {
            page_size,
            page_token,
            user_id,
        } = request.into_inner();
        let (games, next) =
            super::list_awaiting_approval(&self.state.db, user_id, page_size, &page_token).await?;
        let games = games
            .into_iter()
            .map(|awaiting| proto::GameAwaitingApproval {
                game_session: Some(to_proto(awaiting.game)),
                rewards_earned_json: awaiting
                    .original
                    .map(|json| json.to_string())
                    .unwrap_or_default(),
            })
            .collect();
        Ok(Response::new(ListGamesAwaitingApprovalResponse {
            games,
            next_page_token: next.unwrap_or_default(),
        }))
    }

    async fn approve_game_reward(
        &self,
        request: Request<ApproveGameRewardRequest>,
    ) -> Result<Response<ApproveGameRewardResponse>, Status> {
        auth::require_admin(&request)?;
        let ApproveGameRewardRequest {
            game_session_id,
            amount,
            approved_by,
        } = request.into_inner();
        let input = ApproveInput::parse(game_session_id, &amount, &approved_by)?;
        let settings = self.state.settings.current().await;
        let game =
            super::approve_foreign(&self.state.db, &settings, &self.state.clock, input).await?;
        Ok(Response::new(ApproveGameRewardResponse {
            game_session: Some(to_proto(game)),
        }))
    }
}

fn entry_to_proto(entry: LeaderboardEntry) -> proto::LeaderboardEntry {
    proto::LeaderboardEntry {
        rank: entry.rank,
        user_id: entry.user_id,
        display_name: entry.display_name,
        score: entry.score,
        games_played: entry.games_played,
    }
}

pub fn to_proto(game: GameView) -> proto::GameSession {
    let GameView {
        session,
        question_count,
        answered_count,
        current,
        reward,
    } = game;
    proto::GameSession {
        id: session.id,
        session_id: session.session_id,
        user_id: session.user_id,
        game_type: session.game_type.as_str().to_string(),
        difficulty: text(&session.difficulty),
        language: session.language.unwrap_or_default(),
        mission_id: session.mission_id.unwrap_or_default(),
        status: text(&session.status),
        score: session.score,
        question_count: convert::count(question_count),
        answered_count: convert::count(answered_count),
        current_question: current.map(question_to_proto),
        reward: reward.map(reward_to_proto),
        reward_status: text(&session.reward_status),
        completion_time_seconds: session.completion_time_seconds,
        start_time: convert::opt_timestamp(session.started_at),
        complete_time: convert::opt_timestamp(session.completed_at),
        update_time: convert::opt_timestamp(session.updated_at),
    }
}

fn question_to_proto(question: QuestionView) -> proto::GameQuestion {
    proto::GameQuestion {
        question_id: question.question_id,
        position: convert::count(question.position),
        text: question.text,
        context: question.context.unwrap_or_default(),
        options: question.options,
        personalized: question.personalized,
    }
}

fn reward_to_proto(reward: Reward) -> proto::GameReward {
    proto::GameReward {
        amount: reward.amount,
        currency: reward.currency,
        loyalty_points: reward.loyalty_points,
        correct_answers: reward.correct_answers,
        questions: reward.questions,
        per_correct: reward.per_correct,
        completion_bonus: reward.completion_bonus,
        capped: reward.capped,
        gold_answered: reward.gold_answered,
        gold_correct: reward.gold_correct,
        unverified_paid: reward.unverified_paid,
        unverified_amount: reward.unverified_amount,
        forfeit: reward.forfeit.unwrap_or_default(),
        achievement_amount: reward.achievements.as_ref().map_or_else(
            || super::view::money(rust_decimal::Decimal::ZERO),
            |a| a.amount.clone(),
        ),
        achievement_loyalty_points: reward.achievements.as_ref().map_or(0, |a| a.loyalty_points),
        achievement_keys: reward.achievements.map(|a| a.keys).unwrap_or_default(),
    }
}
