//! The one integration-test binary: every test starts the real server on a
//! port of its own, with a database of its own, and talks to it over gRPC.
mod db;
mod flows;
mod games;
mod helpers;
mod migrations;
mod questions;
mod server;
mod settings;
mod users;
