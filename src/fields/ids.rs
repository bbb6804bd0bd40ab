//! Ids sent by callers.
use crate::error::Violation;

/// A positive id (the database's SERIAL ids start at 1).
pub fn id(field: &str, value: i32) -> Result<i32, Violation> {
    if value <= 0 {
        return Err(Violation::new(field, "must be a positive id"));
    }
    Ok(value)
}

/// An optional id filter: 0 means none.
pub fn optional_id(field: &str, value: i32) -> Result<Option<i32>, Violation> {
    match value {
        0 => Ok(None),
        n if n < 0 => Err(Violation::new(field, "must be a positive id, or 0 for all")),
        n => Ok(Some(n)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_positive_and_filters_may_be_zero() {
        assert_eq!(id("user_id", 7), Ok(7));
        assert!(id("user_id", 0).is_err());
        assert!(id("user_id", -3).is_err());
        assert_eq!(optional_id("user_id", 0), Ok(None));
        assert_eq!(optional_id("user_id", 4), Ok(Some(4)));
        assert!(optional_id("user_id", -1).is_err());
    }
}
