//! CrowdLabelService: converts requests, calls the crowd module, converts back.
use tonic::{Request, Response, Status};

use super::{NewCrowdQuestion, rule};
use crate::{
    auth,
    error::{AppError, Violations},
    fields::{game, ids},
    proto::{
        CreateCrowdQuestionRequest, CreateCrowdQuestionResponse, GetPlayerReliabilityRequest,
        GetPlayerReliabilityResponse, crowd_label_service_server::CrowdLabelService,
    },
    state::AppState,
};

pub struct CrowdApi {
    state: AppState,
}

impl CrowdApi {
    pub fn new(state: AppState) -> CrowdApi {
        CrowdApi { state }
    }
}

#[tonic::async_trait]
impl CrowdLabelService for CrowdApi {
    async fn create_crowd_question(
        &self,
        request: Request<CreateCrowdQuestionRequest>,
    ) -> Result<Response<CreateCrowdQuestionResponse>, Status> {
        auth::require_admin(&request)?;
        let CreateCrowdQuestionRequest {
            sample_id,
            question_text,
            answer_options,
            language,
            difficulty,
        } = request.into_inner();
        let settings = self.state.settings.current().await;
        let mut v = Violations::new();
        let input = NewCrowdQuestion {
            sample_id: v.field(ids::id("sample_id", sample_id)),
            question_text: v.field(game::required_text(
                "question_text",
                &question_text,
                settings.max_text_length,
            )),
            options: v.fields(super::question::options("answer_options", &answer_options)),
            language: v.field(game::language("language", &language)),
            difficulty: v.field(game::difficulty("difficulty", &difficulty)),
        };
        let input = v.into_result(input).map_err(AppError::InvalidArgument)?;
        let question =
            super::create_question(&self.state.db, &settings, input, self.state.clock.now())
                .await?;
        Ok(Response::new(CreateCrowdQuestionResponse {
            question_id: question.id,
            sample_id,
        }))
    }

    async fn get_player_reliability(
        &self,
        request: Request<GetPlayerReliabilityRequest>,
    ) -> Result<Response<GetPlayerReliabilityResponse>, Status> {
        let GetPlayerReliabilityRequest { user_id } = request.into_inner();
        let user_id = ids::id("user_id", user_id).map_err(AppError::from)?;
        let settings = self.state.settings.current().await;
        let gold = super::reliability(&self.state.db, user_id).await?;
        let rules = rule::Rules::from_settings(&settings);
        let weight = rule::weight(&rules, gold);
        Ok(Response::new(GetPlayerReliabilityResponse {
            user_id,
            gold_answered: gold.answered,
            gold_correct: gold.correct,
            accuracy: gold
                .accuracy(rules.min_gold_answers)
                .map(|a| a.to_string())
                .unwrap_or_default(),
            vote_weight: weight.unwrap_or_default().to_string(),
            counts: weight.is_some(),
        }))
    }
}
