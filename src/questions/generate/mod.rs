//! GenerateQuestions: approved training samples become draft intent_quest
//! questions, so the bank grows from the assistant's own traffic. A draft
//! is the sample's text with personal data replaced ([`scrub`]), its
//! intent as the answer and the intents most often confused with it as the
//! other options ([`options`]). Drafts are disabled: an admin reads each
//! one and enables it (SetQuestionEnabled) before anyone plays it.
mod evidence;
pub mod options;
pub mod scrub;
mod store;

use std::collections::{BTreeMap, BTreeSet, HashSet};

use chrono::NaiveDateTime;
use sea_orm::DatabaseConnection;

use super::Question;
use crate::{
    db,
    domain::Difficulty,
    entity::training_samples,
    error::{AppResult, Violation},
};
use scrub::{Names, Unusable};

/// The most drafts one call creates, and how many when not told.
pub const MAX_QUESTIONS: i32 = 500;
const DEFAULT_QUESTIONS: usize = 50;
/// Samples read per query while looking for drafts.
const PAGE: u64 = 500;
/// The most samples one call examines, so that a long run of unusable
/// samples cannot make a call unbounded.
const MAX_EXAMINED: usize = 50_000;

/// A checked GenerateQuestions request.
#[derive(Debug, Clone)]
pub struct GenerateRequest {
    pub language: Option<String>,
    pub intent: Option<String>,
    pub max_questions: usize,
    pub difficulty: Difficulty,
    pub created_by: String,
}

/// How many drafts to make: 1 to MAX_QUESTIONS, 0 for the default.
pub fn max_questions(requested: i32) -> Result<usize, Violation> {
    match requested {
        0 => Ok(DEFAULT_QUESTIONS),
        n @ 1..=MAX_QUESTIONS => Ok(n as usize),
        _ => Err(Violation::new(
            "max_questions",
            format!("must be 1 to {MAX_QUESTIONS} (0: 50)"),
        )),
    }
}

/// Why an approved sample did not become a draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SkipReason {
    TooShort,
    MostlyPlaceholders,
    TooLong,
    DuplicateText,
    NoLanguage,
    AlreadyGenerated,
}

impl From<Unusable> for SkipReason {
    fn from(unusable: Unusable) -> SkipReason {
        match unusable {
            Unusable::TooShort => SkipReason::TooShort,
            Unusable::MostlyPlaceholders => SkipReason::MostlyPlaceholders,
        }
    }
}

/// A question about to be made from a sample.
#[derive(Debug, Clone)]
pub struct Draft {
    pub sample_id: i32,
    pub language: String,
    pub intent: String,
    pub text: String,
    pub options: Vec<String>,
}

/// What a call did.
#[derive(Debug, Default)]
pub struct Generated {
    pub questions: Vec<Question>,
    /// Sample ids by reason.
    pub skipped: BTreeMap<SkipReason, Vec<i32>>,
    pub examined: usize,
}

impl Generated {
    fn skip(&mut self, reason: SkipReason, sample_id: i32) {
        self.skipped.entry(reason).or_default().push(sample_id);
    }
}

/// Makes up to `max_questions` drafts from approved samples without one.
/// The samples are read and scrubbed outside the write transaction; the
/// drafts are written in one.
#[tracing::instrument(skip_all, err(level = "debug"), fields(max = request.max_questions, by = %request.created_by))]
pub async fn generate(
    db: &DatabaseConnection,
    request: &GenerateRequest,
    max_text: usize,
    now: NaiveDateTime,
) -> AppResult<Generated> {
    let mut generated = Generated::default();
    let mut drafts = find_drafts(db, request, max_text, &mut generated).await?;
    let intents: BTreeSet<String> = drafts.iter().map(|d| d.intent.clone()).collect();
    let intents: Vec<String> = intents.into_iter().collect();
    let confusions = evidence::confusions(db, &intents).await?;
    let frequencies = evidence::frequencies(db).await?;
    for d in &mut drafts {
        d.options = options::options(
            d.sample_id,
            &d.intent,
            &d.language,
            &confusions,
            &frequencies,
        );
    }
    let txn = db::begin_write(db).await?;
    for draft in &drafts {
        if store::text_exists(&txn, &draft.language, &draft.text).await? {
            generated.skip(SkipReason::DuplicateText, draft.sample_id);
            continue;
        }
        match store::insert_draft(&txn, draft, request, now).await? {
            Some(question) => generated.questions.push(question),
            None => generated.skip(SkipReason::AlreadyGenerated, draft.sample_id),
        }
    }
    txn.commit().await?;
    tracing::info!(
        created = generated.questions.len(),
        examined = generated.examined,
        "generated draft questions"
    );
    Ok(generated)
}

/// Reads candidate samples page by page until enough drafts are found.
async fn find_drafts(
    db: &DatabaseConnection,
    request: &GenerateRequest,
    max_text: usize,
    generated: &mut Generated,
) -> AppResult<Vec<Draft>> {
    let names = store::user_names(db).await?;
    let (mut drafts, mut texts, mut after) = (Vec::new(), HashSet::new(), 0);
    while drafts.len() < request.max_questions && generated.examined < MAX_EXAMINED {
        let page = store::candidates(db, request, after, PAGE).await?;
        let full = page.len() as u64 == PAGE;
        for sample in page {
            if drafts.len() == request.max_questions {
                break;
            }
            after = sample.id;
            generated.examined += 1;
            match draft_of(sample, &names, max_text) {
                Ok(d) if texts.insert((d.language.clone(), d.text.clone())) => drafts.push(d),
                Ok(d) => generated.skip(SkipReason::DuplicateText, d.sample_id),
                Err((reason, id)) => generated.skip(reason, id),
            }
        }
        if !full {
            break;
        }
    }
    Ok(drafts)
}

/// The draft of one sample (options still empty), or why there is none.
fn draft_of(
    sample: training_samples::Model,
    names: &Names,
    max_text: usize,
) -> Result<Draft, (SkipReason, i32)> {
    let id = sample.id;
    let language = sample.language.filter(|l| !l.trim().is_empty());
    let language = language.ok_or((SkipReason::NoLanguage, id))?;
    let scrubbed = scrub::scrub(&sample.text, names);
    scrubbed
        .usable()
        .map_err(|unusable| (unusable.into(), id))?;
    if scrubbed.text.chars().count() > max_text {
        return Err((SkipReason::TooLong, id));
    }
    Ok(Draft {
        sample_id: id,
        language,
        intent: sample.intent,
        text: scrubbed.text,
        options: Vec::new(),
    })
}
