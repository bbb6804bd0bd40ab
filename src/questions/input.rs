//! A question as an admin writes it, checked against its game type's shape.
use std::collections::HashSet;

use rust_decimal::Decimal;

use crate::{
    domain::{Difficulty, GameType},
    error::{AppResult, Violation, Violations},
    fields::game,
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
    /// None for a language_master phrasing prompt (no options at all);
    /// the accepted answers of a language_master fill-in.
    pub answer_options: Option<Vec<String>>,
    pub difficulty: Difficulty,
    pub reward_amount: Option<Decimal>,
    pub context_required: bool,
    pub tags: Vec<String>,
    pub enabled: bool,
}

impl QuestionInput {
    /// Checks every field; `max_text` bounds the texts.
    pub fn parse(raw: RawQuestion, max_text: usize) -> AppResult<QuestionInput> {
        let mut v = Violations::new();
        let game_type = v.check(game::game_type("game_type", &raw.game_type));
        let language = v.check(game::language("language", &raw.language));
        let text = v.check(game::required_text(
            "question_text",
            &raw.question_text,
            max_text,
        ));
        let answer = v.check(game::required_text(
            "correct_answer",
            &raw.correct_answer,
            100,
        ));
        let difficulty = v.check(game::difficulty("difficulty", &raw.difficulty));
        let reward_amount = v.check(parse_reward(&raw.reward_amount));
        let tags = v.check(parse_tags(&raw.tags));
        let shape = Shape {
            options: raw
                .answer_options
                .iter()
                .map(|o| o.trim().to_string())
                .collect(),
            answer: answer.as_deref().unwrap_or_default(),
            context: raw.question_context.trim().to_string(),
            text: text.as_deref().unwrap_or_default(),
            context_required: raw.context_required,
        };
        if let Some(kind) = game_type {
            shape.check(kind, &mut v);
        }
        v.finish()?;
        // Every check passed (finish returned), so each value is Some.
        let game_type = game_type.unwrap_or(GameType::IntentQuest);
        let Shape {
            options, context, ..
        } = shape;
        Ok(QuestionInput {
            game_type,
            language: language.flatten().unwrap_or_else(|| "en".to_string()),
            question_context: (!context.is_empty()).then_some(context),
            answer_options: (game_type != GameType::LanguageMaster || !options.is_empty())
                .then_some(options),
            difficulty: difficulty.unwrap_or(Difficulty::Medium),
            reward_amount: reward_amount.flatten(),
            context_required: raw.context_required,
            tags: tags.unwrap_or_default(),
            enabled: raw.enabled.unwrap_or(true),
            question_text: text.unwrap_or_default(),
            correct_answer: answer.unwrap_or_default(),
        })
    }
}

fn parse_tags(tags: &[String]) -> Result<Vec<String>, Violation> {
    let tags: Vec<String> = tags.iter().map(|t| t.trim().to_string()).collect();
    // Quotes, commas and braces would break the PostgreSQL array literal.
    let bad = |t: &String| t.is_empty() || t.len() > 50 || t.contains(['"', ',', '{', '}']);
    if tags.iter().any(bad) {
        let rule = "each tag must be 1 to 50 characters, without quotes, commas or braces";
        return Err(Violation::new("tags", rule));
    }
    Ok(tags)
}

fn parse_reward(text: &str) -> Result<Option<Decimal>, Violation> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    match text.parse::<Decimal>() {
        Ok(amount)
            if amount >= Decimal::ZERO
                && amount.scale() <= 2
                && amount < Decimal::from(100_000_000) =>
        {
            Ok(Some(amount))
        }
        _ => Err(Violation::new(
            "reward_amount",
            "must be a non-negative amount with at most 2 decimal places",
        )),
    }
}

/// What each game type needs: choices containing the answer, an entity
/// kind, no options for free phrasing or accepted answers containing the
/// answer for a fill-in; personalised templates only for intent_quest, with
/// a {message} placeholder.
struct Shape<'a> {
    options: Vec<String>,
    answer: &'a str,
    context: String,
    text: &'a str,
    context_required: bool,
}

impl Shape<'_> {
    fn check(&self, kind: GameType, v: &mut Violations) {
        let options = &self.options;
        let unique = options.iter().collect::<HashSet<_>>().len() == options.len();
        if !unique
            || options
                .iter()
                .any(|o| o.is_empty() || o.chars().count() > 100)
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
                } else if !self.context_required && !options.iter().any(|o| o == self.answer) {
                    v.add("correct_answer", "must be one of answer_options");
                }
            }
            GameType::EntityHunter if self.context.is_empty() => {
                let rule = "names the entity to find (dish, place, quantity, time)";
                v.add("question_context", rule);
            }
            // A fill-in ("Fill the gap: ...") lists its accepted answers;
            // a phrasing prompt has none.
            GameType::LanguageMaster
                if !options.is_empty() && !options.iter().any(|o| o == self.answer) =>
            {
                v.add(
                    "answer_options",
                    "a language_master fill-in lists its accepted answers, correct_answer among them",
                );
            }
            _ => {}
        }
        let template = kind == GameType::IntentQuest && self.text.contains("{message}");
        if self.context_required && !template {
            let rule =
                "only intent_quest templates with a {message} placeholder can be personalised";
            v.add("context_required", rule);
        }
    }
}
