//! Phone numbers to E.164. Users are in India, so a national number without
//! a country code is taken as Indian (+91); any number written with + or 00
//! keeps its own country code.
const INDIA: &str = "91";

pub fn normalize_e164(input: &str) -> Result<String, String> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err("is empty".into());
    }
    if let Some(bad) = trimmed
        .chars()
        .find(|c| !(c.is_ascii_digit() || matches!(c, '+' | ' ' | '-' | '(' | ')' | '.')))
    {
        return Err(format!(
            "has a character a phone number cannot have: {bad:?}"
        ));
    }
    let international = trimmed.starts_with('+') || trimmed.starts_with("00");
    if trimmed.rfind('+').is_some_and(|at| at > 0) {
        return Err("has a + that is not at the start".into());
    }
    let digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();
    let full = if international {
        digits
            .strip_prefix("00")
            .map_or(digits.clone(), str::to_string)
    } else {
        national_to_international(&digits)?
    };
    if !(8..=15).contains(&full.len()) || full.starts_with('0') {
        return Err(
            "is not a valid international number (8 to 15 digits after the country code's +)"
                .into(),
        );
    }
    Ok(format!("+{full}"))
}

fn national_to_international(digits: &str) -> Result<String, String> {
    let indian_mobile = |n: &str| n.len() == 10 && n.starts_with(['6', '7', '8', '9']);
    match digits.len() {
        10 if indian_mobile(digits) => Ok(format!("{INDIA}{digits}")),
        11 if digits.starts_with('0') && indian_mobile(&digits[1..]) => {
            Ok(format!("{INDIA}{}", &digits[1..]))
        }
        12 if digits.starts_with(INDIA) && indian_mobile(&digits[2..]) => Ok(digits.to_string()),
        _ => Err("write it with its country code, e.g. +91 98123 45678".into()),
    }
}

/// The number with all but its last four digits hidden, for log lines.
pub fn masked(phone: &str) -> String {
    let keep = phone.len().saturating_sub(4);
    format!("{}{}", "*".repeat(keep), &phone[keep..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_forms_normalise_to_e164() {
        let cases = [
            ("9812345678", Ok("+919812345678")),
            ("09812345678", Ok("+919812345678")),
            ("919812345678", Ok("+919812345678")),
            ("+91 98123-45678", Ok("+919812345678")),
            ("0091 98123 45678", Ok("+919812345678")),
            ("+1 (415) 555-0100", Ok("+14155550100")),
            ("12345", Err(())),
            ("5812345678", Err(())),
            ("98123x45678", Err(())),
            ("91+9812345678", Err(())),
            ("", Err(())),
        ];
        for (input, expected) in cases {
            let got = normalize_e164(input);
            match expected {
                Ok(e164) => assert_eq!(got.as_deref(), Ok(e164), "input {input:?}"),
                Err(()) => assert!(got.is_err(), "{input:?} should be refused, got {got:?}"),
            }
        }
    }

    #[test]
    fn masking_keeps_only_the_last_four_digits() {
        assert_eq!(masked("+919812345678"), "*********5678");
    }
}
