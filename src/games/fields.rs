//! Field checks shared by the game and question requests.
use super::GameType;
use crate::error::Violations;

const DIFFICULTIES: [&str; 3] = ["easy", "medium", "hard"];

/// A known game type, or a violation of `game_type`.
pub fn game_type(text: &str, v: &mut Violations) -> Option<GameType> {
    let kind = GameType::parse(text.trim());
    if kind.is_none() {
        v.add(
            "game_type",
            "must be intent_quest, tone_detective, entity_hunter or language_master",
        );
    }
    kind
}

/// easy, medium or hard; medium when empty.
pub fn difficulty(text: &str, v: &mut Violations) -> String {
    let difficulty = match text.trim() {
        "" => "medium",
        d => d,
    };
    if !DIFFICULTIES.contains(&difficulty) {
        v.add("difficulty", "must be easy, medium or hard");
    }
    difficulty.to_string()
}

/// A lower-case language tag such as `en` or `hi`; empty when not given.
pub fn language(text: &str, v: &mut Violations) -> String {
    let language = text.trim().to_ascii_lowercase();
    let tag_chars = language
        .chars()
        .all(|c| c.is_ascii_alphabetic() || c == '-');
    if language.len() > 10 || !tag_chars {
        v.add("language", "must be a language tag such as en or hi");
    }
    language
}

/// A trimmed, non-empty text of at most `max` characters.
pub fn required_text(field: &str, text: &str, max: usize, v: &mut Violations) -> String {
    let text = text.trim();
    if text.is_empty() || text.chars().count() > max {
        v.add(field, format!("is required, at most {max} characters"));
    }
    text.to_string()
}
