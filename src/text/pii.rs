//! PII scrubbing: personal data in free text replaced by typed placeholders
//! before the text can become training data.
//!
//! - e-mail addresses → `[email]`;
//! - UPI ids (`name@bank`, `98123…@ybl`) → `[upi]`;
//! - phone numbers in any Indian form (`+91 98123 45678`, `098123-45678`,
//!   `0091…`, `(0) 98123 45678`, ten digits, spaced or dashed, Devanagari
//!   digits `९८१२३…`) and any `+`-prefixed international number →
//!   `[phone]`;
//! - any other run of six or more digits (OTPs, account, order, Aadhaar
//!   numbers), separators allowed between them → `[number]`.
//!
//! The placeholders are those of the crowd's question scrubber
//! (`questions::generate::scrub`), which also replaces links and names
//! before other players see a message: a promoted sample it reads again
//! comes out the same.
//!
//! Shorter numbers (`2 pizza`, `5 baje`, `order #1234`) and dates
//! (`26-11-2026`) stay: they carry meaning and identify no one. Scrubbing
//! is idempotent: a scrubbed text comes back unchanged.
use std::{borrow::Cow, sync::LazyLock};

use regex::{Captures, Regex};

/// Placeholders, as they appear in scrubbed text.
pub const EMAIL: &str = "[email]";
pub const UPI: &str = "[upi]";
pub const PHONE: &str = "[phone]";
pub const NUMBER: &str = "[number]";

/// Digit runs at least this long are replaced.
const LONG_RUN: usize = 6;

static EMAIL_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[\p{L}\p{N}._%+\-]+@[\p{L}\p{N}\-]+(?:\.[\p{L}\p{N}\-]+)*\.\p{L}{2,}")
        .unwrap_or_else(|_| unreachable_regex())
});

/// `handle@psp`: what remains of `x@y` once e-mails are gone.
static UPI_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[\p{L}\p{N}._\-]{2,}@\p{L}[\p{L}\p{N}]{1,}")
        .unwrap_or_else(|_| unreachable_regex())
});

/// A run of ASCII or Devanagari digits with at most two separators (space,
/// dash, dot, parentheses) between two digits, optionally after `+` or `(`.
static DIGITS_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:\+\s?|\()?[0-9०-९](?:[ \-.()]{0,2}[0-9०-९])*")
        .unwrap_or_else(|_| unreachable_regex())
});

static DATE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[0-9०-९]{1,2}([\-./])[0-9०-९]{1,2}([\-./])(?:[0-9०-९]{2}|[0-9०-९]{4})$")
        .unwrap_or_else(|_| unreachable_regex())
});

// The patterns are constants checked by the tests; a broken one is a bug.
#[allow(clippy::panic)]
fn unreachable_regex() -> Regex {
    panic!("invalid PII pattern")
}

/// The text with every e-mail, UPI id, phone number and long digit run
/// replaced by its placeholder; borrowed when there was nothing to replace.
pub fn scrub(text: &str) -> Cow<'_, str> {
    let mut current = Cow::Borrowed(text);
    for (re, placeholder) in [(&*EMAIL_RE, EMAIL), (&*UPI_RE, UPI)] {
        let replaced = match re.replace_all(&current, placeholder) {
            Cow::Owned(owned) => Some(owned),
            Cow::Borrowed(_) => None,
        };
        if let Some(owned) = replaced {
            current = Cow::Owned(owned);
        }
    }
    let replaced = match DIGITS_RE.replace_all(&current, |caps: &Captures| {
        let run = &caps[0];
        classify(run).map_or_else(|| run.to_string(), str::to_string)
    }) {
        Cow::Owned(owned) if owned != *current => Some(owned),
        _ => None,
    };
    if let Some(owned) = replaced {
        current = Cow::Owned(owned);
    }
    current
}

/// A JSON value with every string in it (values, not keys) scrubbed.
pub fn scrub_json(value: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::String(text) => match scrub(&text) {
            Cow::Owned(clean) => Value::String(clean),
            Cow::Borrowed(_) => Value::String(text),
        },
        Value::Array(items) => Value::Array(items.into_iter().map(scrub_json).collect()),
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(key, value)| (key, scrub_json(value)))
                .collect(),
        ),
        other => other,
    }
}

/// True when [`scrub`] would change the text.
pub fn contains_pii(text: &str) -> bool {
    matches!(scrub(text), Cow::Owned(_))
}

