//! Every service on its path, and what guards the application ones.
mod cors;

use std::time::Duration;

use tokio_util::sync::CancellationToken;
use tonic::{
    server::NamedService,
    service::interceptor::InterceptedService,
    transport::{Server, server::Router},
};
use tonic_health::pb::health_server::{Health, HealthServer};
use tonic_web::GrpcWebLayer;
use tower::{
    layer::util::{Identity, Stack},
    limit::GlobalConcurrencyLimitLayer,
};

use crate::{
    auth::Authenticator,
    config::Config,
    conversations::grpc::ConversationsApi,
    crowd::grpc::CrowdApi,
    engagement::grpc::EngagementApi,
    flows::grpc::FlowsApi,
    games::grpc::GamesApi,
    health::DatabaseUp,
    leagues::grpc::LeaguesApi,
    proto::{
        self, conversation_log_service_server::ConversationLogServiceServer,
        crowd_label_service_server::CrowdLabelServiceServer,
        engagement_service_server::EngagementServiceServer, flow_service_server::FlowServiceServer,
        game_service_server::GameServiceServer, league_service_server::LeagueServiceServer,
        question_service_server::QuestionServiceServer, reward_service_server::RewardServiceServer,
        settings_service_server::SettingsServiceServer,
        training_data_service_server::TrainingDataServiceServer,
        user_service_server::UserServiceServer,
    },
    questions::grpc::QuestionsApi,
    rewards::grpc::RewardsApi,
    rpc_log::RpcLogLayer,
    settings::grpc::SettingsApi,
    startup::StartupError,
    state::AppState,
    training::grpc::TrainingApi,
    users::grpc::UsersApi,
};

/// The names the health service reports on, besides the overall "".
pub const SERVICE_NAMES: &[&str] = &[
    <SettingsServiceServer<SettingsApi> as NamedService>::NAME,
    <UserServiceServer<UsersApi> as NamedService>::NAME,
    <FlowServiceServer<FlowsApi> as NamedService>::NAME,
    <ConversationLogServiceServer<ConversationsApi> as NamedService>::NAME,
    <TrainingDataServiceServer<TrainingApi> as NamedService>::NAME,
    <RewardServiceServer<RewardsApi> as NamedService>::NAME,
    <GameServiceServer<GamesApi> as NamedService>::NAME,
    <QuestionServiceServer<QuestionsApi> as NamedService>::NAME,
    <CrowdLabelServiceServer<CrowdApi> as NamedService>::NAME,
    <EngagementServiceServer<EngagementApi> as NamedService>::NAME,
    <LeagueServiceServer<LeaguesApi> as NamedService>::NAME,
];

pub use cors::CorsLayer;

/// The layers every request passes through, outermost first: CORS (browser
/// origins), the concurrency limit, grpc-web translated to gRPC (so what is
/// inside sees one protocol), the per-call log and metrics.
pub type Layers = Stack<
    RpcLogLayer,
    Stack<GrpcWebLayer, Stack<GlobalConcurrencyLimitLayer, Stack<CorsLayer, Identity>>>,
>;

/// The server with every layer of [`Layers`]. It accepts HTTP/1.1 beside
/// HTTP/2, for grpc-web on the same port.
pub fn layered(server: Server, config: &Config) -> Result<Server<Layers>, StartupError> {
    let origins = config.cors_origins()?;
    Ok(server
        .accept_http1(true)
        .layer(CorsLayer::allow(&origins))
        .layer(GlobalConcurrencyLimitLayer::new(config.concurrency_limit))
        .layer(GrpcWebLayer::new())
        .layer(RpcLogLayer))
}

/// What guards every application service (not health, not reflection):
/// message size limits, the token check, then the database's health, so a
/// call fails at once with UNAVAILABLE while the database is down.
pub struct Gate {
    pub auth: Authenticator,
    pub database_up: DatabaseUp,
    pub max: usize,
}

/// Every service on its path.
pub fn all(
    server: Server<Layers>,
    state: &AppState,
    config: &Config,
    gate: &Gate,
    health_service: HealthServer<impl Health>,
    shutdown: &CancellationToken,
) -> Result<Router<Layers>, StartupError> {
    let mut server = server;
    // An application service: message size limits, the token, the database.
    macro_rules! guarded {
        ($server:expr) => {
            InterceptedService::new(
                InterceptedService::new(
                    $server
                        .max_decoding_message_size(gate.max)
                        .max_encoding_message_size(gate.max),
                    gate.database_up.clone(),
                ),
                gate.auth.clone(),
            )
        };
    }
    let rewards_api = RewardsApi::new(
        state.clone(),
        Duration::from_millis(config.reward_poll_millis),
        config.wallet_url.is_some(),
        shutdown.clone(),
    );
    let engagement_api = EngagementApi::new(
        state.clone(),
        Duration::from_millis(config.reward_poll_millis),
        shutdown.clone(),
    );
    Ok(server
        .add_service(health_service)
        .add_service(reflection().build_v1()?)
        .add_service(reflection().build_v1alpha()?)
        .add_service(guarded!(SettingsServiceServer::new(SettingsApi::new(
            state.clone()
        ))))
        .add_service(guarded!(UserServiceServer::new(UsersApi::new(
            state.clone()
        ))))
        .add_service(guarded!(FlowServiceServer::new(FlowsApi::new(
            state.clone()
        ))))
        .add_service(guarded!(GameServiceServer::new(GamesApi::new(
            state.clone()
        ))))
        .add_service(guarded!(QuestionServiceServer::new(QuestionsApi::new(
            state.clone()
        ))))
        .add_service(guarded!(ConversationLogServiceServer::new(
            ConversationsApi::new(state.clone(), config.log_turn_grouping())
        )))
        .add_service(guarded!(TrainingDataServiceServer::new(TrainingApi::new(
            state.clone()
        ))))
        .add_service(guarded!(CrowdLabelServiceServer::new(CrowdApi::new(
            state.clone()
        ))))
        .add_service(guarded!(RewardServiceServer::new(rewards_api)))
        .add_service(guarded!(EngagementServiceServer::new(engagement_api)))
        .add_service(guarded!(LeagueServiceServer::new(LeaguesApi::new(
            state.clone()
        )))))
}

/// Both reflection versions describe every service, themselves included
/// (grpcurl 1.8 speaks only v1alpha, newer clients v1), and the error
/// detail types.
fn reflection() -> tonic_reflection::server::Builder<'static> {
    tonic_reflection::server::Builder::configure()
        .register_encoded_file_descriptor_set(proto::FILE_DESCRIPTOR_SET)
        .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET)
        // google.rpc.BadRequest, so grpcurl can print field violations.
        .register_encoded_file_descriptor_set(tonic_types::pb::FILE_DESCRIPTOR_SET)
        .register_encoded_file_descriptor_set(tonic_reflection::pb::v1::FILE_DESCRIPTOR_SET)
        .register_encoded_file_descriptor_set(tonic_reflection::pb::v1alpha::FILE_DESCRIPTOR_SET)
        .include_reflection_service(false)
}
