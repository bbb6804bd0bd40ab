//! A question as an admin sends it (`proto::QuestionInput`), parsed field
//! by field into the checked [`QuestionInput`], with its game type's shape.
use crate::{
    domain::GameType,
    error::{AppError, AppResult, Violations},
    fields::game,
    proto,
};

use super::input::{QuestionInput, Shape, reward_amount, tags};

/// Checks every field of `input`; `max_text` bounds the texts.
pub fn question_input(input: proto::QuestionInput, max_text: usize) -> AppResult<QuestionInput> {
    let proto::QuestionInput {
        game_type,
        language,
        question_text,
        question_context,
        correct_answer,
        answer_options,
        difficulty,
        reward_amount: reward,
        context_required,
        tags: tag_list,
        enabled,
    } = input;
    let mut v = Violations::new();
    let kind = v.check(game::game_type("game_type", &game_type));
    let options: Vec<String> = answer_options
        .iter()
        .map(|o| o.trim().to_string())
        .collect();
    let checked = QuestionInput {
        game_type: kind.unwrap_or(GameType::IntentQuest),
        language: v
            .field(game::language("language", &language))
            .unwrap_or_else(|| "en".to_string()),
        question_text: v.field(game::required_text(
            "question_text",
            &question_text,
            max_text,
        )),
        question_context: Some(question_context.trim().to_string()).filter(|c| !c.is_empty()),
        correct_answer: v.field(game::required_text("correct_answer", &correct_answer, 100)),
        answer_options: None,
        difficulty: v.field(game::difficulty("difficulty", &difficulty)),
        reward_amount: v.field(reward_amount(&reward)),
        context_required,
        tags: v.field(tags(&tag_list)),
        enabled: enabled.unwrap_or(true),
    };
    if let Some(kind) = kind {
        let shape = Shape {
            options: &options,
            answer: &checked.correct_answer,
            context: checked.question_context.as_deref().unwrap_or_default(),
            text: &checked.question_text,
            context_required,
        };
        v.fields(shape.check(kind));
    }
    let mut checked = v.into_result(checked).map_err(AppError::InvalidArgument)?;
    // A language_master phrasing prompt has no options at all (NULL).
    checked.answer_options =
        (checked.game_type != GameType::LanguageMaster || !options.is_empty()).then_some(options);
    Ok(checked)
}
