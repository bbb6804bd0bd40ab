//! SubmitAnswer: one answer to the session's current question, scored once.
use sea_orm::DatabaseConnection;

use super::{
    GameView, Plan, Session, complete,
    record::{self, Turn},
    store, view,
};
use crate::{
    clock::Clock,
    db,
    entity::{game_answers, game_questions},
    error::{AppError, AppResult, Reason, Violation, Violations},
    fields::ids,
    leagues::Seating,
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
        let game_session_id = v.check(ids::id("game_session_id", game_session_id));
        let question_id = v.check(ids::id("question_id", question_id));
        let answer = v.check(answer_text(answer, settings.max_answer_length));
        v.finish()?;
        // Every check passed (finish returned), so each value is Some.
        Ok(AnswerInput {
            game_session_id: game_session_id.unwrap_or_default(),
            question_id: question_id.unwrap_or_default(),
            answer: answer.unwrap_or_default(),
        })
    }
}

/// The player's answer: required, at most `max` characters.
fn answer_text(answer: &str, max: usize) -> Result<String, Violation> {
    let answer = answer.trim();
    if answer.is_empty() {
        return Err(Violation::new("answer", "is required"));
    }
    if answer.chars().count() > max {
        return Err(Violation::new(
            "answer",
            format!("must be at most {max} characters"),
        ));
    }
    Ok(answer.to_string())
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
///
/// An ordinary answer is six statements: BEGIN; the session locked with
/// the question answered and the next one (one read, see
/// [`store::lock_session_for_answer`]); the answer; the player's gold
/// record or their vote; the session's score and progress; COMMIT.
#[tracing::instrument(skip_all, err(level = "debug"), fields(game_session_id = input.game_session_id, question_id = input.question_id))]
pub async fn submit_answer(
    db: &DatabaseConnection,
    settings: &Snapshot,
    clock: &Clock,
    seating: &Seating,
    input: AnswerInput,
) -> AppResult<AnswerResult> {
    let txn = db::begin_write(db).await?;
    let (session, mut questions) =
        store::lock_session_for_answer(&txn, input.game_session_id, input.question_id)
            .await?
            .ok_or_else(|| {
                AppError::not_found(format!("game session {}", input.game_session_id))
            })?;
    let plan = session.plan()?;
    let position = plan.position_of(input.question_id).ok_or_else(|| {
        AppError::precondition(
            Reason::QuestionNotInGame,
            format!(
                "question {} is not part of game session {}",
                input.question_id, session.id
            ),
        )
    })?;
    // The progress is read from the locked row, its newest version: an
    // answer committed while this one waited for the lock counts.
    if position < session.answers_count
        && let Some(previous) = store::answer_to(&txn, session.id, input.question_id).await?
    {
        txn.commit().await?;
        return replay(db, session, &previous, &input.answer).await;
    }
    let now = clock.now();
    let txn = complete::refuse_unless_open(txn, &session, settings, now).await?;
    require_current(&plan, &session, position, session.answers_count)?;
    // A question is shown when the previous one is answered (or the game starts).
    let shown_at = session.last_answer_at.or(session.started_at);
    let next_id = plan.questions.get(position + 1).map(|i| i.question_id);
    // A game started before its row knew its next question reads it now.
    if let Some(id) = next_id
        && !questions.iter().any(|q| q.id == id)
    {
        questions.extend(store::question(&txn, id).await?);
    }
    let question = take(&mut questions, input.question_id).ok_or_else(|| {
        // Deleted from the shared table by another application.
        AppError::precondition(
            Reason::QuestionRemoved,
            format!(
                "question {} of this game no longer exists; abandon the game",
                input.question_id
            ),
        )
    })?;
    let next = next_id.and_then(|id| take(&mut questions, id));
    let turn = Turn {
        plan: &plan,
        position,
        shown_at: shown_at.unwrap_or(now),
        now,
    };
    let (answer, session) =
        record::record(&txn, settings, session, turn, &question, &input.answer).await?;
    txn.commit().await?;
    if session.status() == Some(crate::domain::SessionStatus::Completed) {
        complete::after_completion(db, settings, seating);
    }
    // The reply is built from what the transaction read, with no query after it.
    let game = view::assemble(session, &plan, position + 1, next.as_ref());
    Ok(AnswerResult {
        correct: answer.is_correct,
        suspicious: answer.suspicious,
        feedback: answer.feedback.unwrap_or_default(),
        game,
        replayed: false,
    })
}

/// Takes the row of question `id` out of `rows`.
fn take(rows: &mut Vec<game_questions::Model>, id: i32) -> Option<game_questions::Model> {
    let index = rows.iter().position(|q| q.id == id)?;
    Some(rows.swap_remove(index))
}

/// Questions are answered in the plan's order.
fn require_current(
    plan: &Plan,
    session: &Session,
    position: usize,
    answered: usize,
) -> AppResult<()> {
    if position == answered {
        return Ok(());
    }
    let current = plan.questions.get(answered).map(|i| i.question_id);
    Err(AppError::precondition(
        Reason::QuestionNotCurrent,
        format!(
            "question {} is not the current question of game session {} (answer question {})",
            plan.questions[position].question_id,
            session.id,
            current.map_or("none".into(), |id| id.to_string())
        ),
    ))
}

/// The same answer again returns the first result; another answer to an
/// answered question is refused.
async fn replay(
    db: &DatabaseConnection,
    session: Session,
    previous: &game_answers::Model,
    answer: &str,
) -> AppResult<AnswerResult> {
    if super::scoring::normalize(&previous.answer) != super::scoring::normalize(answer) {
        return Err(AppError::precondition(
            Reason::QuestionAnsweredDifferently,
            format!(
                "question {} of game session {} was already answered differently",
                previous.question_id, session.id
            ),
        ));
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
