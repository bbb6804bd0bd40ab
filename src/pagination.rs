//! AIP-158 pagination: `page_size`, an opaque `page_token`, `next_page_token`.
//! A token carries the keyset cursor of the last row served (not an offset),
//! so rows inserted meanwhile are neither skipped nor repeated.
use crate::error::Violation;

const DEFAULT_PAGE_SIZE: u64 = 50;
const MAX_PAGE_SIZE: u64 = 500;

/// The page size to use: the default for 0, the maximum for anything larger.
pub fn page_size(requested: i32) -> Result<u64, Violation> {
    match requested {
        0 => Ok(DEFAULT_PAGE_SIZE),
        n if n < 0 => Err(Violation::new("page_size", "must not be negative")),
        n => Ok((n as u64).min(MAX_PAGE_SIZE)),
    }
}

/// Encodes a cursor as an opaque token.
pub fn encode_token(cursor: &str) -> String {
    cursor.bytes().map(|b| format!("{b:02x}")).collect()
}

/// Decodes a token made by [`encode_token`]; None for an empty token.
pub fn decode_token(token: &str) -> Result<Option<String>, Violation> {
    if token.is_empty() {
        return Ok(None);
    }
    let invalid = || Violation::new("page_token", "is not a token this service issued");
    // Hex digits only: slicing a multi-byte character would panic.
    let hex = token.bytes().all(|b| b.is_ascii_hexdigit());
    if !hex || !token.len().is_multiple_of(2) || token.len() > 1024 {
        return Err(invalid());
    }
    let bytes = (0..token.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&token[i..i + 2], 16))
        .collect::<Result<Vec<u8>, _>>()
        .map_err(|_| invalid())?;
    String::from_utf8(bytes).map(Some).map_err(|_| invalid())
}

/// Decodes a token whose cursor is a row id.
pub fn decode_id_token(token: &str) -> Result<Option<i64>, Violation> {
    match decode_token(token)? {
        None => Ok(None),
        Some(cursor) => cursor
            .parse()
            .map(Some)
            .map_err(|_| Violation::new("page_token", "is not a token this service issued")),
    }
}

/// Splits one extra fetched row off a page: returns the page and whether more follow.
pub fn split_page<T>(mut rows: Vec<T>, size: u64) -> (Vec<T>, bool) {
    let more = rows.len() as u64 > size;
    rows.truncate(usize::try_from(size).unwrap_or(usize::MAX));
    (rows, more)
}

/// The token of the page after `rows` (None on the last page): the cursor
/// of the last row served.
pub fn next_token<T, C: ToString>(
    rows: &[T],
    more: bool,
    cursor: impl Fn(&T) -> C,
) -> Option<String> {
    if !more {
        return None;
    }
    rows.last()
        .map(|row| encode_token(&cursor(row).to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip_and_reject_garbage() {
        let token = encode_token("42");
        assert_eq!(decode_id_token(&token).expect("valid"), Some(42));
        assert_eq!(decode_token("").expect("empty"), None);
        assert!(decode_token("zz").is_err(), "non-hex token");
        assert!(
            decode_id_token(&encode_token("abc")).is_err(),
            "non-numeric cursor"
        );
    }

    #[test]
    fn page_size_defaults_and_caps() {
        assert_eq!(page_size(0).expect("default"), DEFAULT_PAGE_SIZE);
        assert_eq!(page_size(10_000).expect("capped"), MAX_PAGE_SIZE);
        assert!(page_size(-1).is_err());
    }

    proptest::proptest! {
        #[test]
        fn any_cursor_round_trips_and_any_token_is_judged_without_panicking(
            cursor in "\\PC{1,100}", garbage in "\\PC{0,200}", id in 1i64..i64::MAX
        ) {
            proptest::prop_assert_eq!(decode_token(&encode_token(&cursor)), Ok(Some(cursor.clone())));
            proptest::prop_assert_eq!(decode_id_token(&encode_token(&id.to_string())), Ok(Some(id)));
            let _ = decode_token(&garbage);
            let _ = decode_id_token(&garbage);
        }

        #[test]
        fn a_page_never_exceeds_its_size_and_tells_whether_more_follow(rows in 0usize..50, size in 1u64..20) {
            let (page, more) = split_page((0..rows).collect::<Vec<_>>(), size);
            proptest::prop_assert!(page.len() as u64 <= size);
            proptest::prop_assert_eq!(more, rows as u64 > size);
            proptest::prop_assert_eq!(next_token(&page, more, |r| *r).is_some(), more);
        }
    }
}
