//! ConversationLogService: converts requests, calls the conversations
//! module, converts back.
use tonic::{Request, Response, Status, Streaming};

use super::{
    Ingest, Promotion, TurnFilter,
    copier::Copier,
    gather::Grouping,
    group::GroupCommit,
    turn::NewTurn,
    wire::{
        bucket_from_proto, count, decimal_text, intent_stats, new_turn, non_empty, time,
        turn_to_proto,
    },
};
use crate::{
    auth,
    error::{AppError, Violation},
    idempotency::{Method, RequestKey},
    proto::{
        self, DeleteUserDataRequest, DeleteUserDataResponse, GetConversationStatsRequest,
        GetConversationStatsResponse, ListTrainingCandidatesRequest,
        ListTrainingCandidatesResponse, ListTurnsRequest, ListTurnsResponse, LogTurnRequest,
        LogTurnResponse, LogTurnsRequest, LogTurnsResponse, PromoteTurnToSampleRequest,
        PromoteTurnToSampleResponse, PurgeExpiredTurnsRequest, PurgeExpiredTurnsResponse,
        conversation_log_service_server::ConversationLogService,
    },
    settings::Snapshot,
    state::AppState,
    text,
    training::wire::sample_to_proto,
};

/// One LogTurns item, checked: its text fields (the codec leaves client
/// stream items to the handler, so that one bad item does not end the
/// stream), its request id, then the turn. The violations name fields
/// within the item.
fn stream_item(
    item: LogTurnsRequest,
    settings: &Snapshot,
) -> Result<(NewTurn, Option<RequestKey>), Vec<Violation>> {
    let violations = text::scan::check_item(&item);
    let LogTurnsRequest { turn, request_id } = item;
    let turn = turn.unwrap_or_default();
    let key = RequestKey::parse("request_id", &request_id, Method::LogTurn, &turn);
    match (violations.is_empty(), key) {
        (true, Ok(key)) => Ok((new_turn(turn, settings)?, key)),
        (_, Ok(_)) => Err(violations),
        (_, Err(violation)) => Err([violations, vec![violation]].concat()),
    }
}

pub struct ConversationsApi {
    state: AppState,
    /// Unary LogTurn calls are written in groups.
    group: GroupCommit,
    /// LogTurns chunks without request ids share COPYs.
    copier: Copier,
}

impl ConversationsApi {
    pub fn new(state: AppState, grouping: Grouping) -> ConversationsApi {
        let group = GroupCommit::start(state.clone(), grouping.log_turn);
        let copier = Copier::start(state.db.clone(), grouping.log_turns);
        ConversationsApi {
            state,
            group,
            copier,
        }
    }
}

#[tonic::async_trait]
impl ConversationLogService for ConversationsApi {
    async fn log_turn(
        &self,
        request: Request<LogTurnRequest>,
    ) -> Result<Response<LogTurnResponse>, Status> {
        let LogTurnRequest { turn, request_id } = request.into_inner();
        let turn = turn.unwrap_or_default();
        let key = RequestKey::parse("request_id", &request_id, Method::LogTurn, &turn)
            .map_err(AppError::from)?;
        let settings = self.state.settings.current().await;
        let turn = new_turn(turn, &settings).map_err(AppError::InvalidArgument)?;
        let turn = self.group.log(turn, key).await?;
        Ok(Response::new(LogTurnResponse {
            turn: Some(turn_to_proto(turn)),
        }))
    }

    async fn log_turns(
        &self,
        request: Request<Streaming<LogTurnsRequest>>,
    ) -> Result<Response<LogTurnsResponse>, Status> {
        let mut stream = request.into_inner();
        let mut ingest = Ingest::start(self.state.clone(), self.copier.clone()).await;
        let mut index = 0;
        while let Some(item) = stream.message().await? {
            match stream_item(item, ingest.settings()) {
                Ok((turn, key)) => ingest.push(index, turn, key).await?,
                Err(violations) => ingest.reject(index, violations),
            }
            index += 1;
        }
        let report = ingest.finish().await?;
        Ok(Response::new(LogTurnsResponse {
            accepted_count: i32::try_from(report.accepted).unwrap_or(i32::MAX),
            replayed_count: i32::try_from(report.replayed).unwrap_or(i32::MAX),
            logged: report
                .logged
                .into_iter()
                .map(|l| proto::LoggedTurn {
                    index: i32::try_from(l.index).unwrap_or(i32::MAX),
                    turn_id: l.turn_id,
                    replayed: l.replayed,
                })
                .collect(),
            rejected: report
                .rejected
                .into_iter()
                .map(|r| proto::RejectedTurn {
                    index: i32::try_from(r.index).unwrap_or(i32::MAX),
                    reasons: r.reasons,
                })
                .collect(),
        }))
    }

