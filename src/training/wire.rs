//! Conversions between training domain values and their protobuf messages.
use super::{
    Sample, SampleFilter, SampleQuery,
    batches::{self, Batch, BatchFilter, BatchRequest, Item, Split},
    review::Decision,
    sample::{NewSample, ReviewStatus, Source},
};
use crate::{
    convert,
    domain::Stored,
    error::{AppError, AppResult, Violation, Violations},
    fields::{ids, label},
    pagination,
    proto::{self, DatasetSplit, ReviewAction, SampleSource},
    settings::Snapshot,
};

/// A RecordSample request, checked (every fault reported at once); the
/// request id is taken out before.
pub fn new_sample(
    request: proto::RecordSampleRequest,
    settings: &Snapshot,
) -> AppResult<NewSample> {
    let proto::RecordSampleRequest {
        user_id,
        session_id,
        game_session_id,
        text,
        intent,
        entities_json,
        confidence,
        language,
        tone,
        context_json,
        source,
        nlu_provider,
        review_priority,
        request_id: _,
    } = request;
    let mut v = Violations::new();
    let sample = NewSample {
        user_id: v.field(user_id.map(|id| ids::id("user_id", id)).transpose()),
        session_id: v.field(label::bounded("session_id", &session_id, 100)),
        game_session_id: v.field(label::bounded("game_session_id", &game_session_id, 100)),
        text: v.field(label::text("text", &text, settings.max_text_length).map(String::from)),
        intent: v.field(label::intent("intent", &intent)),
        entities: v.field(label::json("entities_json", &entities_json)),
        confidence: v.field(label::confidence("confidence", &confidence)),
        language: v.field(label::bounded("language", &language, 10)),
        tone: v.field(label::bounded("tone", &tone, 50)),
        context: v.field(label::json("context_json", &context_json)),
        source: v
            .field(source_from_proto("source", source))
            .unwrap_or(Source::Conversation),
        nlu_provider: v.field(label::bounded("nlu_provider", &nlu_provider, 50)),
        review_priority,
        conversation_log_id: None,
        approval: None,
    };
    v.into_result(sample).map_err(AppError::InvalidArgument)
}

/// A ListSamples request, checked (every fault reported at once).
pub fn sample_query(request: proto::ListSamplesRequest) -> AppResult<SampleQuery> {
    let proto::ListSamplesRequest {
        page_size,
        page_token,
        review_status,
        intent,
        language,
        source,
        approved,
        used_in_training,
    } = request;
    let mut v = Violations::new();
    let query = SampleQuery {
        filter: SampleFilter {
            review_status: v.field(review_status_from_proto("review_status", review_status)),
            intent: (!intent.is_empty()).then_some(intent),
            language: (!language.is_empty()).then_some(language),
            source: v.field(source_from_proto("source", source)),
            approved,
            used_in_training,
        },
        size: v.field(pagination::page_size(page_size)),
        before: v.field(pagination::decode_id_token(&page_token)),
    };
    v.into_result(query).map_err(AppError::InvalidArgument)
}

/// A ReviewSample request, checked: the sample id, the decision and the
/// reviewer.
pub fn review(request: proto::ReviewSampleRequest) -> AppResult<(i64, Decision, String)> {
    let proto::ReviewSampleRequest {
        sample_id,
        action,
        reviewer,
        intent,
        entities_json,
    } = request;
    let mut v = Violations::new();
    let reviewer = v.field(label::line("reviewer", reviewer.trim(), 100));
    let intent = v.field(label::optional_intent("intent", &intent));
    let entities = v.field(label::json("entities_json", &entities_json));
    let decision = match ReviewAction::try_from(action) {
        Ok(ReviewAction::Approve) => Ok(Decision::Approve),
        Ok(ReviewAction::Reject) => Ok(Decision::Reject),
        Ok(ReviewAction::Correct) => Decision::correct(intent, entities),
        Ok(ReviewAction::Unspecified) | Err(_) => Err(Violation::new(
            "action",
            "must be approve, reject or correct",
        )),
    };
    match (v.into_result(reviewer), decision) {
        (Ok(reviewer), Ok(decision)) => Ok((sample_id, decision, reviewer)),
        (fields, decision) => Err(AppError::InvalidArgument(
            [
                fields.err().unwrap_or_default(),
                decision.err().into_iter().collect(),
            ]
            .concat(),
        )),
    }
}

