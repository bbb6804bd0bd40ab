//! EngagementService: converts requests, calls the engagement module,
//! converts back.
use std::{pin::Pin, time::Duration};

use tokio_stream::{Stream, StreamExt, wrappers::ReceiverStream};
use tokio_util::sync::CancellationToken;
use tonic::{Request, Response, Status};

use super::{
    achievements, profile,
    watch::{self, WatchRequest},
    wire::{
        achievement_to_proto, event_to_proto, listed_to_proto, profile_to_proto, raw_achievement,
    },
};
use crate::{
    auth,
    proto::{
        CreateAchievementRequest, CreateAchievementResponse, GetPlayerProfileRequest,
        GetPlayerProfileResponse, ListAchievementsRequest, ListAchievementsResponse,
        UpdateAchievementRequest, UpdateAchievementResponse, WatchPlayerEventsRequest,
        WatchPlayerEventsResponse, engagement_service_server::EngagementService,
    },
    state::AppState,
};

pub struct EngagementApi {
    state: AppState,
    poll: Duration,
    stop: CancellationToken,
}

impl EngagementApi {
    pub fn new(state: AppState, poll: Duration, stop: CancellationToken) -> EngagementApi {
        EngagementApi { state, poll, stop }
    }
}

#[tonic::async_trait]
impl EngagementService for EngagementApi {
    async fn get_player_profile(
        &self,
        request: Request<GetPlayerProfileRequest>,
    ) -> Result<Response<GetPlayerProfileResponse>, Status> {
        let GetPlayerProfileRequest { user_id } = request.into_inner();
        let settings = self.state.settings.current().await;
        let profile =
            profile::get(&self.state.db, &settings, user_id, self.state.clock.now()).await?;
        Ok(Response::new(GetPlayerProfileResponse {
            profile: Some(profile_to_proto(profile)),
        }))
    }

    async fn list_achievements(
        &self,
        request: Request<ListAchievementsRequest>,
    ) -> Result<Response<ListAchievementsResponse>, Status> {
        let ListAchievementsRequest {
            user_id,
            include_disabled,
        } = request.into_inner();
        let listed = achievements::list(&self.state.db, user_id, include_disabled).await?;
        Ok(Response::new(ListAchievementsResponse {
            achievements: listed.into_iter().map(listed_to_proto).collect(),
        }))
    }

    async fn create_achievement(
        &self,
        request: Request<CreateAchievementRequest>,
    ) -> Result<Response<CreateAchievementResponse>, Status> {
        auth::require_admin(&request)?;
        let CreateAchievementRequest {
            key,
            name,
            description,
            rule,
            reward_loyalty_points,
            reward_amount,
            enabled,
        } = request.into_inner();
        let raw = raw_achievement(
            name,
            description,
            rule,
            reward_loyalty_points,
            reward_amount,
            enabled,
        );
        let created =
            achievements::create(&self.state.db, &key, raw, self.state.clock.now()).await?;
        Ok(Response::new(CreateAchievementResponse {
            achievement: Some(achievement_to_proto(created, None)),
        }))
    }

    async fn update_achievement(
        &self,
        request: Request<UpdateAchievementRequest>,
    ) -> Result<Response<UpdateAchievementResponse>, Status> {
        auth::require_admin(&request)?;
        let UpdateAchievementRequest {
            id,
            name,
            description,
            rule,
            reward_loyalty_points,
            reward_amount,
            enabled,
        } = request.into_inner();
        let raw = raw_achievement(
            name,
            description,
            rule,
            reward_loyalty_points,
            reward_amount,
            enabled,
        );
        let updated = achievements::update(&self.state.db, id, raw, self.state.clock.now()).await?;
        Ok(Response::new(UpdateAchievementResponse {
            achievement: Some(achievement_to_proto(updated, None)),
        }))
    }

    type WatchPlayerEventsStream =
        Pin<Box<dyn Stream<Item = Result<WatchPlayerEventsResponse, Status>> + Send>>;

    async fn watch_player_events(
        &self,
        request: Request<WatchPlayerEventsRequest>,
    ) -> Result<Response<Self::WatchPlayerEventsStream>, Status> {
        let WatchPlayerEventsRequest {
            user_id,
            after_event_id,
        } = request.into_inner();
        let watch = WatchRequest::parse(user_id, after_event_id)?;
        let events = watch::start(&self.state.db, self.poll, self.stop.clone(), watch).await?;
        let stream = ReceiverStream::new(events).map(|item| {
            item.map(|event| WatchPlayerEventsResponse {
                event: Some(event_to_proto(event)),
            })
            .map_err(Status::from)
        });
        Ok(Response::new(Box::pin(stream)))
    }
}
