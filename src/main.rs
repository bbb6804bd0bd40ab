use clap::Parser;
use gamification::cli::{Cli, run};

#[tokio::main]
async fn main() -> Result<(), gamification::startup::StartupError> {
    run(Cli::parse()).await
}
