//! A question as an admin writes it, checked against its game type's shape.
use rust_decimal::Decimal;

use crate::{
    error::{AppResult, Violations},
    games::GameType,
};

/// The editable fields as they arrive.
#[derive(Debug, Default)]
pub struct RawQuestion {
    pub game_type: String,
    pub language: String,
    pub question_text: String,
    pub question_context: String,
    pub correct_answer: String,
    pub answer_options: Vec<String>,
    pub difficulty: String,
    pub reward_amount: String,
    pub context_required: bool,
    pub tags: Vec<String>,
    pub enabled: Option<bool>,
}

/// A checked question.
#[derive(Debug, Clone)]
pub struct QuestionInput {
    pub game_type: GameType,
    pub language: String,
    pub question_text: String,
    pub question_context: Option<String>,
    pub correct_answer: String,
    /// None for language_master (no options at all).
    pub answer_options: Option<Vec<String>>,
    pub difficulty: String,
    pub reward_amount: Option<Decimal>,
    pub context_required: bool,
    pub tags: Vec<String>,
    pub enabled: bool,
}

const DIFFICULTIES: [&str; 3] = ["easy", "medium", "hard"];

impl QuestionInput {
    /// Checks every field; `max_text` bounds the texts.
    pub fn parse(raw: RawQuestion, max_text: usize) -> AppResult<QuestionInput> {
        let mut v = Violations::new();
        let game_type = GameType::parse(raw.game_type.trim());
        if game_type.is_none() {
            v.add(
                "game_type",
                "must be intent_quest, tone_detective, entity_hunter or language_master",
            );
        }
        let language = match raw.language.trim().to_ascii_lowercase() {
            l if l.is_empty() => "en".to_string(),
            l => l,
        };
        if language.len() > 10
            || !language
                .chars()
                .all(|c| c.is_ascii_alphabetic() || c == '-')
        {
            v.add("language", "must be a language tag such as en or hi");
        }
        let text = raw.question_text.trim().to_string();
        if text.is_empty() || text.chars().count() > max_text {
            v.add(
                "question_text",
                format!("is required, at most {max_text} characters"),
            );
        }
        let answer = raw.correct_answer.trim().to_string();
        if answer.is_empty() || answer.chars().count() > 100 {
            v.add("correct_answer", "is required, at most 100 characters");
        }
        let difficulty = match raw.difficulty.trim() {
            "" => "medium".to_string(),
            d => d.to_string(),
        };
        if !DIFFICULTIES.contains(&difficulty.as_str()) {
            v.add("difficulty", "must be easy, medium or hard");
        }
        let reward_amount = parse_reward(&raw.reward_amount, &mut v);
        let options: Vec<String> = raw
            .answer_options
            .iter()
            .map(|o| o.trim().to_string())
            .collect();
        let tags: Vec<String> = raw.tags.iter().map(|t| t.trim().to_string()).collect();
        if tags
            .iter()
            .any(|t| t.is_empty() || t.len() > 50 || t.contains(['"', ',', '{', '}']))
        {
            v.add(
                "tags",
                "each tag must be 1 to 50 characters, without quotes, commas or braces",
            );
        }
        let context = raw.question_context.trim().to_string();
        if let Some(kind) = game_type {
            check_shape(
                kind,
                &options,
                &answer,
                &context,
                &text,
                raw.context_required,
                &mut v,
            );
        }
        v.finish()?;
        let game_type = game_type.unwrap_or(GameType::IntentQuest);
        Ok(QuestionInput {
            game_type,
            language,
            question_text: text,
            question_context: (!context.is_empty()).then_some(context),
            correct_answer: answer,
            answer_options: (game_type != GameType::LanguageMaster).then_some(options),
            difficulty,
            reward_amount,
            context_required: raw.context_required,
            tags,
            enabled: raw.enabled.unwrap_or(true),
        })
    }
}

fn parse_reward(text: &str, v: &mut Violations) -> Option<Decimal> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    match text.parse::<Decimal>() {
        Ok(amount)
            if amount >= Decimal::ZERO
                && amount.scale() <= 2
                && amount < Decimal::from(100_000_000) =>
        {
            Some(amount)
        }
        _ => {
            v.add(
                "reward_amount",
                "must be a non-negative amount with at most 2 decimal places",
            );
            None
        }
    }
}

/// What each game type needs: choices containing the answer, an entity
/// kind, no options for free phrasing; personalised templates only for
/// intent_quest, with a {message} placeholder.
fn check_shape(
    kind: GameType,
    options: &[String],
    answer: &str,
    context: &str,
    text: &str,
    context_required: bool,
    v: &mut Violations,
) {
    let unique = options
        .iter()
        .collect::<std::collections::HashSet<_>>()
        .len()
        == options.len();
    if options
        .iter()
        .any(|o| o.is_empty() || o.chars().count() > 100)
        || !unique
    {
        v.add(
            "answer_options",
            "options must be unique, 1 to 100 characters each",
        );
    }
    match kind {
        GameType::IntentQuest | GameType::ToneDetective => {
            if !(2..=10).contains(&options.len()) {
                v.add("answer_options", "a choice game needs 2 to 10 options");
            } else if !options.iter().any(|o| o == answer) && !context_required {
                v.add("correct_answer", "must be one of answer_options");
            }
        }
        GameType::EntityHunter if context.is_empty() => {
            v.add(
                "question_context",
                "names the entity to find (dish, place, quantity, time)",
            );
        }
        GameType::LanguageMaster if !options.is_empty() => {
            v.add(
                "answer_options",
                "language_master questions have no options",
            );
        }
        _ => {}
    }
    if context_required && (kind != GameType::IntentQuest || !text.contains("{message}")) {
        v.add(
            "context_required",
            "only intent_quest templates with a {message} placeholder can be personalised",
        );
    }
}