/// A CreateTrainingBatch request, checked.
pub fn batch_request(request: proto::CreateTrainingBatchRequest) -> AppResult<BatchRequest> {
    let proto::CreateTrainingBatchRequest {
        languages,
        intents,
        min_confidence,
        max_samples,
        validation_fraction,
        seed,
        created_by,
        approval_sources,
        source_min_confidences,
        group_by_user,
    } = request;
    let mut v = Violations::new();
    let approval_sources: Vec<batches::ApprovalSource> = approval_sources
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            v.field(batches::ApprovalSource::parse(&format!("approval_sources[{i}]"), s).map(Some))
        })
        .collect();
    let source_min_confidence: Vec<(batches::ApprovalSource, rust_decimal::Decimal)> =
        source_min_confidences
            .iter()
            .enumerate()
            .filter_map(|(i, pair)| {
                let proto::SourceConfidence {
                    source,
                    min_confidence,
                } = pair;
                let field = format!("source_min_confidences[{i}]");
                let source = v.field(
                    batches::ApprovalSource::parse(&format!("{field}.source"), source).map(Some),
                );
                let min = v.field(label::confidence(
                    &format!("{field}.min_confidence"),
                    min_confidence,
                ));
                source.zip(min)
            })
            .collect();
    let mut each = |name: &str, values: Vec<String>, parse: fn(&str, &str) -> _| -> Vec<String> {
        let parsed = values.iter().enumerate();
        parsed
            .map(|(i, value)| v.field(parse(&format!("{name}[{i}]"), value)))
            .collect()
    };
    let languages = each("languages", languages, batches::language);
    let intents = each("intents", intents, label::intent);
    let request = BatchRequest {
        filter: BatchFilter {
            languages,
            intents,
            min_confidence: v.field(label::confidence("min_confidence", &min_confidence)),
            max_samples: v.field(batches::max_samples("max_samples", max_samples)),
            approval_sources,
            source_min_confidence,
        },
        validation_fraction: v.field(batches::validation_fraction(
            "validation_fraction",
            &validation_fraction,
        )),
        seed,
        created_by: v.field(label::bounded("created_by", created_by.trim(), 100)),
        group_by_user,
    };
    v.into_result(request).map_err(AppError::InvalidArgument)
}

fn json_text(value: Option<serde_json::Value>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

fn source_from_proto(field: &str, value: i32) -> Result<Option<Source>, Violation> {
    match SampleSource::try_from(value) {
        Ok(SampleSource::Unspecified) => Ok(None),
        Ok(SampleSource::Game) => Ok(Some(Source::Game)),
        Ok(SampleSource::Conversation) => Ok(Some(Source::Conversation)),
        Ok(SampleSource::Manual) => Ok(Some(Source::Manual)),
        Err(_) => Err(Violation::new(field, "is not a known source")),
    }
}

fn source_to_proto(source: Option<Source>) -> SampleSource {
    match source {
        Some(Source::Game) => SampleSource::Game,
        Some(Source::Conversation) => SampleSource::Conversation,
        Some(Source::Manual) => SampleSource::Manual,
        None => SampleSource::Unspecified,
    }
}

fn review_status_from_proto(field: &str, value: i32) -> Result<Option<ReviewStatus>, Violation> {
    use proto::ReviewStatus as P;
    match P::try_from(value) {
        Ok(P::Unspecified) => Ok(None),
        Ok(P::Pending) => Ok(Some(ReviewStatus::Pending)),
        Ok(P::Approved) => Ok(Some(ReviewStatus::Approved)),
        Ok(P::Rejected) => Ok(Some(ReviewStatus::Rejected)),
        Ok(P::Corrected) => Ok(Some(ReviewStatus::Corrected)),
        Err(_) => Err(Violation::new(field, "is not a known status")),
    }
}

fn review_status_to_proto(status: Option<ReviewStatus>) -> proto::ReviewStatus {
    use proto::ReviewStatus as P;
    match status {
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
        source: source_to_proto(sample.source.as_ref().and_then(Stored::known)) as i32,
        nlu_provider: sample.nlu_provider.unwrap_or_default(),
        approved: sample.approved,
        approved_by: sample.approved_by.unwrap_or_default(),
        approve_time: convert::opt_timestamp(sample.approved_at),
        review_status: review_status_to_proto(sample.review_status.as_ref().and_then(Stored::known))
            as i32,
        review_priority: sample.review_priority,
        used_in_training: sample.used_in_training,
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
    let manifest = batch.manifest;
    let excluded = |key: &str| {
        manifest
            .as_ref()
            .and_then(|m| m["excluded"][key].as_i64())
            .unwrap_or(0)
    };
    proto::TrainingBatch {
        earlier_validation_count: excluded("earlier_validation"),
        conflict_count: excluded("conflicts_sent_to_review"),
        content_hash: manifest
            .as_ref()
            .and_then(|m| m["content_hash"].as_str())
            .unwrap_or_default()
            .to_string(),
        manifest_json: json_text(manifest.clone()),
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
