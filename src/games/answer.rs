//! SubmitAnswer: one answer to the session's current question, scored once.
use chrono::{NaiveDateTime, Utc};
use sea_orm::{ActiveValue::Set, DatabaseConnection, DatabaseTransaction, IntoActiveModel};

use super::{GameView, Plan, complete, outcome, require_session_id, store, view};
use crate::{
    db,
    entity::{game_answers, game_questions, game_sessions},
    error::{AppError, AppResult, Violations},
    settings::Snapshot,
};

#[derive(Debug)]
pub struct AnswerInput {
    pub game_session_id: i32,
    pub question_id: i32,
    pub answer: String,
}

impl AnswerInput {
    pub fn parse(
        settings: &Snapshot,
        game_session_id: i32,
        question_id: i32,
        answer: &str,
    ) -> AppResult<AnswerInput> {
        let mut v = Violations::new();
        if game_session_id <= 0 {
            v.add("game_session_id", "must be a positive id");
        }
        if question_id <= 0 {
            v.add("question_id", "must be a positive id");
        }
        let answer = answer.trim();
        if answer.is_empty() {
            v.add("answer", "is required");
        } else if answer.chars().count() > settings.max_answer_length {
            let max = settings.max_answer_length;
            v.add("answer", format!("must be at most {max} characters"));
        }
        v.finish()?;
        Ok(AnswerInput {
            game_session_id,
            question_id,
            answer: answer.to_string(),
        })
    }
}

pub struct AnswerResult {
    pub correct: bool,
    pub suspicious: bool,
    pub feedback: String,
    pub game: GameView,
    /// The same answer had been given before: its first result, nothing changed.
    pub replayed: bool,
}

/// Scores and stores an answer. The session row is locked for the whole
/// transaction, and (session, question) is unique in `game_answers`, so of
/// concurrent submissions exactly one scores; the others see its result.
#[tracing::instrument(skip_all, err, fields(game_session_id = input.game_session_id, question_id = input.question_id))]
pub async fn submit_answer(
    db: &DatabaseConnection,
    settings: &Snapshot,
    input: AnswerInput,
) -> AppResult<AnswerResult> {
    require_session_id(input.game_session_id)?;
    let txn = db::begin_write(db).await?;
    let session = store::lock_session(&txn, input.game_session_id)
        .await?
        .ok_or_else(|| AppError::not_found(format!("game session {}", input.game_session_id)))?;
    let plan = Plan::from_json(session.mission_data.as_ref())?;
    let position = plan.position_of(input.question_id).ok_or_else(|| {
        AppError::FailedPrecondition(format!(
            "question {} is not part of game session {}",
            input.question_id, session.id
        ))
    })?;
    let answers = store::answers(&txn, session.id).await?;
    if let Some(previous) = answers.iter().find(|a| a.question_id == input.question_id) {
        txn.commit().await?;
        return replay(db, session, previous, &input.answer).await;
    }
    let now = Utc::now().naive_utc();
    let txn = complete::refuse_unless_open(txn, &session, settings, now).await?;
    if position != answers.len() {
        let current = plan.questions.get(answers.len()).map(|i| i.question_id);
        return Err(AppError::FailedPrecondition(format!(
            "question {} is not the current question of game session {} (answer question {})",
            input.question_id,
            session.id,
            current.map_or("none".into(), |id| id.to_string())
        )));
    }
    let shown_at = answers.last().map(|a| a.answered_at);
    let turn = Turn {
        plan: &plan,
        position,
        shown_at,
        now,
    };
    let (answer, session) = record(&txn, settings, session, turn, &input.answer).await?;
    txn.commit().await?;
    let game = view::build(db, session).await?;
    Ok(AnswerResult {
        correct: answer.is_correct,
        suspicious: answer.suspicious,
        feedback: answer.feedback.unwrap_or_default(),
        game,
        replayed: false,
    })
}

/// The same answer again returns the first result; another answer to an
/// answered question is refused.
async fn replay(
    db: &DatabaseConnection,
    session: game_sessions::Model,
    previous: &game_answers::Model,
    answer: &str,
) -> AppResult<AnswerResult> {
    if super::scoring::normalize(&previous.answer) != super::scoring::normalize(answer) {
        return Err(AppError::FailedPrecondition(format!(
            "question {} of game session {} was already answered differently",
            previous.question_id, session.id
        )));
    }
    let game = view::build(db, session).await?;
    Ok(AnswerResult {
        correct: previous.is_correct,
        suspicious: previous.suspicious,
        feedback: previous.feedback.clone().unwrap_or_default(),
        game,
        replayed: true,
    })
}

