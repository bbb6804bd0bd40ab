//! Crowd labelling: many players label the same uncertain message, and
//! their agreement, weighted by each player's accuracy on gold questions,
//! approves its training sample or sends it to a person.
//!
//! Privacy: a player is only ever shown their own messages (personalised
//! questions) or *crowd questions*, which an admin writes from a sample
//! with an anonymised text (CreateCrowdQuestion); the sample's own text is
//! never copied into a question. Votes are kept per sample, one per player,
//! and never from the player whose message it is: their own label is the
//! sample's recorded intent, a suggestion the crowd confirms or corrects.
//!
//! Gold questions are the general `intent_quest` bank questions: curated,
//! with a known `correct_answer`, neither personalised nor crowd. Every
//! intent_quest game keeps at least `gold_question_share` of its questions
//! gold, so each game measures the player.
//!
//! [`rule`] is the arithmetic; [`on_answer`] applies it inside
//! SubmitAnswer's transaction.
pub mod aggregate;
pub mod estimate;
pub mod grpc;
pub mod metrics;
pub mod question;
pub mod report;
pub mod rule;
mod store;

use chrono::NaiveDateTime;
use rust_decimal::Decimal;
use sea_orm::ConnectionTrait;

pub use question::{NewCrowdQuestion, create_question};
use rule::{Ballot, Posterior, Rules, Verdict};
pub use store::CrowdDraw;

use crate::{
    domain::GameType,
    entity::game_questions,
    error::AppResult,
    settings::Snapshot,
    training::{
        Sample,
        review::{self, Decision},
    },
};

pub use crate::training::review::CROWD_REVIEWER;

/// One scored, unsuspicious answer, as the crowd sees it.
pub struct Answered<'a> {
    pub user_id: i32,
    pub game_session_id: i32,
    pub question: &'a game_questions::Model,
    pub personalized: bool,
    /// The option chosen (intent_quest), when there was one.
    pub label: Option<&'a str>,
    pub correct: bool,
    pub now: NaiveDateTime,
}

/// A general intent_quest bank question with a known answer.
pub fn is_gold(question: &game_questions::Model, personalized: bool) -> bool {
    question.game_type == GameType::IntentQuest.as_str()
        && !personalized
        && question.crowd_sample_id.is_none()
        && question.context_required != Some(true)
}

/// Counts a gold answer towards the player's reliability, and a label on a
/// crowd question as a vote, deciding the sample when the votes allow.
/// Runs in the caller's transaction.
#[tracing::instrument(skip_all, err(level = "debug"), fields(user_id = answer.user_id, question_id = answer.question.id))]
pub async fn on_answer(
    txn: &impl ConnectionTrait,
    settings: &Snapshot,
    answer: Answered<'_>,
) -> AppResult<()> {
    let rules = Rules::from_settings(settings);
    if is_gold(answer.question, answer.personalized) {
        let now = store::add_gold(txn, answer.user_id, answer.correct, answer.now).await?;
        if counting_changed(&rules, now, answer.correct) {
            recount_votes_of(txn, &rules, answer.user_id, answer.now).await?;
        }
    }
    match (answer.question.crowd_sample_id, answer.label) {
        (Some(sample_id), Some(label)) => vote(txn, &rules, &answer, sample_id, label).await,
        _ => Ok(()),
    }
}

/// Whether the gold answer just recorded made the player's votes start to
/// count (measured at last, or back above the reliability threshold) or
/// stop (fallen below it). Smaller changes of weight wait for the next vote
/// on each sample, so a gold answer does not lock every sample its player
/// voted on.
fn counting_changed(rules: &Rules, now: rule::Gold, correct: bool) -> bool {
    let before = rule::Gold {
        answered: now.answered - 1,
        correct: now.correct - i32::from(correct),
    };
    rule::weight(rules, before).is_some() != rule::weight(rules, now).is_some()
}