    async fn list_turns(
        &self,
        request: Request<ListTurnsRequest>,
    ) -> Result<Response<ListTurnsResponse>, Status> {
        let ListTurnsRequest {
            page_size,
            page_token,
            session_id,
            user_id,
            intent,
            bucket,
            channel,
            start_time,
            end_time,
        } = request.into_inner();
        let filter = TurnFilter {
            session_id: non_empty(session_id),
            user_id,
            intent: non_empty(intent),
            bucket: bucket_from_proto(bucket)?,
            channel: non_empty(channel),
            language: None,
            start: time("start_time", start_time)?,
            end: time("end_time", end_time)?,
            candidates_only: false,
        };
        let (turns, next) =
            super::list_turns(&self.state.db, filter, page_size, &page_token).await?;
        Ok(Response::new(ListTurnsResponse {
            turns: turns.into_iter().map(turn_to_proto).collect(),
            next_page_token: next.unwrap_or_default(),
        }))
    }

    async fn list_training_candidates(
        &self,
        request: Request<ListTrainingCandidatesRequest>,
    ) -> Result<Response<ListTrainingCandidatesResponse>, Status> {
        let ListTrainingCandidatesRequest {
            page_size,
            page_token,
            intent,
            language,
        } = request.into_inner();
        let filter = TurnFilter {
            intent: non_empty(intent),
            language: non_empty(language),
            candidates_only: true,
            ..TurnFilter::default()
        };
        let (turns, next) =
            super::list_turns(&self.state.db, filter, page_size, &page_token).await?;
        Ok(Response::new(ListTrainingCandidatesResponse {
            turns: turns.into_iter().map(turn_to_proto).collect(),
            next_page_token: next.unwrap_or_default(),
        }))
    }

    async fn promote_turn_to_sample(
        &self,
        request: Request<PromoteTurnToSampleRequest>,
    ) -> Result<Response<PromoteTurnToSampleResponse>, Status> {
        auth::require_admin(&request)?;
        let mut request = request.into_inner();
        let request_id = std::mem::take(&mut request.request_id);
        let key = RequestKey::parse(
            "request_id",
            &request_id,
            Method::PromoteTurnToSample,
            &request,
        )
        .map_err(AppError::from)?;
        let PromoteTurnToSampleRequest {
            turn_id,
            intent,
            entities_json,
            reviewer,
            request_id: _,
        } = request;
        let promotion = Promotion {
            turn_id,
            intent: &intent,
            entities_json: &entities_json,
            reviewer: &reviewer,
        };
        let sample = super::promote_turn(&self.state, promotion, key).await?;
        Ok(Response::new(PromoteTurnToSampleResponse {
            sample: Some(sample_to_proto(sample)),
        }))
    }

    async fn get_conversation_stats(
        &self,
        request: Request<GetConversationStatsRequest>,
    ) -> Result<Response<GetConversationStatsResponse>, Status> {
        let GetConversationStatsRequest {
            start_time,
            end_time,
        } = request.into_inner();
        let start = time("start_time", start_time)?;
        let end = time("end_time", end_time)?;
        let stats = super::stats(&self.state.db, start, end).await?;
        Ok(Response::new(GetConversationStatsResponse {
            turn_count: stats.turns,
            training_candidate_count: stats.candidates,
            intents: stats.intents.into_iter().map(intent_stats).collect(),
            languages: stats
                .languages
                .into_iter()
                .map(|g| proto::LanguageStats {
                    language: g.key,
                    turn_count: g.turns,
                    mean_confidence: decimal_text(g.mean_confidence),
                    low_confidence_share: g.low_confidence_share.to_string(),
                })
                .collect(),
        }))
    }

    async fn purge_expired_turns(
        &self,
        request: Request<PurgeExpiredTurnsRequest>,
    ) -> Result<Response<PurgeExpiredTurnsResponse>, Status> {
        auth::require_admin(&request)?;
        let PurgeExpiredTurnsRequest {} = request.into_inner();
        let deleted = super::retention::purge_expired(&self.state).await?;
        Ok(Response::new(PurgeExpiredTurnsResponse {
            deleted_count: count(deleted),
        }))
    }

    async fn delete_user_data(
        &self,
        request: Request<DeleteUserDataRequest>,
    ) -> Result<Response<DeleteUserDataResponse>, Status> {
        auth::require_admin(&request)?;
        let DeleteUserDataRequest {
            user_id,
            requested_by,
        } = request.into_inner();
        let region = self.state.settings.current().await.phone_default_region;
        let erased = super::retention::delete_user_data(
            &self.state.db,
            user_id,
            &requested_by,
            region,
            self.state.clock.now(),
        )
        .await?;
        let super::retention::Erased {
            conversation_logs,
            conversation_memory,
            training_samples,
            training_batch_items,
            label_votes,
            game_answers,
            game_sessions_scrubbed,
            player_reliability,
            audit_id,
        } = erased;
        #[allow(deprecated)]
        Ok(Response::new(DeleteUserDataResponse {
            conversation_logs_deleted: count(conversation_logs),
            conversation_memory_deleted: count(conversation_memory),
            training_samples_detached: 0,
            training_samples_deleted: count(training_samples),
            training_batch_items_deleted: count(training_batch_items),
            label_votes_deleted: count(label_votes),
            game_answers_deleted: count(game_answers),
            game_sessions_scrubbed: count(game_sessions_scrubbed),
            player_reliability_deleted: count(player_reliability),
            audit_id,
        }))
    }
}
