//! QuestionService: converts requests, calls the questions module, converts back.
use tonic::{Request, Response, Status, Streaming};

use super::{
    Question, QuestionFilter, QuestionInput,
    generate::{self, GenerateRequest, SkipReason},
};
use crate::{
    auth, convert,
    error::{AppError, Violations},
    fields::{game, label as labels},
    idempotency::{Method, RequestKey},
    proto::{
        self, CreateQuestionRequest, CreateQuestionResponse, GenerateQuestionsRequest,
        GenerateQuestionsResponse, GetQuestionRequest, GetQuestionResponse, ImportQuestionsRequest,
        ImportQuestionsResponse, ListQuestionsRequest, ListQuestionsResponse,
        SetQuestionEnabledRequest, SetQuestionEnabledResponse, UpdateQuestionRequest,
        UpdateQuestionResponse, question_service_server::QuestionService,
    },
    state::AppState,
    text,
};

/// The most rows one import takes.
const MAX_IMPORT_ROWS: usize = 10_000;

pub struct QuestionsApi {
    state: AppState,
}

impl QuestionsApi {
    pub fn new(state: AppState) -> QuestionsApi {
        QuestionsApi { state }
    }

    async fn parse(&self, input: Option<proto::QuestionInput>) -> Result<QuestionInput, AppError> {
        let input = input.ok_or_else(|| AppError::invalid("question", "is required"))?;
        let max = self.state.settings.current().await.max_text_length;
        super::wire::question_input(input, max)
    }
}

#[tonic::async_trait]
impl QuestionService for QuestionsApi {
    async fn create_question(
        &self,
        request: Request<CreateQuestionRequest>,
    ) -> Result<Response<CreateQuestionResponse>, Status> {
        auth::require_admin(&request)?;
        let CreateQuestionRequest {
            question,
            request_id,
        } = request.into_inner();
        let key = RequestKey::parse(
            "request_id",
            &request_id,
            Method::CreateQuestion,
            &question.clone().unwrap_or_default(),
        )
        .map_err(AppError::from)?;
        let input = self.parse(question).await?;
        let question = match key {
            Some(key) => {
                super::create_once(&self.state.db, input, &key, self.state.clock.now()).await?
            }
            None => super::create(&self.state.db, input, self.state.clock.now()).await?,
        };
        Ok(Response::new(CreateQuestionResponse {
            question: Some(to_proto(question)),
        }))
    }

    async fn update_question(
        &self,
        request: Request<UpdateQuestionRequest>,
    ) -> Result<Response<UpdateQuestionResponse>, Status> {
        auth::require_admin(&request)?;
        let UpdateQuestionRequest { id, question } = request.into_inner();
        let input = self.parse(question).await?;
        let question = super::update(&self.state.db, id, input, self.state.clock.now()).await?;
        Ok(Response::new(UpdateQuestionResponse {
            question: Some(to_proto(question)),
        }))
    }

    async fn set_question_enabled(
        &self,
        request: Request<SetQuestionEnabledRequest>,
    ) -> Result<Response<SetQuestionEnabledResponse>, Status> {
        auth::require_admin(&request)?;
        let SetQuestionEnabledRequest { id, enabled } = request.into_inner();
        let question =
            super::set_enabled(&self.state.db, id, enabled, self.state.clock.now()).await?;
        Ok(Response::new(SetQuestionEnabledResponse {
            question: Some(to_proto(question)),
        }))
    }

    async fn get_question(
        &self,
        request: Request<GetQuestionRequest>,
    ) -> Result<Response<GetQuestionResponse>, Status> {
        let GetQuestionRequest { id } = request.into_inner();
        let question = super::get(&self.state.db, id).await?;
        Ok(Response::new(GetQuestionResponse {
            question: Some(to_proto(question)),
        }))
    }

    async fn list_questions(
        &self,
        request: Request<ListQuestionsRequest>,
    ) -> Result<Response<ListQuestionsResponse>, Status> {
        let ListQuestionsRequest {
            page_size,
            page_token,
            game_type,
            difficulty,
            language,
            enabled,
            tag,
        } = request.into_inner();
        let some = |s: String| (!s.trim().is_empty()).then(|| s.trim().to_string());
        let filter = QuestionFilter {
            game_type: some(game_type),
            difficulty: some(difficulty),
            language: some(language),
            enabled,
            tag: some(tag),
            text: None,
        };
        let (rows, next) = super::list(&self.state.db, filter, page_size, &page_token).await?;
        Ok(Response::new(ListQuestionsResponse {
            questions: rows.into_iter().map(to_proto).collect(),
            next_page_token: next.unwrap_or_default(),
        }))
    }