/// Decides again the open samples a player voted on, now that their votes
/// count (or no longer do). Samples are locked in id order, so two such
/// recounts cannot deadlock.
async fn recount_votes_of(
    txn: &impl ConnectionTrait,
    rules: &Rules,
    user_id: i32,
    now: NaiveDateTime,
) -> AppResult<()> {
    for sample_id in store::open_samples_voted_by(txn, user_id).await? {
        if let Some(sample) = store::lock_sample(txn, sample_id).await?
            && open_for_votes(&sample)
        {
            decide(txn, rules, sample, now).await?;
        }
    }
    Ok(())
}

/// Only a sample nobody has decided yet takes votes.
fn open_for_votes(sample: &Sample) -> bool {
    sample.is_pending() && !sample.used_in_training
}

async fn vote(
    txn: &impl ConnectionTrait,
    rules: &Rules,
    answer: &Answered<'_>,
    sample_id: i32,
    label: &str,
) -> AppResult<()> {
    // The sample's lock serialises the votes on one message, so two
    // concurrent last votes cannot both decide it.
    let Some(sample) = store::lock_sample(txn, sample_id).await? else {
        return Ok(());
    };
    // Crowd draws never show players their own message; this holds even
    // for a question drawn before the sample was linked to them.
    let own = sample.user_id == Some(answer.user_id);
    if !open_for_votes(&sample)
        || own
        || store::vote_count(txn, sample_id).await? >= rules.max_votes
    {
        return Ok(());
    }
    let gold = reliability(txn, answer.user_id).await?;
    let new = store::NewVote {
        sample_id,
        user_id: answer.user_id,
        intent: label,
        weight: rule::weight(rules, gold).unwrap_or(Decimal::ZERO),
        question_id: answer.question.id,
        game_session_id: answer.game_session_id,
        now: answer.now,
    };
    if !store::insert_vote(txn, new).await? {
        return Ok(());
    }
    decide(txn, rules, sample, answer.now).await
}

/// Computes the sample's posterior from its votes (each voter's current
/// reliability; Dawid–Skene, or the weighted vote below the minimum of
/// data), stores it and applies its verdict.
async fn decide(
    txn: &impl ConnectionTrait,
    rules: &Rules,
    sample: Sample,
    now: NaiveDateTime,
) -> AppResult<()> {
    let votes = store::votes(txn, sample.id).await?;
    let gold = store::gold(txn, votes.iter().map(|v| v.user_id).collect()).await?;
    let ballots: Vec<(i32, Ballot)> = votes
        .into_iter()
        .map(|v| {
            let ballot = Ballot {
                gold: gold.get(&v.user_id).copied().unwrap_or_default(),
                intent: v.intent,
            };
            (v.user_id, ballot)
        })
        .collect();
    let posterior = estimate::posterior(txn, rules, sample.id, &ballots).await?;
    settle(txn, rules, sample, posterior, now).await
}

/// Stores a (locked, open) sample's posterior and applies its verdict:
/// approved, disputed (review priority by entropy, still asked) or given
/// to a person.
async fn settle(
    txn: &impl ConnectionTrait,
    rules: &Rules,
    sample: Sample,
    posterior: Posterior,
    now: NaiveDateTime,
) -> AppResult<()> {
    store::save_posterior(txn, sample.id, &posterior, now).await?;
    let entropy = posterior.entropy();
    match rule::judge(rules, &posterior) {
        Verdict::Open { .. } => Ok(()),
        Verdict::Agreed { intent, agreement } => approve(txn, sample, intent, agreement, now).await,
        Verdict::Disputed { agreement, .. } => {
            let priority = rule::uncertain_priority(sample.review_priority, entropy);
            store::set_priority(txn, sample.id, priority).await?;
            tracing::info!(sample_id = sample.id, %agreement, entropy, priority, "crowd disputed a sample");
            Ok(())
        }
        Verdict::Escalated { votes } => {
            let priority = rule::uncertain_priority(sample.review_priority, entropy);
            store::set_priority(txn, sample.id, priority).await?;
            store::retire_questions(txn, sample.id, now).await?;
            tracing::info!(
                sample_id = sample.id,
                votes,
                entropy,
                priority,
                "crowd gave a sample to a person"
            );
            Ok(())
        }
    }
}