/// The placeholder for a digit run, or None to keep it.
fn classify(run: &str) -> Option<&'static str> {
    let digits: String = run.chars().filter_map(ascii_digit).collect();
    if digits.len() < LONG_RUN {
        return None;
    }
    let bare = run.trim_start_matches(['(', '+', ' ']);
    if DATE_RE.is_match(bare) {
        return None;
    }
    if is_phone(&digits, run.starts_with('+')) {
        Some(PHONE)
    } else {
        Some(NUMBER)
    }
}

/// An Indian number once its prefixes are gone (`0091`, `91`, trunk `0`,
/// `+91 0`) has ten digits; a number written with `+` is a phone number
/// of some country when it has 8 to 15 digits.
fn is_phone(digits: &str, plus: bool) -> bool {
    let mut national = digits;
    if let Some(rest) = national.strip_prefix("0091") {
        national = rest;
    } else if national.len() >= 12
        && let Some(rest) = national.strip_prefix("91")
    {
        national = rest;
    }
    if national.len() == 11
        && let Some(rest) = national.strip_prefix('0')
    {
        national = rest;
    }
    national.len() == 10 || (plus && (8..=15).contains(&digits.len()))
}

fn ascii_digit(c: char) -> Option<char> {
    match c {
        '0'..='9' => Some(c),
        // Devanagari digits ० (U+0966) to ९ (U+096F).
        '\u{966}'..='\u{96F}' => char::from_digit(u32::from(c) - 0x966, 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrubs_english_hindi_and_hinglish() {
        let table = [
            // English
            ("call me on +91 98123 45678", "call me on [phone]"),
            ("my number is 9812345678.", "my number is [phone]."),
            ("ring 098123-45678 after 5", "ring [phone] after 5"),
            ("from abroad 0091 98123 45678", "from abroad [phone]"),
            ("office (0) 98123 45678 pls", "office [phone] pls"),
            ("landline 011 2345 6789", "landline [phone]"),
            ("uk office +44 20 7946 0958", "uk office [phone]"),
            ("mail asha.k+orders@example.co.in now", "mail [email] now"),
            ("pay to asha@okaxis", "pay to [upi]"),
            ("otp is 482913", "otp is [number]"),
            (
                "account 1234 5678 9012 3456 blocked",
                "account [number] blocked",
            ),
            (
                "order 2 pizzas at 7 pm, order #1234",
                "order 2 pizzas at 7 pm, order #1234",
            ),
            ("deliver on 26-11-2026", "deliver on 26-11-2026"),
            // Hindi (Devanagari digits too)
            ("मेरा नंबर ९८१२३४५६७८ है", "मेरा नंबर [phone] है"),
            ("मेरा नंबर +९१ ९८१२३ ४५६७८ है", "मेरा नंबर [phone] है"),
            ("ईमेल asha@example.com पर भेजो", "ईमेल [email] पर भेजो"),
            ("मुझे 2 पिज़्ज़ा चाहिए", "मुझे 2 पिज़्ज़ा चाहिए"),
            ("ओटीपी ४८२९१३ आया", "ओटीपी [number] आया"),
            // Hinglish
            ("mera number 98123 45678 hai", "mera number [phone] hai"),
            ("919812345678 pe whatsapp karo", "[phone] pe whatsapp karo"),
            ("+91-98123-45678 pe call karo", "[phone] pe call karo"),
            ("+91 0 98123 45678 pe call karo", "[phone] pe call karo"),
            ("paise 9812345678@ybl pe bhejo", "paise [upi] pe bhejo"),
            ("rahul.k@oksbi pe 500 bhejo", "[upi] pe 500 bhejo"),
            ("kal 5 baje aana", "kal 5 baje aana"),
        ];
        for (input, expected) in table {
            assert_eq!(scrub(input), expected, "{input}");
            assert_eq!(scrub(expected), expected, "idempotent: {expected}");
        }
    }

    #[test]
    fn json_strings_are_scrubbed() {
        let entities = serde_json::json!({"phone": "98123 45678", "items": ["pizza", "a@b.com"], "n": 9812345678u64});
        assert_eq!(
            scrub_json(entities),
            serde_json::json!({"phone": "[phone]", "items": ["pizza", "[email]"], "n": 9812345678u64})
        );
    }

    #[test]
    fn clean_text_is_borrowed() {
        assert!(matches!(scrub("mujhe pizza chahiye"), Cow::Borrowed(_)));
        assert!(!contains_pii("मुझे पिज़्ज़ा चाहिए"));
        assert!(contains_pii("9812345678"));
    }
}
