//! The rules of each game type, as pure functions: how an answer is
//! normalised, compared and, for language_master, validated.
use std::collections::HashSet;

use rust_decimal::Decimal;
use unicode_normalization::UnicodeNormalization;

/// NFKC, case folding and whitespace collapsed: "  Masala   DOSA " and
/// "masala dosa" are the same answer.
pub fn normalize(text: &str) -> String {
    let folded: String = text.nfkc().flat_map(char::to_lowercase).collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// intent_quest / tone_detective: the option the answer names, if any.
pub fn matching_option<'a>(options: &'a [String], answer: &str) -> Option<&'a String> {
    let answer = normalize(answer);
    options.iter().find(|option| normalize(option) == answer)
}

/// intent_quest / tone_detective: an exact match of the chosen option.
pub fn choice_is_correct(correct_answer: &str, answer: &str) -> bool {
    normalize(correct_answer) == normalize(answer)
}

/// entity_hunter: the answer equals the correct answer or an accepted
/// alternative, after normalisation.
pub fn entity_is_correct(correct_answer: &str, alternatives: &[String], answer: &str) -> bool {
    let answer = normalize(answer);
    std::iter::once(correct_answer)
        .chain(alternatives.iter().map(String::as_str))
        .any(|accepted| normalize(accepted) == answer)
}

/// The Unicode block a language is written in, for the languages whose
/// script is checked; None for a language not listed (not checked).
fn script_of(language: &str) -> Option<fn(char) -> bool> {
    let script: fn(char) -> bool = match language {
        "hi" | "mr" | "ne" | "sa" | "kok" | "mai" => |c| matches!(c, '\u{0900}'..='\u{097F}'),
        "bn" | "as" => |c| matches!(c, '\u{0980}'..='\u{09FF}'),
        "pa" => |c| matches!(c, '\u{0A00}'..='\u{0A7F}'),
        "gu" => |c| matches!(c, '\u{0A80}'..='\u{0AFF}'),
        "or" => |c| matches!(c, '\u{0B00}'..='\u{0B7F}'),
        "ta" => |c| matches!(c, '\u{0B80}'..='\u{0BFF}'),
        "te" => |c| matches!(c, '\u{0C00}'..='\u{0C7F}'),
        "kn" => |c| matches!(c, '\u{0C80}'..='\u{0CFF}'),
        "ml" => |c| matches!(c, '\u{0D00}'..='\u{0D7F}'),
        "en" => |c| c.is_ascii_alphabetic(),
        _ => return None,
    };
    Some(script)
}

/// At least 60% of the letters are in the language's script: a brand name
/// like "UPI" inside a Hindi sentence is fine, Hinglish in Latin is not.
pub fn is_in_script(language: &str, text: &str) -> bool {
    let Some(in_script) = script_of(language) else {
        return true;
    };
    // Devanagari vowel signs are marks, not alphabetic: count both.
    let letters: Vec<char> = text
        .chars()
        .filter(|c| c.is_alphabetic() || in_script(*c))
        .collect();
    if letters.is_empty() {
        return false;
    }
    let matching = letters.iter().filter(|c| in_script(**c)).count();
    matching * 10 >= letters.len() * 6
}

/// Similarity of two texts from 0 to 1: the Dice coefficient of their
/// normalised character bigrams.
pub fn similarity(a: &str, b: &str) -> Decimal {
    let (a, b) = (bigrams(&normalize(a)), bigrams(&normalize(b)));
    if a.is_empty() && b.is_empty() {
        return Decimal::ONE;
    }
    let shared = a.intersection(&b).count();
    Decimal::from(2 * shared) / Decimal::from(a.len() + b.len())
}

fn bigrams(text: &str) -> HashSet<(char, char)> {
    let chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    if chars.len() == 1 {
        return HashSet::from([(chars[0], ' ')]);
    }
    chars.windows(2).map(|w| (w[0], w[1])).collect()
}

/// What a language_master answer must satisfy.
pub struct PhrasingRules<'a> {
    /// Words the prompt forbids (its `forbid:<word>` tags).
    pub forbidden: &'a [String],
    pub language: &'a str,
    pub min_length: usize,
    pub max_length: usize,
    pub near_duplicate_threshold: Decimal,
    pub prompt: &'a str,
}

