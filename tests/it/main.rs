//! The one integration-test binary: every test starts the real server on a
//! port of its own, with a database of its own, and talks to it over gRPC.
mod conversations;
mod crowd;
mod db;
mod flows;
mod games;
mod helpers;
mod hygiene;
mod idempotency;
mod loadgen;
mod migrations;
mod ops;
mod questions;
mod rewards;
mod server;
mod settings;
mod training;
mod users;
