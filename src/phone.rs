//! Phone numbers to one E.164 form. Parsing follows Google's libphonenumber
//! (the `phonenumber` crate): a number written without a country code is
//! read in the default region (the `phone_default_region` setting, India),
//! and trunk prefixes (`0…`, `+91 0…`, `(0)`), international prefixes
//! (`00…`, `0091…`, a mistyped `091…`) and separators are understood, so
//! every way of writing one number gives the same string.
use std::{fmt, str::FromStr};

use phonenumber::{Metadata, Mode, PhoneNumber, country, metadata::DATABASE};

use crate::{error::Violation, fields::label};

/// A region whose numbering plan the library knows (ISO 3166 alpha-2,
/// upper case): numbers written without a country code are read in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Region(country::Id);

impl Region {
    pub const INDIA: Region = Region(country::Id::IN);

    fn metadata(self) -> Option<&'static Metadata> {
        DATABASE.by_id(self.0.as_ref())
    }
}

impl FromStr for Region {
    type Err = String;

    fn from_str(text: &str) -> Result<Region, String> {
        let upper = text.trim().to_ascii_uppercase();
        country::Id::from_str(&upper)
            .ok()
            .map(Region)
            .filter(|region| region.metadata().is_some())
            .ok_or_else(|| "must be a region code with a known numbering plan, e.g. IN".into())
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.as_ref())
    }
}

/// A valid phone number: its E.164 form, and the other ways a row written
/// by older code or another application may hold the same number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phone {
    e164: String,
    spellings: Vec<String>,
}

impl Phone {
    pub fn parse(input: &str, region: Region) -> Result<Phone, String> {
        let number = parse(input, region)?;
        let e164 = number.format().mode(Mode::E164).to_string();
        let spellings = spellings(&number, &e164, region);
        Ok(Phone { e164, spellings })
    }

    /// `+919812345678`: the one form this service stores.
    pub fn e164(&self) -> &str {
        &self.e164
    }

    /// The E.164 form first, then digit-only forms with and without the
    /// country code and its prefixes, the library's international and
    /// national layouts, and `+910…`, which versions before the library
    /// wrote for `+91 0…`. National forms only for numbers of the default
    /// region: elsewhere they would be read as another number.
    pub fn spellings(&self) -> &[String] {
        &self.spellings
    }

    pub fn masked(&self) -> String {
        masked(&self.e164)
    }
}

/// The number in E.164 (`+919812345678`), or why it is not a phone number.
pub fn normalize_e164(input: &str, region: Region) -> Result<String, String> {
    Phone::parse(input, region).map(|phone| phone.e164)
}

/// An optional phone number field in E.164 (the column holds 50
/// characters); empty means none. One spelling per number, the one
/// `users.phone` has, so that a user's rows are found by their phone.
pub fn field(field: &str, value: &str, region: Region) -> Result<Option<String>, Violation> {
    let Some(text) = label::bounded(field, value, 50)? else {
        return Ok(None);
    };
    normalize_e164(&text, region)
        .map(Some)
        .map_err(|reason| Violation::new(field, reason))
}

const INVALID: &str =
    "is not a valid phone number; write it with its country code, e.g. +91 98123 45678";

fn parse(input: &str, region: Region) -> Result<PhoneNumber, String> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err("is empty".into());
    }
    // The library also reads letters (vanity numbers) and extensions; a
    // user's phone has neither.
    if let Some(bad) = trimmed
        .chars()
        .find(|c| !(c.is_ascii_digit() || matches!(c, '+' | ' ' | '-' | '(' | ')' | '.')))
    {
        return Err(format!(
            "has a character a phone number cannot have: {bad:?}"
        ));
    }
    if trimmed.rfind('+').is_some_and(|at| at > 0) {
        return Err("has a + that is not at the start".into());
    }
    // Separators carry no meaning here (the library reads `(0)` as the
    // trunk prefix it is either way), and the library's parser overflows
    // on some of them (`+9198123-45678`): it gets the digits only.
    let digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();
    let read = if trimmed.starts_with('+') {
        valid(&format!("+{digits}"), region)
    } else {
        read_without_plus(&digits, region)
    };
    read.ok_or_else(|| INVALID.into())
}

fn valid(text: &str, region: Region) -> Option<PhoneNumber> {
    phonenumber::parse(Some(region.0), text)
        .ok()
        .filter(PhoneNumber::is_valid)
}

/// A number written without +: first as a national number of the region
/// (the library alone would read the mobile `91176 15292` as +91 and a
/// too-short `17615292`), then as the library reads it (`0091…`, `91…`),
/// then as a mistyped international prefix (`091…`).
fn read_without_plus(digits: &str, region: Region) -> Option<PhoneNumber> {
    let code = region.metadata()?.country_code();
    valid(&format!("+{code}{digits}"), region)
        .or_else(|| valid(digits, region))
        .or_else(|| trunk_then_country_code(digits, region).and_then(|text| valid(&text, region)))
}

/// `091 98123 45678`: the trunk prefix followed by the region's own country
/// code (an international prefix missing a 0). The library reads it as a
/// national number, too long to be valid; read it as `+91 98123 45678`.
fn trunk_then_country_code(digits: &str, region: Region) -> Option<String> {
    let meta = region.metadata()?;
    let trunk = meta.national_prefix()?;
    let rest = digits.strip_prefix(trunk)?;
    let national = rest.strip_prefix(&meta.country_code().to_string())?;
    Some(format!("+{}{national}", meta.country_code()))
}

fn spellings(number: &PhoneNumber, e164: &str, region: Region) -> Vec<String> {
    let code = number.code().value();
    let national = e164.trim_start_matches('+')[code.to_string().len()..].to_string();
    let mut forms = vec![
        e164.to_string(),
        format!("{code}{national}"),
        format!("00{code}{national}"),
        number.format().mode(Mode::International).to_string(),
    ];
    if let Some(meta) = region.metadata().filter(|m| m.country_code() == code) {
        let layout = number.format().mode(Mode::National).to_string();
        forms.push(layout.chars().filter(char::is_ascii_digit).collect());
        forms.push(layout);
        if let Some(trunk) = meta.national_prefix() {
            forms.push(format!("+{code}{trunk}{national}"));
            forms.push(format!("{trunk}{code}{national}"));
        }
        forms.push(national);
    }
    let mut seen = std::collections::HashSet::new();
    forms.retain(|form| seen.insert(form.clone()));
    forms
}

/// The number with all but its last four digits hidden, for log lines.
pub fn masked(phone: &str) -> String {
    let keep = phone.len().saturating_sub(4);
    format!("{}{}", "*".repeat(keep), &phone[keep..])
}

#[cfg(test)]
mod tests;
