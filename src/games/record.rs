//! Writing one judged answer: the answer row, the training sample, the
//! question's statistics, the session's score, and the completion after
//! the last question. Runs inside SubmitAnswer's transaction.
use chrono::NaiveDateTime;
use rust_decimal::Decimal;
use sea_orm::{ActiveValue::Set, DatabaseTransaction};

use super::{
    Plan, Session, complete,
    economy::Ending,
    outcome, scoring,
    session::{Change, Progress},
    store, view,
};
use crate::{
    crowd,
    entity::{game_answers, game_questions},
    error::AppResult,
    settings::Snapshot,
};

pub struct Turn<'a> {
    pub plan: &'a Plan,
    pub position: usize,
    /// When the question was shown.
    pub shown_at: NaiveDateTime,
    pub now: NaiveDateTime,
}

/// What the answer row records beyond the answer itself.
struct Judged {
    correct: bool,
    suspicious: bool,
    feedback: String,
    time_taken_ms: i32,
    sample_id: Option<i32>,
}

/// Judges the answer and writes everything it changes; completes the game
/// after its last question.
pub async fn record(
    txn: &DatabaseTransaction,
    settings: &Snapshot,
    session: Session,
    turn: Turn<'_>,
    question: &game_questions::Model,
    answer: &str,
) -> AppResult<(game_answers::Model, Session)> {
    let item = &turn.plan.questions[turn.position];
    let elapsed = (turn.now - turn.shown_at).num_milliseconds().max(0);
    let time_taken_ms = i32::try_from(elapsed).unwrap_or(i32::MAX);
    let suspicious =
        Decimal::from(time_taken_ms) < settings.min_answer_seconds * Decimal::from(1000);
    let mut outcome = outcome::judge(txn, settings, &session, question, item, answer).await?;
    if suspicious {
        outcome.feedback = "Too fast: this answer is kept but earns nothing.".into();
        outcome.sample = None;
    }
    let sample_id = match outcome.sample.take() {
        Some(draft) => {
            Some(outcome::insert_sample(txn, &session, question, item, draft, turn.now).await?)
        }
        None => None,
    };
    let judged = Judged {
        correct: outcome.correct,
        suspicious,
        feedback: outcome.feedback,
        time_taken_ms,
        sample_id,
    };
    let saved =
        store::insert_answer(txn, answer_row(&session, question, &turn, answer, &judged)).await?;
    // Before the question's statistics: a vote locks its sample before any
    // question row, so deciding a sample (which disables its crowd
    // questions) cannot deadlock with another vote on it.
    if !suspicious {
        let crowd_turn = CrowdTurn {
            session: &session,
            question,
            personalized: item.is_personalized(),
            answer,
            now: turn.now,
        };
        count_for_crowd(txn, settings, crowd_turn, &judged).await?;
    }
    let scored = judged.correct && !suspicious;
    let progress = advance(&session, &turn, scored, sample_id);
    let session = if turn.position + 1 == turn.plan.questions.len() {
        // The last answer's progress is written with the completion: one
        // update of the row instead of two.
        let ending = Ending::LastAnswer;
        complete::finish_in_txn(txn, settings, session, turn.now, ending, progress).await?
    } else {
        store::update_session(txn, session.id, progress).await?
    };
    Ok((saved, session))
}

struct CrowdTurn<'a> {
    session: &'a Session,
    question: &'a game_questions::Model,
    personalized: bool,
    answer: &'a str,
    now: NaiveDateTime,
}

/// Gold answers measure the player; labels are votes (see `crate::crowd`).
async fn count_for_crowd(
    txn: &DatabaseTransaction,
    settings: &Snapshot,
    turn: CrowdTurn<'_>,
    judged: &Judged,
) -> AppResult<()> {
    let label = chosen_label(turn.question, turn.answer);
    let answered = crowd::Answered {
        user_id: turn.session.user_id,
        game_session_id: turn.session.id,
        question: turn.question,
        personalized: turn.personalized,
        label: label.as_deref(),
        correct: judged.correct,
        now: turn.now,
    };
    crowd::on_answer(txn, settings, answered).await
}

/// The option an intent_quest answer chose: the label it votes for.
fn chosen_label(question: &game_questions::Model, answer: &str) -> Option<String> {
    if question.game_type != crate::domain::GameType::IntentQuest.as_str() {
        return None;
    }
    scoring::matching_option(&view::options_of(question), answer).cloned()
}

fn answer_row(
    session: &Session,
    question: &game_questions::Model,
    turn: &Turn<'_>,
    answer: &str,
    judged: &Judged,
) -> game_answers::ActiveModel {
    game_answers::ActiveModel {
        game_session_id: Set(session.id),
        question_id: Set(question.id),
        position: Set(crate::convert::count(turn.position)),
        answer: Set(answer.to_string()),
        is_correct: Set(judged.correct),
        suspicious: Set(judged.suspicious),
        time_taken_ms: Set(judged.time_taken_ms),
        feedback: Set(Some(judged.feedback.clone())),
        training_sample_id: Set(judged.sample_id),
        answered_at: Set(turn.now),
        // Counted into the question's usage and success rate by
        // `questions::stats` (never in this transaction: the question's
        // row is shared by every game showing it).
        stats_pending: Set(
            !judged.suspicious && !turn.plan.questions[turn.position].is_personalized()
        ),
        ..Default::default()
    }
}

/// What an answer changes in its session: the score, and the progress
/// (the next question to answer and the one after it).
fn advance(session: &Session, turn: &Turn<'_>, scored: bool, sample_id: Option<i32>) -> Change {
    let after_next = turn.plan.questions.get(turn.position + 2);
    Change {
        score: Some(session.score + i32::from(scored)),
        training_sample_id: sample_id,
        updated_at: Some(turn.now),
        progress: Some(Progress {
            answers_count: turn.position + 1,
            last_answer_at: turn.now,
            next_question_id: after_next.map(|item| item.question_id),
        }),
        ..Change::default()
    }
}
