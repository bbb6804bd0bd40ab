//! A gRPC gamification service for a multilingual chat assistant: games whose
//! answers become labeled training data, rewards paid to the PHP wallet,
//! database-driven settings, and the NLU's conversation logs.
pub mod auth;
pub mod cli;
pub mod clock;
pub mod config;
pub mod console;
pub mod conversations;
pub mod convert;
pub mod crowd;
pub mod dashboard;
pub mod db;
pub mod domain;
pub mod engagement;
pub mod entity;
pub mod error;
pub mod fields;
pub mod flows;
pub mod games;
pub mod health;
pub mod idempotency;
pub mod leagues;
pub mod metrics;
pub mod pagination;
pub mod phone;
pub mod questions;
pub mod rewards;
pub mod routes;
pub mod rpc_log;
pub mod settings;
pub mod shutdown;
pub mod startup;
pub mod state;
pub mod sweep;
pub mod telemetry;
pub mod text;
pub mod tls;
pub mod training;
pub mod users;

/// Code generated from `proto/gamification/v1`.
pub mod proto {
    #![allow(clippy::all, missing_docs)]
    tonic::include_proto!("gamification.v1");

    /// The encoded descriptors served by reflection.
    pub const FILE_DESCRIPTOR_SET: &[u8] =
        tonic::include_file_descriptor_set!("gamification_descriptor");
}
