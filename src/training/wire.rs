//! Conversions between training domain values and their protobuf messages.
use super::{
    Sample,
    batches::{Batch, Item, Split},
    sample::{ReviewStatus, Source},
};
use crate::{
    convert,
    error::AppError,
    proto::{self, DatasetSplit, SampleSource},
};

fn json_text(value: Option<serde_json::Value>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

pub fn source_from_proto(value: i32) -> Result<Option<Source>, AppError> {
    match SampleSource::try_from(value) {
        Ok(SampleSource::Unspecified) => Ok(None),
        Ok(SampleSource::Game) => Ok(Some(Source::Game)),
        Ok(SampleSource::Conversation) => Ok(Some(Source::Conversation)),
        Ok(SampleSource::Manual) => Ok(Some(Source::Manual)),
        Err(_) => Err(AppError::invalid("source", "is not a known source")),
    }
}

fn source_to_proto(source: Option<&str>) -> SampleSource {
    match source.and_then(Source::parse) {
        Some(Source::Game) => SampleSource::Game,
        Some(Source::Conversation) => SampleSource::Conversation,
        Some(Source::Manual) => SampleSource::Manual,
        None => SampleSource::Unspecified,
    }
}

pub fn review_status_from_proto(value: i32) -> Result<Option<ReviewStatus>, AppError> {
    use proto::ReviewStatus as P;
    match P::try_from(value) {
        Ok(P::Unspecified) => Ok(None),
        Ok(P::Pending) => Ok(Some(ReviewStatus::Pending)),
        Ok(P::Approved) => Ok(Some(ReviewStatus::Approved)),
        Ok(P::Rejected) => Ok(Some(ReviewStatus::Rejected)),
        Ok(P::Corrected) => Ok(Some(ReviewStatus::Corrected)),
        Err(_) => Err(AppError::invalid("review_status", "is not a known status")),
    }
}

fn review_status_to_proto(status: Option<&str>) -> proto::ReviewStatus {
    use proto::ReviewStatus as P;
    match status.and_then(ReviewStatus::parse) {
        Some(ReviewStatus::Pending) => P::Pending,
        Some(ReviewStatus::Approved) => P::Approved,
        Some(ReviewStatus::Rejected) => P::Rejected,
        Some(ReviewStatus::Corrected) => P::Corrected,
        None => P::Unspecified,
    }
}

fn split_to_proto(split: Option<Split>) -> DatasetSplit {
    match split {
        Some(Split::Train) => DatasetSplit::Train,
        Some(Split::Validation) => DatasetSplit::Validation,
        None => DatasetSplit::Unspecified,
    }
}

pub fn sample_to_proto(sample: Sample) -> proto::TrainingSample {
    proto::TrainingSample {
        id: i64::from(sample.id),
        user_id: sample.user_id,
        session_id: sample.session_id.unwrap_or_default(),
        game_session_id: sample.game_session_id.unwrap_or_default(),
        text: sample.text,
        intent: sample.intent,
        entities_json: json_text(sample.entities),
        confidence: sample.confidence.map(|c| c.to_string()).unwrap_or_default(),
        language: sample.language.unwrap_or_default(),
        tone: sample.tone.unwrap_or_default(),
        context_json: json_text(sample.context),
        source: source_to_proto(sample.source.as_deref()) as i32,
        nlu_provider: sample.nlu_provider.unwrap_or_default(),
        approved: sample.approved.unwrap_or(false),
        approved_by: sample.approved_by.unwrap_or_default(),
        approve_time: convert::opt_timestamp(sample.approved_at),
        review_status: review_status_to_proto(sample.review_status.as_deref()) as i32,
        review_priority: sample.review_priority.unwrap_or(0),
        used_in_training: sample.used_in_training.unwrap_or(false),
        training_batch_id: sample.training_batch_id.unwrap_or_default(),
        create_time: convert::opt_timestamp(sample.created_at),
    }
}

pub fn example_to_proto(item: Item) -> proto::TrainingExample {
    proto::TrainingExample {
        sample_id: i64::from(item.sample_id),
        split: split_to_proto(Split::parse(&item.split)) as i32,
        text: item.text,
        intent: item.intent,
        entities_json: json_text(item.entities),
        language: item.language.unwrap_or_default(),
    }
}

pub fn batch_to_proto(batch: Batch) -> proto::TrainingBatch {
    let Batch { batch, counts } = batch;
    proto::TrainingBatch {
        id: batch.batch_id,
        sample_count: i64::from(batch.sample_count),
        duplicate_count: i64::from(batch.duplicate_count),
        validation_fraction: batch.validation_fraction.to_string(),
        seed: batch.seed.parse().unwrap_or_default(),
        created_by: batch.created_by.unwrap_or_default(),
        create_time: Some(convert::timestamp(batch.created_at)),
        counts: counts
            .into_iter()
            .map(|(intent, split, count)| proto::SplitCount {
                intent,
                split: split_to_proto(Some(split)) as i32,
                count,
            })
            .collect(),
    }
}
