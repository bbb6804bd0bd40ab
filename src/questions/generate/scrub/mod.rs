//! Personal data out of a message before other players may see it: links,
//! email addresses, UPI ids, phone numbers (Indian and international), runs
//! of five or more digits and the names of users become placeholders. Pure:
//! the names come in, the text goes out.
use std::{collections::HashSet, sync::LazyLock};

use regex::Regex;
use unicode_normalization::UnicodeNormalization;

/// What a span of personal data is replaced by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placeholder {
    Url,
    Email,
    Upi,
    Phone,
    Number,
    Name,
}

impl Placeholder {
    pub fn as_str(self) -> &'static str {
        match self {
            Placeholder::Url => "[url]",
            Placeholder::Email => "[email]",
            Placeholder::Upi => "[upi]",
            Placeholder::Phone => "[phone]",
            Placeholder::Number => "[number]",
            Placeholder::Name => "[name]",
        }
    }
}

/// In the order they are looked for: a span an earlier pattern took is not
/// looked at again (an email's domain is no link, a phone number no
/// "number"). `\d` and `\w` are Unicode: Devanagari digits count.
static PATTERNS: LazyLock<Vec<(Regex, Placeholder)>> = LazyLock::new(|| {
    let url_end = r#"[^\s.,!?;:)\]'"।]"#;
    [
        (format!(r"(?i)\b(?:https?://|www\.)\S*{url_end}"), Placeholder::Url),
        (
            r"(?i)\b[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\b".into(),
            Placeholder::Email,
        ),
        (r"(?i)\b[a-z0-9._-]{2,}@[a-z]{2,}\b".into(), Placeholder::Upi),
        (
            format!(
                r"(?i)\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|in|org|net|co|io|me|app|ly|info|shop)\b(?:/\S*{url_end})?"
            ),
            Placeholder::Url,
        ),
        (r"(?:\+\(?|\(|\b)\d[\d \-.()]{6,}\d\b".into(), Placeholder::Phone),
        (r"\w*\d{5,}\w*".into(), Placeholder::Number),
    ]
    .into_iter()
    .map(|(pattern, placeholder)| (compile(&pattern), placeholder))
    .collect()
});

static WORD: LazyLock<Regex> = LazyLock::new(|| compile(r"\w+"));

fn compile(pattern: &str) -> Regex {
    // The patterns are constants; the unit tests compile every one of them.
    Regex::new(pattern).unwrap_or_else(|e| panic!("pattern {pattern}: {e}"))
}

/// A phone number has 10 to 12 digits (98123 45678, 098123-45678,
/// 91 9812345678, 022 2345 6789), or 8 to 15 after a `+`; fewer digits
/// are a quantity, a time or an amount, more are left to `[number]`.
fn is_phone(span: &str) -> bool {
    let digits = span.chars().filter(|c| c.is_numeric()).count();
    if span.starts_with('+') {
        (8..=15).contains(&digits)
    } else {
        (10..=12).contains(&digits)
    }
}

/// The first and last names of users, as whole words, case-insensitive.
#[derive(Debug, Default, Clone)]
pub struct Names(HashSet<String>);

impl Names {
    /// Each name is split into words; words under three letters are left
    /// out, they are more often words than names.
    pub fn new<'a>(names: impl IntoIterator<Item = &'a str>) -> Names {
        let words = names
            .into_iter()
            .flat_map(|name| {
                WORD.find_iter(name)
                    .map(|m| fold(m.as_str()))
                    .collect::<Vec<_>>()
            })
            .filter(|word| word.chars().filter(|c| c.is_alphabetic()).count() >= 3)
            .collect();
        Names(words)
    }

    fn contains(&self, word: &str) -> bool {
        self.0.contains(&fold(word))
    }
}

fn fold(word: &str) -> String {
    word.nfc().flat_map(char::to_lowercase).collect()
}

/// A message with its personal data replaced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scrubbed {
    pub text: String,
    pub placeholders: usize,
    /// Words left that hold a letter (placeholders not counted).
    pub words: usize,
    /// Letters left outside placeholders.
    pub letters: usize,
}

/// Why a scrubbed message makes no question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unusable {
    TooShort,
    MostlyPlaceholders,
}

impl Scrubbed {
    /// At least two words and eight letters of the player's own, and
    /// placeholders at most 40% of the words.
    pub fn usable(&self) -> Result<(), Unusable> {
        let tokens = self.placeholders + self.words;
        if self.placeholders > 0 && self.placeholders * 5 > tokens * 2 {
            return Err(Unusable::MostlyPlaceholders);
        }
        if self.words < 2 || self.letters < 8 {
            return Err(Unusable::TooShort);
        }
        Ok(())
    }
}

/// Replaces personal data in `text` by placeholders and collapses
/// whitespace.
pub fn scrub(text: &str, names: &Names) -> Scrubbed {
    let text: String = text.nfc().collect();
    let spans = spans(&text, names);
    let (mut out, mut words, mut letters, mut at) = (String::new(), 0, 0, 0);
    let mut keep = |part: &str, out: &mut String| {
        for word in WORD.find_iter(part) {
            let n = word.as_str().chars().filter(|c| c.is_alphabetic()).count();
            words += usize::from(n > 0);
            letters += n;
        }
        out.push_str(part);
    };
    for (start, end, placeholder) in &spans {
        keep(&text[at..*start], &mut out);
        out.push_str(placeholder.as_str());
        at = *end;
    }
    keep(&text[at..], &mut out);
    Scrubbed {
        text: out.split_whitespace().collect::<Vec<_>>().join(" "),
        placeholders: spans.len(),
        words,
        letters,
    }
}

/// Non-overlapping spans of personal data, by position.
fn spans(text: &str, names: &Names) -> Vec<(usize, usize, Placeholder)> {
    let mut spans: Vec<(usize, usize, Placeholder)> = Vec::new();
    let free = |spans: &[(usize, usize, Placeholder)], start: usize, end: usize| {
        spans.iter().all(|(s, e, _)| end <= *s || start >= *e)
    };
    for (pattern, placeholder) in PATTERNS.iter() {
        for m in pattern.find_iter(text) {
            let phone_ok = *placeholder != Placeholder::Phone || is_phone(m.as_str());
            if phone_ok && free(&spans, m.start(), m.end()) {
                spans.push((m.start(), m.end(), *placeholder));
            }
        }
    }
    for word in WORD.find_iter(text) {
        if names.contains(word.as_str()) && free(&spans, word.start(), word.end()) {
            spans.push((word.start(), word.end(), Placeholder::Name));
        }
    }
    spans.sort_by_key(|(start, _, _)| *start);
    spans
}

#[cfg(test)]
mod tests;
