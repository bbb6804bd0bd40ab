//! CreateCrowdQuestion: a bank question on a pending sample, with the
//! admin's anonymised text.
use std::collections::HashSet;

use chrono::NaiveDateTime;
use sea_orm::{ActiveValue::Set, DatabaseConnection};
use serde_json::json;

use super::store;
use crate::{
    db,
    domain::{Difficulty, GameType},
    entity::{game_question_tags, game_questions},
    error::{AppError, AppResult, Reason, Violation, Violations},
    fields::label as labels,
    settings::Snapshot,
};

const MIN_OPTIONS: usize = 2;
const MAX_OPTIONS: usize = 10;
/// The tag every crowd question carries (ListQuestions can filter on it).
pub const CROWD_TAG: &str = "crowd";

/// A checked request.
#[derive(Debug)]
pub struct NewCrowdQuestion {
    pub sample_id: i32,
    pub question_text: String,
    pub options: Vec<String>,
    pub language: Option<String>,
    pub difficulty: Difficulty,
}

/// `answer_options` of a crowd question: 2 to 10 distinct intents; every
/// bad item is reported with its index.
pub fn options(field: &str, raw: &[String]) -> Result<Vec<String>, Vec<Violation>> {
    let mut v = Violations::new();
    if !(MIN_OPTIONS..=MAX_OPTIONS).contains(&raw.len()) {
        v.add(
            field,
            format!("must hold {MIN_OPTIONS} to {MAX_OPTIONS} intents"),
        );
    }
    let mut seen = HashSet::new();
    let mut options = Vec::new();
    for (i, option) in raw.iter().enumerate() {
        let item = format!("{field}[{i}]");
        if let Some(intent) = v.check(labels::intent(&item, option.trim())) {
            if seen.insert(intent.clone()) {
                options.push(intent);
            } else {
                v.add(item, "is a duplicate");
            }
        }
    }
    v.into_result(options)
}

/// Creates the question. The sample must exist, be pending review, not be
/// in a training batch and have fewer than `max_votes_per_sample` votes
/// (a sample with as many waits for a person); the question's
/// `correct_answer` is the sample's current intent (informational: crowd
/// answers are votes, any option scores).
#[tracing::instrument(skip_all, err(level = "debug"), fields(sample_id = input.sample_id))]
pub async fn create_question(
    db: &DatabaseConnection,
    settings: &Snapshot,
    input: NewCrowdQuestion,
    now: NaiveDateTime,
) -> AppResult<game_questions::Model> {
    let max_votes = super::rule::Rules::from_settings(settings).max_votes;
    let txn = db::begin_write(db).await?;
    let sample = store::lock_sample(&txn, input.sample_id)
        .await?
        .ok_or_else(|| AppError::not_found(format!("sample {}", input.sample_id)))?;
    if !super::open_for_votes(&sample) {
        return Err(AppError::precondition(
            Reason::SampleNotPending,
            format!("sample {} is no longer pending review", sample.id),
        ));
    }
    let votes = store::vote_count(&txn, sample.id).await?;
    if votes >= max_votes {
        return Err(AppError::precondition(
            Reason::SampleVotesExhausted,
            format!(
                "sample {} has {votes} votes (max_votes_per_sample) and waits for a person",
                sample.id
            ),
        ));
    }
    let language = input
        .language
        .or(sample.language.clone())
        .unwrap_or_else(|| "en".into());
    let model = game_questions::ActiveModel {
        game_type: Set(GameType::IntentQuest.to_string()),
        language: Set(language),
        question_text: Set(input.question_text),
        correct_answer: Set(sample.intent.clone()),
        answer_options: Set(Some(json!(input.options))),
        difficulty: Set(Some(input.difficulty.to_string())),
        context_required: Set(Some(false)),
        enabled: Set(Some(true)),
        usage_count: Set(Some(0)),
        created_at: Set(Some(now)),
        updated_at: Set(Some(now)),
        crowd_sample_id: Set(Some(sample.id)),
        ..Default::default()
    };
    let question = store::insert_question(&txn, model).await?;
    game_question_tags::store_tags(&txn, question.id, &[CROWD_TAG.to_string()]).await?;
    txn.commit().await?;
    Ok(question)
}
