//! The leaderboard scenarios: GetLeaderboard's top 10 over a cycle of
//! periods and filters, and a random player's rank with 5 neighbours on
//! each side (players 1..=--users, as `bench/leaderboard` seeds them).
use gamification::proto::{
    GetLeaderboardRequest, LeaderboardPeriod, game_service_client::GameServiceClient,
};
use tonic::transport::Channel;

use crate::scenarios::authorized;

/// The boards the top-10 scenario cycles through.
const TOPS: [(LeaderboardPeriod, &str, &str); 4] = [
    (LeaderboardPeriod::AllTime, "", ""),
    (LeaderboardPeriod::Week, "", ""),
    (LeaderboardPeriod::Today, "", "en"),
    (LeaderboardPeriod::AllTime, "intent_quest", "hi"),
];

pub async fn top(channel: Channel, token: Option<&str>, call: u64) -> Result<u64, String> {
    let (period, game_type, language) = TOPS[usize::try_from(call).unwrap_or(0) % TOPS.len()];
    let request = GetLeaderboardRequest {
        period: period.into(),
        game_type: game_type.into(),
        language: language.into(),
        top_n: 10,
        ..Default::default()
    };
    get(channel, token, request).await
}

pub async fn around(
    channel: Channel,
    token: Option<&str>,
    rng: &mut fastrand::Rng,
    users: i32,
) -> Result<u64, String> {
    let period = if rng.bool() {
        LeaderboardPeriod::AllTime
    } else {
        LeaderboardPeriod::Week
    };
    let request = GetLeaderboardRequest {
        period: period.into(),
        top_n: 1,
        user_id: rng.i32(1..=users.max(1)),
        around: 5,
        ..Default::default()
    };
    get(channel, token, request).await
}

async fn get(
    channel: Channel,
    token: Option<&str>,
    request: GetLeaderboardRequest,
) -> Result<u64, String> {
    let board = GameServiceClient::new(channel)
        .get_leaderboard(authorized(request, token))
        .await
        .map_err(|s| format!("{:?}", s.code()))?
        .into_inner();
    Ok(u64::try_from(board.entries.len() + board.around.len()).unwrap_or(0))
}