/// Checks a language_master phrasing against the rules and the texts
/// already collected for the intent; the reason it is refused, if it is.
pub fn check_phrasing(
    rules: &PhrasingRules<'_>,
    answer: &str,
    existing: &[String],
) -> Result<(), String> {
    let length = normalize(answer).chars().count();
    if length < rules.min_length {
        return Err(format!(
            "too short: write at least {} characters",
            rules.min_length
        ));
    }
    if length > rules.max_length {
        return Err(format!(
            "too long: write at most {} characters",
            rules.max_length
        ));
    }
    if !is_in_script(rules.language, answer) {
        return Err(format!(
            "write it in the script of language '{}'",
            rules.language
        ));
    }
    if let Some(word) = forbidden_word_used(rules.forbidden, answer) {
        return Err(format!("the prompt asks you not to use the word '{word}'"));
    }
    if similarity(answer, rules.prompt) >= rules.near_duplicate_threshold {
        return Err("that repeats the question; say it in your own words".into());
    }
    let threshold = rules.near_duplicate_threshold;
    if existing.iter().any(|e| similarity(answer, e) >= threshold) {
        return Err("someone already said it this way; try your own wording".into());
    }
    Ok(())
}

/// The first forbidden word the answer uses as a word of its own (after
/// normalisation), if any.
fn forbidden_word_used<'a>(forbidden: &'a [String], answer: &str) -> Option<&'a str> {
    let answer = normalize(answer);
    let words: HashSet<&str> = answer
        .split(|c: char| !c.is_alphanumeric() && !is_mark(c))
        .filter(|w| !w.is_empty())
        .collect();
    forbidden
        .iter()
        .find(|word| words.contains(normalize(word).as_str()))
        .map(String::as_str)
}

/// Combining marks (Devanagari vowel signs, virama) belong to their word.
fn is_mark(c: char) -> bool {
    matches!(c, '\u{0900}'..='\u{0903}' | '\u{093A}'..='\u{094F}' | '\u{0951}'..='\u{0957}' | '\u{0962}' | '\u{0963}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entity_answers_are_normalised_before_comparison() {
        let alternatives = vec!["masala dosai".to_string()];
        assert!(entity_is_correct(
            "masala dosa",
            &alternatives,
            "  Masala   DOSA "
        ));
        assert!(entity_is_correct(
            "masala dosa",
            &alternatives,
            "MASALA DOSAI"
        ));
        assert!(!entity_is_correct("masala dosa", &alternatives, "dosa"));
        // Fullwidth digits fold to ASCII under NFKC.
        assert!(entity_is_correct("3", &[], "３"));
    }

    #[test]
    fn scripts_are_checked_per_language() {
        assert!(is_in_script("hi", "मुझे पिज़्ज़ा ऑर्डर करना है"));
        assert!(is_in_script("hi", "UPI से पेमेंट कर दो भाई"));
        assert!(!is_in_script("hi", "mujhe pizza order karna hai"));
        assert!(is_in_script("en", "I want a pizza"));
        assert!(!is_in_script("en", "मुझे पिज़्ज़ा चाहिए"));
        assert!(
            is_in_script("xx", "anything"),
            "unlisted languages are not checked"
        );
    }

    #[test]
    fn phrasings_are_refused_for_length_copies_and_near_duplicates() {
        let rules = PhrasingRules {
            forbidden: &[],
            language: "en",
            min_length: 5,
            max_length: 40,
            near_duplicate_threshold: Decimal::new(9, 1),
            prompt: "How would you ask to order a pizza?",
        };
        let existing = vec!["Please get me one pizza".to_string()];
        assert!(check_phrasing(&rules, "hey", &existing).is_err());
        assert!(check_phrasing(&rules, &"a".repeat(41), &existing).is_err());
        assert!(check_phrasing(&rules, "how would you ask to order a pizza", &existing).is_err());
        assert!(check_phrasing(&rules, "please get me one pizza!", &existing).is_err());
        assert!(check_phrasing(&rules, "Can I get a large margherita?", &existing).is_ok());
    }

    #[test]
    fn a_forbidden_word_refuses_the_phrasing_only_as_a_whole_word() {
        let forbidden = vec!["order".to_string(), "रद्द".to_string()];
        let rules = PhrasingRules {
            forbidden: &forbidden,
            language: "en",
            min_length: 5,
            max_length: 80,
            near_duplicate_threshold: Decimal::new(9, 1),
            prompt: "Ask for your food without using the word 'order'",
        };
        let refused = check_phrasing(&rules, "I'd like to Order a pizza", &[]);
        assert!(refused.is_err_and(|reason| reason.contains("order")));
        assert!(check_phrasing(&rules, "Can I get two pizzas, ordered hot?", &[]).is_ok());
        let hindi = PhrasingRules {
            language: "hi",
            ..rules
        };
        assert!(check_phrasing(&hindi, "मेरा खाना रद्द कर दो भाई", &[]).is_err());
        assert!(check_phrasing(&hindi, "मेरा खाना कैंसल कर दो भाई", &[]).is_ok());
    }
}
