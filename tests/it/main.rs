//! The one integration-test binary: every test starts the real server on a
//! port of its own, with a database of its own, and talks to it over gRPC.
// A test fails loudly by design: expect() names what was expected, and
// counts and ids in tests are small.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::cast_possible_truncation
)]
mod console;
mod conversations;
mod crowd;
mod db;
mod engagement;
mod flows;
mod games;
mod grpc_web;
mod helpers;
mod hygiene;
mod idempotency;
mod leagues;
mod loadgen;
mod migrations;
mod ops;
mod privacy;
mod questions;
mod rewards;
mod server;
mod settings;
mod training;
mod users;