async fn approve(
    txn: &impl ConnectionTrait,
    sample: Sample,
    intent: String,
    agreement: Decimal,
    now: NaiveDateTime,
) -> AppResult<()> {
    let id = sample.id;
    let decision = if intent == sample.intent {
        Decision::Approve
    } else {
        Decision::Correct {
            intent: Some(intent.clone()),
            entities: None,
        }
    };
    review::apply(txn, sample, &decision, CROWD_REVIEWER, Some(agreement), now).await?;
    store::retire_questions(txn, id, now).await?;
    tracing::info!(sample_id = id, %intent, %agreement, "crowd approved a sample");
    Ok(())
}

/// The crowd questions for a player's game (see `store::draw`). None for
/// a player measured and found below `min_player_reliability`: their vote
/// would count for nothing and take one of the sample's
/// `max_votes_per_sample` slots. None either for a player not yet measured
/// when `crowd_asks_unmeasured_players` is off (their games are then gold
/// questions, which measure them); when on, they are asked and their vote
/// counts once they are measured.
#[tracing::instrument(skip_all, err(level = "debug"), fields(user_id = draw.user_id))]
pub async fn draw(
    db: &impl ConnectionTrait,
    settings: &Snapshot,
    draw: CrowdDraw<'_>,
) -> AppResult<Vec<game_questions::Model>> {
    let rules = Rules::from_settings(settings);
    let gold = reliability(db, draw.user_id).await?;
    let measured = gold.accuracy(rules.min_gold_answers).is_some();
    let counts = rule::weight(&rules, gold).is_some();
    if (measured && !counts) || (!measured && !settings.crowd_asks_unmeasured_players) {
        return Ok(Vec::new());
    }
    store::draw(db, draw).await
}

/// A player's gold record (zero when they answered none).
#[tracing::instrument(skip_all, err(level = "debug"), fields(user_id))]
pub async fn reliability(db: &impl ConnectionTrait, user_id: i32) -> AppResult<rule::Gold> {
    let gold = store::gold(db, vec![user_id]).await?;
    Ok(gold.get(&user_id).copied().unwrap_or_default())
}

/// One vote as a reviewer sees it: the label, the voter's gold record now,
/// and the weight it counts with now (None: it does not count).
#[derive(Debug, Clone)]
pub struct VoteView {
    pub user_id: i32,
    pub intent: String,
    pub gold: rule::Gold,
    pub weight: Option<Decimal>,
    pub at: NaiveDateTime,
}

/// A sample's votes with each voter's current reliability, and what the
/// rule makes of them now (the review queue shows both).
#[tracing::instrument(skip_all, err(level = "debug"), fields(sample_id))]
pub async fn votes_of(
    db: &impl ConnectionTrait,
    settings: &Snapshot,
    sample_id: i32,
) -> AppResult<(Vec<VoteView>, Verdict)> {
    let rules = Rules::from_settings(settings);
    let votes = store::votes(db, sample_id).await?;
    let gold = store::gold(db, votes.iter().map(|v| v.user_id).collect()).await?;
    let views: Vec<VoteView> = votes
        .into_iter()
        .map(|v| {
            let record = gold.get(&v.user_id).copied().unwrap_or_default();
            VoteView {
                user_id: v.user_id,
                weight: rule::weight(&rules, record),
                gold: record,
                intent: v.intent,
                at: v.created_at,
            }
        })
        .collect();
    let ballots: Vec<Ballot> = views
        .iter()
        .map(|v| Ballot {
            intent: v.intent.clone(),
            gold: v.gold,
        })
        .collect();
    Ok((views, rule::tally(&rules, &ballots)))
}
