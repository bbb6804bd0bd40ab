//! Conversions between domain values and protobuf types shared by services.
use chrono::NaiveDateTime;

/// A UTC timestamp as stored (TIMESTAMP without time zone) to protobuf.
pub fn timestamp(at: NaiveDateTime) -> prost_types::Timestamp {
    let utc = at.and_utc();
    prost_types::Timestamp {
        seconds: utc.timestamp(),
        nanos: utc.timestamp_subsec_nanos() as i32,
    }
}

pub fn opt_timestamp(at: Option<NaiveDateTime>) -> Option<prost_types::Timestamp> {
    at.map(timestamp)
}

/// A count or position for an int32 field: the lists a call returns are
/// bounded far below i32::MAX, so saturating never happens in practice.
pub fn count(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}
