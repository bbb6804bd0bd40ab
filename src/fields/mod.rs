//! The one way to check request fields. Each parser takes the field's name
//! and its wire value and returns the domain value or the
//! [`Violation`](crate::error::Violation) to report; a request's `parse`
//! collects them with [`Violations::check`](crate::error::Violations::check),
//! so every fault of a request is reported at once. Rooms keep parsers of
//! their own only for what no other room reads.
pub mod game;
pub mod ids;
pub mod label;
