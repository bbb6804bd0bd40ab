//! Game fields: game type, difficulty, language and bounded text (moved here
//! from the games room so that questions and crowd do not import games).
use crate::{
    domain::{Difficulty, GameType},
    error::Violation,
};

/// A known game type.
pub fn game_type(field: &str, text: &str) -> Result<GameType, Violation> {
    GameType::parse(text.trim()).ok_or_else(|| {
        Violation::new(
            field,
            "must be intent_quest, tone_detective, entity_hunter or language_master",
        )
    })
}

/// A game type filter: None when empty (spelled exactly, as filters always were).
pub fn optional_game_type(field: &str, text: &str) -> Result<Option<GameType>, Violation> {
    match text {
        "" => Ok(None),
        text => GameType::parse(text)
            .map(Some)
            .ok_or_else(|| Violation::new(field, "is not a game type")),
    }
}

/// easy, medium or hard; medium when empty.
pub fn difficulty(field: &str, text: &str) -> Result<Difficulty, Violation> {
    match text.trim() {
        "" => Ok(Difficulty::Medium),
        text => Difficulty::parse(text)
            .ok_or_else(|| Violation::new(field, "must be easy, medium or hard")),
    }
}

/// A lower-case language tag such as `en` or `hi`; None when not given.
pub fn language(field: &str, text: &str) -> Result<Option<String>, Violation> {
    let language = text.trim().to_ascii_lowercase();
    let tag_chars = language
        .chars()
        .all(|c| c.is_ascii_alphabetic() || c == '-');
    if language.len() > 10 || !tag_chars {
        return Err(Violation::new(
            field,
            "must be a language tag such as en or hi",
        ));
    }
    Ok((!language.is_empty()).then_some(language))
}

/// A trimmed, non-empty text of at most `max` characters.
pub fn required_text(field: &str, text: &str, max: usize) -> Result<String, Violation> {
    let text = text.trim();
    if text.is_empty() || text.chars().count() > max {
        return Err(Violation::new(
            field,
            format!("is required, at most {max} characters"),
        ));
    }
    Ok(text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn game_fields_read_their_sets_and_defaults() {
        assert_eq!(
            game_type("game_type", " tone_detective "),
            Ok(GameType::ToneDetective)
        );
        assert!(game_type("game_type", "chess").is_err());
        assert_eq!(optional_game_type("game_type", ""), Ok(None));
        assert_eq!(difficulty("difficulty", ""), Ok(Difficulty::Medium));
        assert!(difficulty("difficulty", "brutal").is_err());
        assert_eq!(language("language", " HI "), Ok(Some("hi".into())));
        assert_eq!(language("language", ""), Ok(None));
        assert!(language("language", "en_US").is_err());
        assert_eq!(required_text("answer", " x ", 3), Ok("x".into()));
        assert!(required_text("answer", "  ", 3).is_err());
        assert!(required_text("answer", "abcd", 3).is_err());
    }
}
