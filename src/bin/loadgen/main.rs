//! Load generator: drives the service over gRPC (or the database directly,
//! for the baseline) at a fixed concurrency and reports throughput, latency
//! percentiles and errors by status code. See BENCHMARKS.md.
mod baseline;
mod board;
mod game;
mod reads;
mod scenarios;
mod stats;
mod turns;

use std::time::{Duration, Instant};

use clap::{Parser, ValueEnum};
use stats::{Report, Tally};

#[derive(Debug, Clone, Parser)]
#[command(
    name = "loadgen",
    about = "Load generator for the gamification service"
)]
pub struct Args {
    /// What to run.
    #[arg(long, value_enum)]
    pub scenario: Scenario,
    /// Server address (gRPC scenarios).
    #[arg(long, default_value = "http://127.0.0.1:50051")]
    pub target: String,
    /// Bearer token (gRPC scenarios).
    #[arg(long, env = "LOADGEN_TOKEN")]
    pub token: Option<String>,
    /// Database URL (baseline scenarios).
    #[arg(long, env = "DATABASE_URL")]
    pub database_url: Option<String>,
    /// Concurrent callers.
    #[arg(long, default_value_t = 32)]
    pub concurrency: usize,
    /// Seconds to measure (ignored when --requests is given).
    #[arg(long, default_value_t = 10)]
    pub duration_secs: u64,
    /// Stop after this many calls in all (instead of a duration).
    #[arg(long)]
    pub requests: Option<u64>,
    /// Seconds of unmeasured warm-up before measuring.
    #[arg(long, default_value_t = 2)]
    pub warmup_secs: u64,
    /// Rows per call for batched scenarios.
    #[arg(long, default_value_t = 100)]
    pub batch_size: usize,
    /// Seed for generated data.
    #[arg(long, default_value_t = 7)]
    pub seed: u64,
    /// Players the leaderboard scenarios ask about (ids 1..=users).
    #[arg(long, default_value_t = 20_000)]
    pub users: i32,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Scenario {
    /// GetSetting reads (served from the settings cache).
    Settings,
    /// Unary LogTurn, one turn per call.
    LogTurn,
    /// Client-streaming LogTurns, --batch-size turns per stream.
    LogTurns,
    /// Players that StartGame and answer every question; one call = one
    /// SubmitAnswer (StartGame and UpsertUser are not timed).
    Game,
    /// Raw INSERT of one conversation_logs row per statement.
    BaselineSingle,
    /// Raw multi-row INSERT of --batch-size conversation_logs rows per statement.
    BaselineMulti,
    /// COPY FROM STDIN of --batch-size conversation_logs rows per statement
    /// (PostgreSQL's bulk load).
    BaselineCopy,
    /// grpc.health.v1.Health/Check: the floor of a tonic call on this server.
    Health,
    /// GetLeaderboard's top 10, cycling periods, game types and languages.
    LeaderboardTop,
    /// GetLeaderboard for a random player (1..=--users) with 5 players
    /// above and below.
    LeaderboardAround,
    /// ListTurns' first page of 50 (bench/scale's reads from here on).
    ListTurnsFirst,
    /// ListTurns' page of 50 after 99 % of the turns.
    ListTurnsDeep,
    /// ListTrainingCandidates' first page of 50.
    TrainingCandidates,
    /// GetConversationStats over every turn.
    ConversationStats,
    /// GetConversationStats over the last 30 days of turns.
    ConversationStats30d,
    /// GetReviewQueue's first page of 50.
    ReviewQueue,
    /// GetLeaderboard, this week's top 10 and the caller's rank.
    Leaderboard,
    /// CreateTrainingBatch of 10 000 samples (each call uses them up).
    CreateBatch,
}

impl Scenario {
    /// The scale curve's reads, which need a seeded database.
    pub fn is_read(self) -> bool {
        matches!(
            self,
            Scenario::ListTurnsFirst
                | Scenario::ListTurnsDeep
                | Scenario::TrainingCandidates
                | Scenario::ConversationStats
                | Scenario::ConversationStats30d
                | Scenario::ReviewQueue
                | Scenario::Leaderboard
                | Scenario::CreateBatch
        )
    }
}

/// When a worker stops.
#[derive(Debug, Clone, Copy)]
pub enum Budget {
    Until(Instant),
    Calls(u64),
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    if args.concurrency == 0 || args.batch_size == 0 {
        return Err("--concurrency and --batch-size must be at least 1".into());
    }
    let runner = scenarios::Runner::connect(&args).await?;
    if args.warmup_secs > 0 && args.requests.is_none() {
        let until = Instant::now() + Duration::from_secs(args.warmup_secs);
        runner.run(&args, Budget::Until(until)).await;
    }
    let started = Instant::now();
    let budget = match args.requests {
        Some(total) => Budget::Calls(total),
        None => Budget::Until(started + Duration::from_secs(args.duration_secs)),
    };
    let tally: Tally = runner.run(&args, budget).await;
    let name = args
        .scenario
        .to_possible_value()
        .map(|v| v.get_name().to_string())
        .unwrap_or_default();
    let report = Report::new(&name, args.concurrency, started.elapsed(), tally);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        println!("{}", report.table());
    }
    Ok(())
}
