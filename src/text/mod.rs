//! Text hygiene: what a string from a caller may contain, checked in one
//! place.
//!
//! Every text field is one of two kinds. A **line** (ids, keys, names,
//! codes, filters, tokens) holds no control character at all. **Free text**
//! (chat messages, questions, reasons, JSON) may hold tabs and line breaks
//! (`\t`, `\n`, `\r`) but no other control character. NUL (U+0000) is never
//! accepted: PostgreSQL cannot store it in a text column, and no caller has
//! a reason to send it. Each kind has a generous length cap; the domain
//! adds its own, tighter limits where a column or a setting demands.
//!
//! [`codec::CheckedCodec`] applies these rules to every string field of
//! every decoded request, found through the compiled descriptors
//! ([`scan`]), before a handler sees it: a new RPC or field is covered
//! without code. The domain parses free text into [`CheckedText`].
pub mod codec;
pub mod pii;
pub mod scan;

use std::fmt;

use crate::error::Violation;

/// The longest line field, in characters.
pub const MAX_LINE_CHARS: usize = 1024;
/// The longest free-text field, in characters.
pub const MAX_FREE_CHARS: usize = 65_536;

/// What a text field may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    /// One line: no control characters, at most [`MAX_LINE_CHARS`].
    Line,
    /// Free text: tabs and line breaks allowed, at most [`MAX_FREE_CHARS`].
    Free,
}

impl TextKind {
    /// The kind of a protobuf string field, by its name. Free text is the
    /// exception and is listed here; every other field is a line, so a new
    /// field is held to the strict rule until it is listed.
    pub fn of_field(name: &str) -> TextKind {
        const FREE: &[&str] = &[
            "user_message",
            "bot_response",
            "routing_reason",
            "text",
            "question_text",
            "question_context",
            "answer",
            "reason",
            "description",
            "value",
            "feedback",
        ];
        if name.ends_with("_json") || FREE.contains(&name) {
            TextKind::Free
        } else {
            TextKind::Line
        }
    }

    pub fn max_chars(self) -> usize {
        match self {
            TextKind::Line => MAX_LINE_CHARS,
            TextKind::Free => MAX_FREE_CHARS,
        }
    }

    fn allows(self, c: char) -> bool {
        !c.is_control() || (self == TextKind::Free && matches!(c, '\t' | '\n' | '\r'))
    }
}

/// What is wrong with `value` as a `kind` field of at most `max_chars`
/// characters, if anything.
pub fn fault(value: &str, kind: TextKind, max_chars: usize) -> Option<String> {
    let mut chars = 0usize;
    for c in value.chars() {
        chars += 1;
        if c == '\0' {
            return Some("must not contain NUL (U+0000)".into());
        }
        if !kind.allows(c) {
            let hint = match kind {
                TextKind::Line if matches!(c, '\t' | '\n' | '\r') => {
                    " (tabs and line breaks are allowed in free text only)"
                }
                _ => "",
            };
            return Some(format!(
                "must not contain the control character U+{:04X}{hint}",
                u32::from(c)
            ));
        }
    }
    (chars > max_chars).then(|| format!("is longer than {max_chars} characters"))
}

/// Text that passed [`fault`]: no NUL, no disallowed control character,
/// within its length limit.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CheckedText(String);

impl CheckedText {
    /// Checks `value` as the field `field`; the violation names the field.
    pub fn parse(
        field: &str,
        value: impl Into<String>,
        kind: TextKind,
        max_chars: usize,
    ) -> Result<CheckedText, Violation> {
        let value = value.into();
        match fault(&value, kind, max_chars) {
            Some(problem) => Err(Violation::new(field, problem)),
            None => Ok(CheckedText(value)),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl AsRef<str> for CheckedText {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CheckedText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<CheckedText> for String {
    fn from(text: CheckedText) -> String {
        text.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_refuses_what_it_must() {
        use TextKind::{Free, Line};
        let cases: &[(&str, TextKind, bool, &str)] = &[
            ("order_food", Line, true, "plain line"),
            ("कल का मौसम", Line, true, "Devanagari"),
            (
                "a b\u{200b}c",
                Line,
                true,
                "spaces and format characters are no controls",
            ),
            (
                "line one\nline two\r\n\tend",
                Free,
                true,
                "line breaks in free text",
            ),
            ("a\nb", Line, false, "line break in a line"),
            ("a\tb", Line, false, "tab in a line"),
            ("nul\0", Free, false, "NUL in free text"),
            ("nul\0", Line, false, "NUL in a line"),
            ("\u{1}", Free, false, "C0 control"),
            ("\u{7f}", Free, false, "DEL"),
            ("\u{85}", Free, false, "C1 control (NEL)"),
            ("\u{1b}[31m", Free, false, "terminal escape"),
        ];
        for (value, kind, ok, what) in cases {
            let got = fault(value, *kind, 100);
            assert_eq!(got.is_none(), *ok, "{what}: {got:?}");
        }
    }

    #[test]
    fn a_nul_is_named_as_such_and_length_counts_characters() {
        let nul = fault("a\0b", TextKind::Free, 10).expect("refused");
        assert!(nul.contains("NUL (U+0000)"), "{nul}");
        assert_eq!(fault("मौसम", TextKind::Line, 4), None, "four characters");
        let long = fault("मौसमी", TextKind::Line, 4).expect("too long");
        assert!(long.contains("longer than 4"), "{long}");
    }

    #[test]
    fn checked_text_names_the_field() {
        let bad = CheckedText::parse("turn.session_id", "a\nb", TextKind::Line, 100);
        assert_eq!(bad.expect_err("refused").field, "turn.session_id");
        let good = CheckedText::parse("turn.user_message", "hi\nthere", TextKind::Free, 100);
        assert_eq!(good.expect("ok").as_str(), "hi\nthere");
    }

    #[test]
    fn free_text_is_the_listed_exception() {
        assert_eq!(TextKind::of_field("user_message"), TextKind::Free);
        assert_eq!(TextKind::of_field("nlu_entities_json"), TextKind::Free);
        assert_eq!(TextKind::of_field("session_id"), TextKind::Line);
        assert_eq!(TextKind::of_field("some_new_field"), TextKind::Line);
    }
}