struct Turn<'a> {
    plan: &'a Plan,
    position: usize,
    /// When the previous answer was given (None: the first question).
    shown_at: Option<NaiveDateTime>,
    now: NaiveDateTime,
}

/// Judges the answer and writes everything it changes; completes the game
/// after its last question.
async fn record(
    txn: &DatabaseTransaction,
    settings: &Snapshot,
    session: game_sessions::Model,
    turn: Turn<'_>,
    answer: &str,
) -> AppResult<(game_answers::Model, game_sessions::Model)> {
    let item = &turn.plan.questions[turn.position];
    let question = store::question(txn, item.question_id)
        .await?
        .ok_or_else(|| AppError::Internal(format!("question {} is gone", item.question_id)))?;
    let shown_at = turn.shown_at.or(session.started_at).unwrap_or(turn.now);
    let time_taken_ms = (turn.now - shown_at)
        .num_milliseconds()
        .clamp(0, i32::MAX as i64);
    let min_ms = settings.min_answer_seconds * rust_decimal::Decimal::from(1000);
    let suspicious = rust_decimal::Decimal::from(time_taken_ms) < min_ms;
    let mut outcome = outcome::judge(txn, settings, &session, &question, item, answer).await?;
    if suspicious {
        outcome.feedback = "Too fast: this answer is kept but earns nothing.".into();
        outcome.sample = None;
    }
    let sample_id = match outcome.sample.take() {
        Some(draft) => {
            Some(outcome::insert_sample(txn, &session, &question, item, draft, turn.now).await?)
        }
        None => None,
    };
    let saved = store::insert_answer(
        txn,
        game_answers::ActiveModel {
            game_session_id: Set(session.id),
            question_id: Set(question.id),
            position: Set(turn.position as i32),
            answer: Set(answer.to_string()),
            is_correct: Set(outcome.correct),
            suspicious: Set(suspicious),
            time_taken_ms: Set(time_taken_ms as i32),
            feedback: Set(Some(outcome.feedback.clone())),
            training_sample_id: Set(sample_id),
            answered_at: Set(turn.now),
            ..Default::default()
        },
    )
    .await?;
    if !suspicious && !item.is_personalized() {
        update_question_stats(txn, &question, outcome.correct).await?;
    }
    let scored = outcome.correct && !suspicious;
    let session = advance(txn, session, scored, sample_id, turn.now).await?;
    let session = if turn.position + 1 == turn.plan.questions.len() {
        complete::finish_in_txn(txn, settings, session, turn.now).await?
    } else {
        session
    };
    Ok((saved, session))
}

async fn advance(
    txn: &DatabaseTransaction,
    session: game_sessions::Model,
    scored: bool,
    sample_id: Option<i32>,
    now: NaiveDateTime,
) -> AppResult<game_sessions::Model> {
    let score = session.score.unwrap_or(0) + i32::from(scored);
    let latest_sample = sample_id.or(session.training_sample_id);
    let mut model = session.into_active_model();
    model.score = Set(Some(score));
    model.training_sample_id = Set(latest_sample);
    model.updated_at = Set(Some(now));
    store::save_session(txn, model).await
}

/// usage_count + 1 and the running success rate, on the locked question row
/// (games of other sessions answer the same question concurrently).
async fn update_question_stats(
    txn: &DatabaseTransaction,
    question: &game_questions::Model,
    correct: bool,
) -> AppResult<()> {
    let Some(locked) = store::lock_question(txn, question.id).await? else {
        return Ok(());
    };
    let count = locked.usage_count.unwrap_or(0).max(0);
    let rate = locked.success_rate.map(|a| a.0).unwrap_or_default();
    let successes =
        rate * rust_decimal::Decimal::from(count) + rust_decimal::Decimal::from(u8::from(correct));
    let new_rate = (successes / rust_decimal::Decimal::from(count + 1)).round_dp(4);
    let mut model = locked.into_active_model();
    model.usage_count = Set(Some(count + 1));
    model.success_rate = Set(Some(new_rate.into()));
    store::save_question(txn, model).await?;
    Ok(())
}