    async fn import_questions(
        &self,
        request: Request<Streaming<ImportQuestionsRequest>>,
    ) -> Result<Response<ImportQuestionsResponse>, Status> {
        auth::require_admin(&request)?;
        let mut stream = request.into_inner();
        let max = self.state.settings.current().await.max_text_length;
        let mut rows = Vec::new();
        while let Some(item) = stream.message().await? {
            if rows.len() == MAX_IMPORT_ROWS {
                let limit = format!("one import takes at most {MAX_IMPORT_ROWS} rows");
                return Err(AppError::invalid("question", limit).into());
            }
            // The codec leaves client-stream items to the handler: one bad
            // row is refused alone.
            let faults = text::scan::check_item(&item);
            let parsed = match item.question {
                _ if !faults.is_empty() => Err(AppError::InvalidArgument(faults).to_string()),
                Some(input) => super::wire::question_input(input, max).map_err(|e| e.to_string()),
                None => Err("question is required".to_string()),
            };
            rows.push(parsed);
        }
        let imported = super::import(&self.state.db, rows, self.state.clock.now()).await?;
        Ok(Response::new(ImportQuestionsResponse {
            imported_count: convert::count(imported.ids.len()),
            question_ids: imported.ids,
            rejections: imported
                .rejections
                .into_iter()
                .map(|(row, reason)| proto::ImportRejection {
                    row: convert::count(row),
                    reason,
                })
                .collect(),
        }))
    }

    async fn generate_questions(
        &self,
        request: Request<GenerateQuestionsRequest>,
    ) -> Result<Response<GenerateQuestionsResponse>, Status> {
        auth::require_admin(&request)?;
        let GenerateQuestionsRequest {
            language,
            intent,
            max_questions,
            difficulty,
            created_by,
        } = request.into_inner();
        let mut v = Violations::new();
        let request = GenerateRequest {
            language: v.field(game::language("language", &language)),
            intent: v.field(labels::optional_intent("intent", intent.trim())),
            max_questions: v.field(generate::max_questions(max_questions)),
            difficulty: v.field(game::difficulty("difficulty", &difficulty)),
            created_by: v.field(game::required_text("created_by", &created_by, 100)),
        };
        let request = v.into_result(request).map_err(AppError::InvalidArgument)?;
        let max_text = self.state.settings.current().await.max_text_length;
        let now = self.state.clock.now();
        let generated = generate::generate(&self.state.db, &request, max_text, now).await?;
        Ok(Response::new(GenerateQuestionsResponse {
            questions: generated.questions.into_iter().map(to_proto).collect(),
            skipped: generated
                .skipped
                .into_iter()
                .map(|(reason, sample_ids)| proto::SkippedSamples {
                    reason: skip_reason(reason) as i32,
                    count: convert::count(sample_ids.len()),
                    sample_ids,
                })
                .collect(),
            examined_count: convert::count(generated.examined),
        }))
    }
}

fn skip_reason(reason: SkipReason) -> proto::SkipReason {
    match reason {
        SkipReason::TooShort => proto::SkipReason::TooShort,
        SkipReason::MostlyPlaceholders => proto::SkipReason::MostlyPlaceholders,
        SkipReason::TooLong => proto::SkipReason::TooLong,
        SkipReason::DuplicateText => proto::SkipReason::DuplicateText,
        SkipReason::NoLanguage => proto::SkipReason::NoLanguage,
        SkipReason::AlreadyGenerated => proto::SkipReason::AlreadyGenerated,
    }
}

fn to_proto(question: Question) -> proto::Question {
    let Question { model: q, tags } = question;
    let options: Vec<String> = q
        .answer_options
        .as_ref()
        .and_then(|json| serde_json::from_value(json.clone()).ok())
        .unwrap_or_default();
    proto::Question {
        id: q.id,
        game_type: q.game_type,
        language: q.language,
        question_text: q.question_text,
        question_context: q.question_context.unwrap_or_default(),
        correct_answer: q.correct_answer,
        answer_options: options,
        difficulty: q.difficulty.unwrap_or_default(),
        reward_amount: q.reward_amount.map(|a| a.to_string()).unwrap_or_default(),
        context_required: q.context_required.unwrap_or(false),
        tags,
        enabled: q.enabled.unwrap_or(true),
        usage_count: q.usage_count.unwrap_or(0),
        // Four places on both backends (PostgreSQL hands a zero back
        // without its scale).
        success_rate: q
            .success_rate
            .map(|a| {
                let mut rate = a.0;
                rate.rescale(4);
                rate.to_string()
            })
            .unwrap_or_default(),
        create_time: convert::opt_timestamp(q.created_at),
        update_time: convert::opt_timestamp(q.updated_at),
        source_sample_id: q.source_sample_id.unwrap_or(0),
        created_by: q.created_by.unwrap_or_default(),
    }
}
