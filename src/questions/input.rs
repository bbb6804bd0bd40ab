//! A question as an admin writes it, checked against its game type's shape.
use std::collections::HashSet;

use rust_decimal::Decimal;

use crate::{
    domain::{Difficulty, GameType},
    error::{Violation, Violations},
};

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

/// Tags: each 1 to 50 characters, fit for a PostgreSQL array literal.
pub fn tags(tags: &[String]) -> Result<Vec<String>, Violation> {
    let tags: Vec<String> = tags.iter().map(|t| t.trim().to_string()).collect();
    // Quotes, commas and braces would break the PostgreSQL array literal.
    let bad = |t: &String| t.is_empty() || t.len() > 50 || t.contains(['"', ',', '{', '}']);
    if tags.iter().any(bad) {
        let rule = "each tag must be 1 to 50 characters, without quotes, commas or braces";
        return Err(Violation::new("tags", rule));
    }
    Ok(tags)
}

/// The question's own reward, overriding its difficulty's; empty: none.
pub fn reward_amount(text: &str) -> Result<Option<Decimal>, Violation> {
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
pub struct Shape<'a> {
    pub options: &'a [String],
    pub answer: &'a str,
    pub context: &'a str,
    pub text: &'a str,
    pub context_required: bool,
}

impl Shape<'_> {
    /// Every way the fields break `kind`'s shape.
    pub fn check(&self, kind: GameType) -> Result<(), Vec<Violation>> {
        let mut v = Violations::new();
        let options = self.options;
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
        v.into_result(())
    }
}
