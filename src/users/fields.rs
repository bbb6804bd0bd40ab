//! Field parsers of UpsertUser (only the users room reads these fields).
//! Text is trimmed; empty means "keep the stored value".
use serde_json::Value as Json;

use crate::error::Violation;
use crate::phone::{Phone, Region};

fn non_empty(text: &str) -> Option<&str> {
    let trimmed = text.trim();
    (!trimmed.is_empty()).then_some(trimmed)
}

/// A user is matched by PHP id or by phone: one of them is needed.
pub fn match_key(php_user_id: Option<i32>, phone: &str) -> Result<(), Violation> {
    if php_user_id.is_none() && phone.trim().is_empty() {
        return Err(Violation::new(
            "php_user_id",
            "php_user_id or phone is required to match a user",
        ));
    }
    Ok(())
}

/// A phone number in any spelling, read in `region` without a country code.
pub fn phone(field: &str, value: &str, region: Region) -> Result<Option<Phone>, Violation> {
    non_empty(value)
        .map(|p| Phone::parse(p, region).map_err(|reason| Violation::new(field, reason)))
        .transpose()
}

/// `local@domain.tld`, at most 255 bytes.
pub fn email(field: &str, value: &str) -> Result<Option<String>, Violation> {
    let Some(email) = non_empty(value) else {
        return Ok(None);
    };
    let well_formed = email.len() <= 255
        && email
            .split_once('@')
            .is_some_and(|(local, domain)| !local.is_empty() && domain.contains('.'));
    if !well_formed {
        return Err(Violation::new(field, "is not an email address"));
    }
    Ok(Some(email.to_string()))
}

/// A name of at most `max` characters.
pub fn name(field: &str, value: &str, max: usize) -> Result<Option<String>, Violation> {
    let Some(text) = non_empty(value) else {
        return Ok(None);
    };
    if text.chars().count() > max {
        return Err(Violation::new(
            field,
            format!("must be at most {max} characters"),
        ));
    }
    Ok(Some(text.to_string()))
}

/// A language tag (`en`, `hi`, `mr-IN`), lower-cased.
pub fn language_tag(field: &str, value: &str) -> Result<Option<String>, Violation> {
    let Some(lang) = non_empty(value).map(str::to_ascii_lowercase) else {
        return Ok(None);
    };
    let valid = lang.len() <= 10
        && lang
            .split('-')
            .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric()))
        && lang
            .split('-')
            .next()
            .is_some_and(|primary| (2..=3).contains(&primary.len()));
    if !valid {
        return Err(Violation::new(
            field,
            "must be a language tag such as en, hi or mr-IN",
        ));
    }
    Ok(Some(lang))
}

/// A JSON document; `object_only`: it must be an object.
pub fn json(field: &str, value: &str, object_only: bool) -> Result<Option<Json>, Violation> {
    let Some(text) = non_empty(value) else {
        return Ok(None);
    };
    match serde_json::from_str::<Json>(text) {
        Ok(json) if object_only && !json.is_object() => {
            Err(Violation::new(field, "must be a JSON object"))
        }
        Ok(json) => Ok(Some(json)),
        Err(e) => Err(Violation::new(field, format!("is not valid JSON: {e}"))),
    }
}
