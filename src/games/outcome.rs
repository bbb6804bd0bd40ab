//! Judging one answer by its game type's rules, and the training sample an
//! accepted answer with labeling value becomes.
use chrono::NaiveDateTime;
use sea_orm::ConnectionTrait;
use serde_json::json;

use super::{PlanItem, Session, scoring, store, view};
use crate::{
    domain::GameType,
    entity::game_questions,
    error::{AppError, AppResult, Reason},
    questions::QuestionKind,
    settings::Snapshot,
    training::{
        self,
        sample::{NewSample, Source},
    },
};

pub struct Outcome {
    pub correct: bool,
    pub feedback: String,
    pub sample: Option<SampleDraft>,
}

/// A labeled text the answer produced.
pub struct SampleDraft {
    pub text: String,
    pub intent: String,
}

/// Judges an answer. A choice game's answer that names none of the options
/// is bad input (INVALID_ARGUMENT), not a wrong answer.
pub async fn judge<C: ConnectionTrait>(
    db: &C,
    settings: &Snapshot,
    session: &Session,
    question: &game_questions::Model,
    item: &PlanItem,
    answer: &str,
) -> AppResult<Outcome> {
    // A session another application wrote with a game type outside the set
    // is not playable here: refused, not an internal error.
    let game_type = session.game_type().ok_or_else(|| {
        let stored = session.game_type.as_str();
        AppError::precondition(
            Reason::GameTypeDisabled,
            format!("game type {stored} cannot be played here"),
        )
        .with_metadata("game_type", stored)
    })?;
    match (game_type, QuestionKind::of(question)) {
        (GameType::IntentQuest | GameType::ToneDetective, _) => choice(question, item, answer),
        // Typed answers with a known answer: entities, and language_master
        // fill-ins (their accepted answers are in `answer_options`).
        (GameType::EntityHunter, _) | (GameType::LanguageMaster, QuestionKind::Gold) => {
            let correct = scoring::entity_is_correct(
                &question.correct_answer,
                &view::options_of(question),
                answer,
            );
            Ok(verdict(correct))
        }
        (GameType::LanguageMaster, _) => phrasing(db, settings, session, question, answer).await,
    }
}

/// The feedback on a gold answer says whether it was right, never what
/// the right answer is: answers shown to one player would spread to the
/// next, and gold would stop measuring anyone.
fn verdict(correct: bool) -> Outcome {
    let feedback = if correct {
        "Correct!".to_string()
    } else {
        "Not quite.".to_string()
    };
    Outcome {
        correct,
        feedback,
        sample: None,
    }
}

fn choice(question: &game_questions::Model, item: &PlanItem, answer: &str) -> AppResult<Outcome> {
    let options = view::options_of(question);
    let Some(chosen) = scoring::matching_option(&options, answer) else {
        return Err(AppError::invalid(
            "answer",
            format!("must be one of the options: {}", options.join(", ")),
        ));
    };
    // The player labels their own message: there is no wrong answer, and
    // the label is what the assistant needs.
    if let Some(text) = &item.source_text {
        return Ok(Outcome {
            correct: true,
            feedback: "Thanks! That helps the assistant understand you better.".into(),
            sample: Some(SampleDraft {
                text: text.clone(),
                intent: chosen.clone(),
            }),
        });
    }
    // A crowd question asks what nobody knows yet: every option is a vote.
    if question.crowd_sample_id.is_some() {
        return Ok(Outcome {
            correct: true,
            feedback: "Thanks! Your answer helps label this message.".into(),
            sample: None,
        });
    }
    Ok(verdict(scoring::choice_is_correct(
        &question.correct_answer,
        chosen,
    )))
}

async fn phrasing<C: ConnectionTrait>(
    db: &C,
    settings: &Snapshot,
    session: &Session,
    question: &game_questions::Model,
    answer: &str,
) -> AppResult<Outcome> {
    let language = session.language.clone().unwrap_or_else(|| "en".into());
    let existing = store::sample_texts(db, &question.correct_answer, &language).await?;
    let forbidden = store::forbidden_words(db, question.id).await?;
    let rules = scoring::PhrasingRules {
        forbidden: &forbidden,
        language: &language,
        min_length: settings.language_master_min_length,
        max_length: settings.language_master_max_length,
        near_duplicate_threshold: settings.near_duplicate_threshold,
        prompt: &question.question_text,
    };
    Ok(match scoring::check_phrasing(&rules, answer, &existing) {
        Ok(()) => Outcome {
            correct: true,
            feedback: "Accepted! Your phrasing will teach the assistant.".into(),
            sample: Some(SampleDraft {
                text: answer.to_string(),
                intent: question.correct_answer.clone(),
            }),
        },
        Err(reason) => Outcome {
            correct: false,
            feedback: format!("Not accepted: {reason}."),
            sample: None,
        },
    })
}

/// Writes the sample (source game, pending review), linked to the user, the
/// chat session and the game session; returns its id.
pub async fn insert_sample<C: ConnectionTrait>(
    db: &C,
    session: &Session,
    question: &game_questions::Model,
    item: &PlanItem,
    draft: SampleDraft,
    now: NaiveDateTime,
) -> AppResult<i32> {
    let context = json!({
        "question_id": question.id,
        "game_type": session.game_type.as_str(),
        "conversation_log_id": item.conversation_log_id,
        "personalized": item.is_personalized(),
    });
    let sample = NewSample {
        user_id: Some(session.user_id),
        session_id: Some(session.session_id.clone()),
        game_session_id: Some(session.id.to_string()),
        text: draft.text,
        intent: draft.intent,
        entities: None,
        confidence: None,
        language: session.language.clone(),
        tone: None,
        context: Some(context),
        source: Source::Game,
        nlu_provider: None,
        review_priority: 0,
        conversation_log_id: None,
        // Pending review.
        approval: None,
    };
    Ok(training::insert_sample(db, sample, now).await?.id)
}
