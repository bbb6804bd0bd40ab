//! CrowdLabelService: converts requests, calls the crowd module, converts back.
use tonic::{Request, Response, Status};

use super::{
    NewCrowdQuestion,
    report::{self, Agreement, Limits, PlayerReport},
    rule,
};
use crate::{
    auth,
    error::{AppError, Violation, Violations},
    fields::{game, ids},
    proto::{
        ConfusedLabels, CreateCrowdQuestionRequest, CreateCrowdQuestionResponse,
        GetAgreementReportRequest, GetAgreementReportResponse, GetPlayerReliabilityRequest,
        GetPlayerReliabilityResponse, LabelAgreement, PlayerAgreement,
        crowd_label_service_server::CrowdLabelService,
    },
    state::AppState,
    training::agreement::four_places,
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

    async fn get_agreement_report(
        &self,
        request: Request<GetAgreementReportRequest>,
    ) -> Result<Response<GetAgreementReportResponse>, Status> {
        auth::require_admin(&request)?;
        let GetAgreementReportRequest {
            max_players,
            max_confused_pairs,
        } = request.into_inner();
        let mut v = Violations::new();
        let limits = Limits {
            players: v.field(limit("max_players", max_players, 100, 1000)),
            pairs: v.field(limit("max_confused_pairs", max_confused_pairs, 10, 100)),
        };
        let limits = v.into_result(limits).map_err(AppError::InvalidArgument)?;
        let settings = self.state.settings.current().await;
        let report = report::agreement_report(&self.state.db, &settings, limits).await?;
        Ok(Response::new(GetAgreementReportResponse {
            overall: Some(agreement(report.overall)),
            by_intent: report.by_intent.into_iter().map(agreement).collect(),
            by_language: report.by_language.into_iter().map(agreement).collect(),
            players: report.players.into_iter().map(player).collect(),
            confused_pairs: report
                .confused_pairs
                .into_iter()
                .map(|p| ConfusedLabels {
                    intent_a: p.a,
                    intent_b: p.b,
                    vote_count: i64::try_from(p.votes).unwrap_or(i64::MAX),
                })
                .collect(),
        }))
    }
}

/// A list limit: 0 for the default, at most `max`.
fn limit(field: &str, value: i32, default: usize, max: usize) -> Result<usize, Violation> {
    match usize::try_from(value) {
        Ok(0) => Ok(default),
        Ok(n) if n <= max => Ok(n),
        _ => Err(Violation::new(field, format!("must be 0 to {max}"))),
    }
}

fn metric(value: Option<f64>) -> String {
    value.map(four_places).unwrap_or_default()
}

fn agreement(a: Agreement) -> LabelAgreement {
    let Agreement {
        key,
        samples,
        votes,
        fleiss_kappa,
        krippendorff_alpha,
    } = a;
    LabelAgreement {
        key,
        sample_count: samples,
        vote_count: votes,
        fleiss_kappa: metric(fleiss_kappa),
        krippendorff_alpha: metric(krippendorff_alpha),
    }
}

fn player(p: PlayerReport) -> PlayerAgreement {
    let PlayerReport {
        user_id,
        gold_answered,
        gold_correct,
        gold_accuracy,
        votes,
        posterior_agreement,
        spam_score,
    } = p;
    PlayerAgreement {
        user_id,
        gold_answered,
        gold_correct,
        gold_accuracy: metric(gold_accuracy),
        vote_count: votes,
        posterior_agreement: metric(posterior_agreement),
        spam_score: four_places(spam_score),
    }
}
