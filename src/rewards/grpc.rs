//! RewardService: converts requests, calls the rewards module, converts back.
use std::{pin::Pin, time::Duration};

use tokio_stream::{Stream, StreamExt, wrappers::ReceiverStream};
use tokio_util::sync::CancellationToken;
use tonic::{Request, Response, Status};

use super::{
    Reward, RewardStatus, RewardSummary,
    watch::{self, WatchRequest},
};
use crate::{
    auth, convert,
    error::AppError,
    proto::{
        self, ConfirmRewardRequest, ConfirmRewardResponse, FailRewardRequest, FailRewardResponse,
        GetRewardStatsRequest, GetRewardStatsResponse, GetRewardSummaryRequest,
        GetRewardSummaryResponse, ListRewardsRequest, ListRewardsResponse, RetryRewardRequest,
        RetryRewardResponse, WatchRewardsRequest, WatchRewardsResponse,
        reward_service_server::RewardService,
    },
    state::AppState,
};

pub struct RewardsApi {
    state: AppState,
    poll: Duration,
    push_mode: bool,
    stop: CancellationToken,
}

impl RewardsApi {
    pub fn new(
        state: AppState,
        poll: Duration,
        push_mode: bool,
        stop: CancellationToken,
    ) -> RewardsApi {
        RewardsApi {
            state,
            poll,
            push_mode,
            stop,
        }
    }
}

#[tonic::async_trait]
impl RewardService for RewardsApi {
    async fn list_rewards(
        &self,
        request: Request<ListRewardsRequest>,
    ) -> Result<Response<ListRewardsResponse>, Status> {
        let ListRewardsRequest {
            user_id,
            status,
            page_size,
            page_token,
        } = request.into_inner();
        let status = status_from_proto(status)?;
        let (rewards, next) =
            super::list(&self.state.db, user_id, status, page_size, &page_token).await?;
        Ok(Response::new(ListRewardsResponse {
            rewards: rewards.into_iter().map(to_proto).collect(),
            next_page_token: next.unwrap_or_default(),
        }))
    }

    async fn get_reward_summary(
        &self,
        request: Request<GetRewardSummaryRequest>,
    ) -> Result<Response<GetRewardSummaryResponse>, Status> {
        let GetRewardSummaryRequest { user_id } = request.into_inner();
        let summary = super::summary(&self.state.db, user_id).await?;
        Ok(Response::new(summary_to_proto(summary)))
    }

    async fn confirm_reward(
        &self,
        request: Request<ConfirmRewardRequest>,
    ) -> Result<Response<ConfirmRewardResponse>, Status> {
        let ConfirmRewardRequest {
            game_session_id,
            reward_transaction_id,
        } = request.into_inner();
        let reward = super::confirm(
            &self.state.db,
            game_session_id,
            &reward_transaction_id,
            self.state.clock.now(),
        )
        .await?;
        Ok(Response::new(ConfirmRewardResponse {
            reward: Some(to_proto(reward)),
        }))
    }

    async fn fail_reward(
        &self,
        request: Request<FailRewardRequest>,
    ) -> Result<Response<FailRewardResponse>, Status> {
        let FailRewardRequest {
            game_session_id,
            reason,
        } = request.into_inner();
        let reward = super::fail(
            &self.state.db,
            game_session_id,
            &reason,
            self.state.clock.now(),
        )
        .await?;
        Ok(Response::new(FailRewardResponse {
            reward: Some(to_proto(reward)),
        }))
    }

    async fn retry_reward(
        &self,
        request: Request<RetryRewardRequest>,
    ) -> Result<Response<RetryRewardResponse>, Status> {
        auth::require_admin(&request)?;
        let RetryRewardRequest { game_session_id } = request.into_inner();
        let reward = super::retry(&self.state.db, game_session_id, self.state.clock.now()).await?;
        Ok(Response::new(RetryRewardResponse {
            reward: Some(to_proto(reward)),
        }))
    }

    type WatchRewardsStream =
        Pin<Box<dyn Stream<Item = Result<WatchRewardsResponse, Status>> + Send>>;

