//! The scale curve's reads (bench/scale): one call of an admin or reporting
//! read per operation, against a database bench/scale seeded. Deep pages and
//! batches need to know the data, so [`Reads::discover`] looks once, untimed.
use gamification::proto::{
    CreateTrainingBatchRequest, GetConversationStatsRequest, GetLeaderboardRequest,
    GetReviewQueueRequest, LeaderboardPeriod, ListTrainingCandidatesRequest, ListTurnsRequest,
    conversation_log_service_client::ConversationLogServiceClient,
    game_service_client::GameServiceClient,
    training_data_service_client::TrainingDataServiceClient,
};
use prost_types::Timestamp;
use tonic::transport::Channel;

use crate::{Scenario, scenarios::authorized};

/// Rows per page, as an admin page or an export reads them.
const PAGE_SIZE: i32 = 50;
/// Samples per CreateTrainingBatch call.
const BATCH_SAMPLES: i32 = 10_000;

/// What the reads need to know of the seeded data.
#[derive(Debug, Clone, Default)]
pub struct Reads {
    /// A ListTurns token 99 % of the way through the turns (newest first).
    deep_turn_token: String,
    /// The newest turn's time, as the end of "the last 30 days".
    newest_seconds: i64,
}

impl Reads {
    /// Reads the newest turn (untimed) to place the deep page and the stats window.
    pub async fn discover(channel: Channel, token: Option<&str>) -> Result<Reads, String> {
        let first = ConversationLogServiceClient::new(channel)
            .list_turns(authorized(
                ListTurnsRequest {
                    page_size: 1,
                    ..Default::default()
                },
                token,
            ))
            .await
            .map_err(|s| format!("ListTurns: {}", s.message()))?
            .into_inner();
        let newest = first
            .turns
            .first()
            .ok_or("no turns: seed the database first")?;
        // Turn ids are dense from 1 in a seeded database: the page before id
        // newest/100 is the one a client reaches after 99 % of the table.
        let cursor = (newest.id / 100).max(1).to_string();
        Ok(Reads {
            deep_turn_token: gamification::pagination::encode_token(&cursor),
            newest_seconds: newest.create_time.as_ref().map_or(0, |t| t.seconds),
        })
    }

    /// One timed read; Ok(rows returned) or Err(status code name).
    pub async fn call(
        &self,
        scenario: Scenario,
        channel: Channel,
        token: Option<&str>,
        call: u64,
    ) -> Result<u64, String> {
        let code = |s: tonic::Status| format!("{:?}", s.code());
        let turns = ConversationLogServiceClient::new(channel.clone());
        let training = TrainingDataServiceClient::new(channel.clone());
        match scenario {
            Scenario::ListTurnsFirst | Scenario::ListTurnsDeep => {
                let page_token = match scenario {
                    Scenario::ListTurnsDeep => self.deep_turn_token.clone(),
                    _ => String::new(),
                };
                let request = ListTurnsRequest {
                    page_size: PAGE_SIZE,
                    page_token,
                    ..Default::default()
                };
                let page = turns
                    .clone()
                    .list_turns(authorized(request, token))
                    .await
                    .map_err(code)?;
                Ok(page.into_inner().turns.len() as u64)
            }
            Scenario::TrainingCandidates => {
                let request = ListTrainingCandidatesRequest {
                    page_size: PAGE_SIZE,
                    ..Default::default()
                };
                let page = turns
                    .clone()
                    .list_training_candidates(authorized(request, token))
                    .await
                    .map_err(code)?;
                Ok(page.into_inner().turns.len() as u64)
            }
            Scenario::ConversationStats | Scenario::ConversationStats30d => {
                let start_time = (scenario == Scenario::ConversationStats30d).then(|| Timestamp {
                    seconds: self.newest_seconds - 30 * 86_400,
                    nanos: 0,
                });
                let request = GetConversationStatsRequest {
                    start_time,
                    end_time: None,
                };
                let stats = turns
                    .clone()
                    .get_conversation_stats(authorized(request, token))
                    .await
                    .map_err(code)?;
                Ok(stats.into_inner().intents.len() as u64)
            }
            Scenario::ReviewQueue => {
                let request = GetReviewQueueRequest {
                    page_size: PAGE_SIZE,
                    page_token: String::new(),
                };
                let page = training
                    .clone()
                    .get_review_queue(authorized(request, token))
                    .await
                    .map_err(code)?;
                Ok(page.into_inner().samples.len() as u64)
            }
            Scenario::Leaderboard => {
                let request = GetLeaderboardRequest {
                    period: LeaderboardPeriod::Week as i32,
                    top_n: 10,
                    // A player of the seeded crowd, so the caller's rank is asked too.
                    user_id: 1 + (call % 1000) as i32,
                    ..Default::default()
                };
                let board = GameServiceClient::new(channel)
                    .get_leaderboard(authorized(request, token))
                    .await
                    .map_err(code)?;
                Ok(board.into_inner().entries.len() as u64)
            }
            Scenario::CreateBatch => {
                let request = CreateTrainingBatchRequest {
                    max_samples: BATCH_SAMPLES,
                    validation_fraction: "0.2".into(),
                    seed: call,
                    created_by: "bench/scale".into(),
                    ..Default::default()
                };
                let batch = training
                    .clone()
                    .create_training_batch(authorized(request, token))
                    .await
                    .map_err(code)?;
                Ok(batch
                    .into_inner()
                    .batch
                    .map_or(0, |b| u64::try_from(b.sample_count).unwrap_or(0)))
            }
            _ => Err("not a read scenario".into()),
        }
    }
}
