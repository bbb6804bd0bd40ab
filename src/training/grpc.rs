//! TrainingDataService: converts requests, calls the training module,
//! converts back.
use std::pin::Pin;

use tokio_stream::{Stream, wrappers::ReceiverStream};
use tonic::{Request, Response, Status};

use super::{
    batches::{self, Export},
    review,
    wire::{self, batch_to_proto, example_to_proto, sample_to_proto},
};
use crate::{
    auth,
    error::AppError,
    idempotency::{Method, RequestKey},
    proto::{
        CountByKey, CreateTrainingBatchRequest, CreateTrainingBatchResponse,
        ExportTrainingBatchRequest, ExportTrainingBatchResponse, GetReviewQueueRequest,
        GetReviewQueueResponse, GetTrainingStatsRequest, GetTrainingStatsResponse,
        ListSamplesRequest, ListSamplesResponse, ListTrainingBatchesRequest,
        ListTrainingBatchesResponse, RecordSampleRequest, RecordSampleResponse,
        ReviewSampleRequest, ReviewSampleResponse,
        training_data_service_server::TrainingDataService,
    },
    state::AppState,
};

pub struct TrainingApi {
    state: AppState,
}

impl TrainingApi {
    pub fn new(state: AppState) -> TrainingApi {
        TrainingApi { state }
    }
}

type ExportStream = Pin<Box<dyn Stream<Item = Result<ExportTrainingBatchResponse, Status>> + Send>>;

#[tonic::async_trait]
impl TrainingDataService for TrainingApi {
    async fn record_sample(
        &self,
        request: Request<RecordSampleRequest>,
    ) -> Result<Response<RecordSampleResponse>, Status> {
        let mut request = request.into_inner();
        let request_id = std::mem::take(&mut request.request_id);
        let key = RequestKey::parse("request_id", &request_id, Method::RecordSample, &request)
            .map_err(AppError::from)?;
        let settings = self.state.settings.current().await;
        let sample = wire::new_sample(request, &settings)?;
        let sample = super::record(&self.state, sample, key).await?;
        Ok(Response::new(RecordSampleResponse {
            sample: Some(sample_to_proto(sample)),
        }))
    }

    async fn list_samples(
        &self,
        request: Request<ListSamplesRequest>,
    ) -> Result<Response<ListSamplesResponse>, Status> {
        let query = wire::sample_query(request.into_inner())?;
        let (samples, next) = super::list(&self.state.db, query).await?;
        Ok(Response::new(ListSamplesResponse {
            samples: samples.into_iter().map(sample_to_proto).collect(),
            next_page_token: next.unwrap_or_default(),
        }))
    }

    async fn get_review_queue(
        &self,
        request: Request<GetReviewQueueRequest>,
    ) -> Result<Response<GetReviewQueueResponse>, Status> {
        let GetReviewQueueRequest {
            page_size,
            page_token,
        } = request.into_inner();
        let (samples, next) = super::review_queue(&self.state.db, page_size, &page_token).await?;
        Ok(Response::new(GetReviewQueueResponse {
            samples: samples.into_iter().map(sample_to_proto).collect(),
            next_page_token: next.unwrap_or_default(),
        }))
    }

    async fn review_sample(
        &self,
        request: Request<ReviewSampleRequest>,
    ) -> Result<Response<ReviewSampleResponse>, Status> {
        auth::require_admin(&request)?;
        let (sample_id, decision, reviewer) = wire::review(request.into_inner())?;
        let now = self.state.clock.now();
        let sample = review::review(&self.state.db, sample_id, decision, &reviewer, now).await?;
        Ok(Response::new(ReviewSampleResponse {
            sample: Some(sample_to_proto(sample)),
        }))
    }

    async fn get_training_stats(
        &self,
        request: Request<GetTrainingStatsRequest>,
    ) -> Result<Response<GetTrainingStatsResponse>, Status> {
        let GetTrainingStatsRequest {} = request.into_inner();
        let stats = super::stats(&self.state.db).await?;
        let counts = |rows: Vec<(String, i64)>| {
            rows.into_iter()
                .map(|(key, count)| CountByKey { key, count })
                .collect()
        };
        Ok(Response::new(GetTrainingStatsResponse {
            total_count: stats.total,
            approved_count: stats.approved,
            used_in_training_count: stats.used_in_training,
            by_intent: counts(stats.by_intent),
            by_language: counts(stats.by_language),
            by_review_status: counts(stats.by_review_status),
            by_source: counts(stats.by_source),
            crowd_sample_count: stats.crowd_samples,
            fleiss_kappa: stats
                .fleiss_kappa
                .map(super::agreement::four_places)
                .unwrap_or_default(),
            krippendorff_alpha: stats
                .krippendorff_alpha
                .map(super::agreement::four_places)
                .unwrap_or_default(),
        }))
    }

    async fn create_training_batch(
        &self,
        request: Request<CreateTrainingBatchRequest>,
    ) -> Result<Response<CreateTrainingBatchResponse>, Status> {
        auth::require_admin(&request)?;
        let batch_request = wire::batch_request(request.into_inner())?;
        let now = self.state.clock.now();
        let threshold = self.state.settings.current().await.near_duplicate_threshold;
        let batch = batches::create(&self.state.db, batch_request, threshold, now).await?;
        Ok(Response::new(CreateTrainingBatchResponse {
            batch: Some(batch_to_proto(batch)),
        }))
    }

    type ExportTrainingBatchStream = ExportStream;

    async fn export_training_batch(
        &self,
        request: Request<ExportTrainingBatchRequest>,
    ) -> Result<Response<ExportStream>, Status> {
        auth::require_admin(&request)?;
        let ExportTrainingBatchRequest { batch_id } = request.into_inner();
        let mut export = Export::open(self.state.db.clone(), &batch_id).await?;
        let (tx, rx) = tokio::sync::mpsc::channel(64);
        tokio::spawn(async move {
            loop {
                let page = match export.next_page().await {
                    Ok(page) if page.is_empty() => return,
                    Ok(page) => page,
                    Err(error) => {
                        let _ = tx.send(Err(Status::from(error))).await;
                        return;
                    }
                };
                for item in page {
                    let message = ExportTrainingBatchResponse {
                        example: Some(example_to_proto(item)),
                    };
                    if tx.send(Ok(message)).await.is_err() {
                        return; // the client went away
                    }
                }
            }
        });
        Ok(Response::new(Box::pin(ReceiverStream::new(rx))))
    }

    async fn list_training_batches(
        &self,
        request: Request<ListTrainingBatchesRequest>,
    ) -> Result<Response<ListTrainingBatchesResponse>, Status> {
        auth::require_admin(&request)?;
        let ListTrainingBatchesRequest {
            page_size,
            page_token,
        } = request.into_inner();
        let (batches, next) = batches::list(&self.state.db, page_size, &page_token).await?;
        Ok(Response::new(ListTrainingBatchesResponse {
            batches: batches.into_iter().map(batch_to_proto).collect(),
            next_page_token: next.unwrap_or_default(),
        }))
    }
}