    async fn watch_rewards(
        &self,
        request: Request<WatchRewardsRequest>,
    ) -> Result<Response<Self::WatchRewardsStream>, Status> {
        let WatchRewardsRequest {
            after_cursor,
            user_id,
        } = request.into_inner();
        let watch = WatchRequest::parse(after_cursor, user_id)?;
        let rewards = watch::start(&self.state, self.poll, self.stop.clone(), watch);
        let stream = ReceiverStream::new(rewards).map(|item| {
            item.map(|(reward, cursor)| WatchRewardsResponse {
                reward: Some(to_proto(reward)),
                cursor,
            })
            .map_err(Status::from)
        });
        Ok(Response::new(Box::pin(stream)))
    }

    async fn get_reward_stats(
        &self,
        _request: Request<GetRewardStatsRequest>,
    ) -> Result<Response<GetRewardStatsResponse>, Status> {
        let stats = super::stats(&self.state.db).await?;
        Ok(Response::new(GetRewardStatsResponse {
            pending_count: stats.pending,
            retrying_count: stats.retrying,
            credited_count: stats.credited,
            failed_count: stats.failed,
            total_attempts: stats.attempts,
            average_latency_ms: stats.average_latency_ms,
            max_latency_ms: stats.max_latency_ms,
            delivery_mode: if self.push_mode { "push" } else { "pull" }.into(),
        }))
    }
}

fn status_from_proto(status: i32) -> Result<Option<RewardStatus>, Status> {
    match proto::RewardStatus::try_from(status) {
        Ok(proto::RewardStatus::Unspecified) => Ok(None),
        Ok(proto::RewardStatus::Pending) => Ok(Some(RewardStatus::Pending)),
        Ok(proto::RewardStatus::Credited) => Ok(Some(RewardStatus::Credited)),
        Ok(proto::RewardStatus::Failed) => Ok(Some(RewardStatus::Failed)),
        Err(_) => Err(AppError::invalid("status", "is not a RewardStatus").into()),
    }
}

fn status_to_proto(status: RewardStatus) -> proto::RewardStatus {
    match status {
        RewardStatus::Pending => proto::RewardStatus::Pending,
        RewardStatus::Credited => proto::RewardStatus::Credited,
        RewardStatus::Failed => proto::RewardStatus::Failed,
    }
}

fn money(amount: rust_decimal::Decimal) -> String {
    format!("{amount:.2}")
}

pub fn to_proto(reward: Reward) -> proto::Reward {
    proto::Reward {
        game_session_id: reward.game_session_id,
        session_id: reward.session_id,
        user_id: reward.user_id,
        game_type: reward.game_type,
        // Unreadable: empty, never a made-up zero.
        amount: reward.amount.map(money).unwrap_or_default(),
        currency: reward.currency,
        loyalty_points: reward.loyalty_points,
        status: status_to_proto(reward.status) as i32,
        reward_transaction_id: reward.reward_transaction_id.unwrap_or_default(),
        attempts: reward.attempts,
        last_error: reward.last_error.unwrap_or_default(),
        idempotency_key: super::idempotency_key(reward.game_session_id),
        complete_time: convert::opt_timestamp(reward.completed_at),
        next_attempt_time: convert::opt_timestamp(reward.next_attempt_at),
        credit_time: convert::opt_timestamp(reward.credited_at),
    }
}

fn summary_to_proto(summary: RewardSummary) -> GetRewardSummaryResponse {
    let count = |n: i64| i32::try_from(n).unwrap_or(i32::MAX);
    GetRewardSummaryResponse {
        user_id: summary.user_id,
        pending_count: count(summary.pending.0),
        pending_amount: money(summary.pending.1),
        credited_count: count(summary.credited.0),
        credited_amount: money(summary.credited.1),
        failed_count: count(summary.failed.0),
        failed_amount: money(summary.failed.1),
        loyalty_points: summary.loyalty_points,
        total_rewards_earned: money(summary.total_rewards_earned),
        last_credit_time: convert::opt_timestamp(summary.last_credited_at),
    }
}
