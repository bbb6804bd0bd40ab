//! Checks over the whole starter bank: the first seed and this one.
use std::collections::{HashMap, HashSet};

use super::more_starter_questions;
use crate::starter_questions::{StarterQuestion, starter_questions};

const TYPES: [&str; 4] = [
    "intent_quest",
    "tone_detective",
    "entity_hunter",
    "language_master",
];
const TONES: [&str; 6] = ["happy", "angry", "urgent", "confused", "neutral", "sad"];
const INTENTS: [&str; 13] = [
    "order_food",
    "track_order",
    "cancel_order",
    "refund_request",
    "complaint",
    "book_table",
    "change_address",
    "greeting",
    "modify_order",
    "weather_forecast",
    "small_talk",
    "payment_issue",
    "mobile_recharge",
];
const ENTITY_KINDS: [&str; 7] = [
    "dish", "place", "quantity", "time", "amount", "date", "item",
];

fn bank() -> Vec<StarterQuestion> {
    let mut all = starter_questions();
    all.extend(more_starter_questions());
    all
}

fn is_gold(q: &StarterQuestion) -> bool {
    q.game_type == "language_master" && q.options.is_some()
}

#[test]
fn every_type_difficulty_and_language_has_at_least_25_questions() {
    let mut counts: HashMap<(&str, &str, &str), usize> = HashMap::new();
    let mut gold: HashMap<(&str, &str), usize> = HashMap::new();
    for q in bank() {
        *counts
            .entry((q.game_type, q.difficulty, q.language))
            .or_default() += 1;
        if is_gold(&q) {
            *gold.entry((q.difficulty, q.language)).or_default() += 1;
        }
    }
    for game_type in TYPES {
        for difficulty in ["easy", "medium", "hard"] {
            for language in ["en", "hi"] {
                let n = counts.get(&(game_type, difficulty, language)).copied();
                let n = n.unwrap_or(0);
                assert!(n >= 25, "{game_type}/{difficulty}/{language}: {n}");
            }
        }
    }
    for difficulty in ["easy", "medium", "hard"] {
        for language in ["en", "hi"] {
            let n = gold.get(&(difficulty, language)).copied().unwrap_or(0);
            assert!(n >= 8, "gold fill-ins {difficulty}/{language}: {n}");
        }
    }
}

#[test]
fn choice_games_offer_three_or_four_distinct_options_with_the_answer() {
    for q in bank() {
        assert!(TYPES.contains(&q.game_type), "{}", q.text);
        assert!(
            ["easy", "medium", "hard"].contains(&q.difficulty),
            "{}",
            q.text
        );
        if !matches!(q.game_type, "intent_quest" | "tone_detective") {
            continue;
        }
        let options = q.options.clone().unwrap_or_default();
        let distinct: HashSet<_> = options.iter().collect();
        assert!((3..=4).contains(&options.len()), "{}", q.text);
        assert_eq!(distinct.len(), options.len(), "{}", q.text);
        assert!(options.contains(&q.answer), "{}", q.text);
        let labels: &[&str] = if q.game_type == "tone_detective" {
            &TONES
        } else {
            &INTENTS
        };
        assert!(options.iter().all(|o| labels.contains(o)), "{}", q.text);
    }
}

#[test]
fn entity_questions_name_what_to_find_and_contain_the_answer() {
    for q in bank().iter().filter(|q| q.game_type == "entity_hunter") {
        let kind = q.context.unwrap_or_default();
        assert!(ENTITY_KINDS.contains(&kind), "{}: {kind}", q.text);
        assert!(q.text.contains(q.answer), "{}", q.text);
        let alternatives = q.options.clone().unwrap_or_default();
        assert!(
            alternatives.iter().all(|a| !a.trim().is_empty()),
            "{}",
            q.text
        );
    }
}

#[test]
fn language_master_prompts_carry_an_intent_and_fill_ins_accept_their_answer() {
    for q in bank().iter().filter(|q| q.game_type == "language_master") {
        match &q.options {
            None => assert!(INTENTS.contains(&q.answer), "{}", q.text),
            Some(accepted) => {
                assert!(accepted.contains(&q.answer), "{}", q.text);
                assert_eq!(q.text.matches("___").count(), 1, "one gap: {}", q.text);
                assert!(q.tags.is_empty(), "{}", q.text);
            }
        }
        for tag in &q.tags {
            let word = tag.strip_prefix("forbid:").unwrap_or_default();
            assert!(!word.is_empty(), "{}: {tag}", q.text);
            let context = q.context.unwrap_or_default();
            assert!(context.contains(word), "the rule is said: {}", q.text);
            let prompt = q.text.to_lowercase();
            assert!(!prompt.contains(word), "the prompt avoids it: {}", q.text);
        }
    }
}

#[test]
fn tags_are_plain_words_an_array_literal_can_hold() {
    for q in bank() {
        for tag in &q.tags {
            let plain = !tag.contains(['"', ',', '{', '}', '\\', ' ']);
            assert!(plain && tag.len() <= 50, "{}: {tag}", q.text);
        }
    }
}

#[test]
fn no_text_appears_twice_in_a_language() {
    let mut seen = HashSet::new();
    for q in bank() {
        assert!(seen.insert((q.language, q.text)), "twice: {}", q.text);
    }
}

/// The share of letters that are Devanagari.
fn devanagari_share(text: &str) -> f64 {
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    let devanagari = letters
        .iter()
        .filter(|c| ('\u{0900}'..='\u{097F}').contains(*c))
        .count();
    devanagari as f64 / letters.len().max(1) as f64
}

#[test]
fn hindi_questions_are_written_in_devanagari() {
    for q in bank().iter().filter(|q| q.language == "hi") {
        let share = devanagari_share(q.text);
        assert!(share >= 0.6, "{share:.2} Devanagari: {}", q.text);
    }
    for q in bank().iter().filter(|q| q.language == "en") {
        assert_eq!(devanagari_share(q.text), 0.0, "{}", q.text);
    }
}

#[test]
fn options_become_json_arrays() {
    let q = &starter_questions()[0];
    assert_eq!(
        q.options_json().as_deref(),
        Some(r#"["greeting","order_food","complaint"]"#)
    );
    let quote = StarterQuestion {
        options: Some(vec!["a\"b"]),
        ..q.clone()
    };
    assert_eq!(quote.options_json().as_deref(), Some(r#"["a\"b"]"#));
}
