//! The scenarios: each worker loops over one operation until its budget is
//! spent, timing every call and keeping its outcome.
use std::{
    sync::{
        Arc,
        atomic::{AtomicU64, Ordering},
    },
    time::Instant,
};

use gamification::proto::{
    GetSettingRequest, LogTurnRequest, LogTurnsRequest,
    conversation_log_service_client::ConversationLogServiceClient,
    settings_service_client::SettingsServiceClient,
};
use sea_orm::DatabaseConnection;
use tonic::{Request, transport::Channel};
use tonic_health::pb::{HealthCheckRequest, health_client::HealthClient};

use crate::{
    Args, Budget, Scenario, baseline, board, game, reads::Reads, stats::Tally, turns::TurnGenerator,
};

const SETTING_KEYS: &[&str] = &[
    "daily_game_limit",
    "games_enabled",
    "questions_per_game",
    "daily_reward_cap",
];

pub struct Runner {
    channel: Option<Channel>,
    db: Option<DatabaseConnection>,
    reads: Reads,
}

impl Runner {
    pub async fn connect(args: &Args) -> Result<Runner, Box<dyn std::error::Error>> {
        match args.scenario {
            Scenario::BaselineSingle | Scenario::BaselineMulti | Scenario::BaselineCopy => {
                let url = args
                    .database_url
                    .as_deref()
                    .ok_or("baseline scenarios need --database-url")?;
                // The server's own connection settings (pool size, SQLite WAL
                // and synchronous mode), so the baseline differs only by gRPC.
                let config = gamification::config::Config::for_database(url);
                let db = gamification::db::connect(&config).await?;
                Ok(Runner {
                    channel: None,
                    db: Some(db),
                    reads: Reads::default(),
                })
            }
            _ => {
                let channel = Channel::from_shared(args.target.clone())?.connect().await?;
                if args.scenario == Scenario::Game {
                    game::accept_instant_answers(channel.clone(), args.token.as_deref()).await?;
                }
                let reads = if args.scenario.is_read() {
                    Reads::discover(channel.clone(), args.token.as_deref()).await?
                } else {
                    Reads::default()
                };
                Ok(Runner {
                    channel: Some(channel),
                    db: None,
                    reads,
                })
            }
        }
    }

    /// Runs `args.concurrency` workers until the budget is spent.
    pub async fn run(&self, args: &Args, budget: Budget) -> Tally {
        let calls_left = Arc::new(AtomicU64::new(match budget {
            Budget::Calls(n) => n,
            Budget::Until(_) => u64::MAX,
        }));
        let workers = (0..args.concurrency).map(|worker| {
            let mut worker_state = Worker {
                args: args.clone(),
                channel: self.channel.clone(),
                db: self.db.clone(),
                reads: self.reads.clone(),
                turns: TurnGenerator::new(args.seed, worker),
                calls: 0,
                player: game::Player::new(args.seed),
                rng: fastrand::Rng::with_seed(args.seed.wrapping_add(worker as u64)),
            };
            let calls_left = calls_left.clone();
            tokio::spawn(async move {
                let mut tally = Tally::default();
                loop {
                    if let Budget::Until(deadline) = budget
                        && Instant::now() >= deadline
                    {
                        break;
                    }
                    if calls_left
                        .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1))
                        .is_err()
                    {
                        break;
                    }
                    if let Err(error) = worker_state.prepare().await {
                        tally.record(std::time::Duration::ZERO, Err(error));
                        continue;
                    }
                    let started = Instant::now();
                    let outcome = worker_state.call_once().await;
                    tally.record(started.elapsed(), outcome);
                }
                tally
            })
        });
        let mut total = Tally::default();
        for worker in workers.collect::<Vec<_>>() {
            if let Ok(tally) = worker.await {
                total.merge(tally);
            }
        }
        total
    }
}

struct Worker {
    args: Args,
    channel: Option<Channel>,
    db: Option<DatabaseConnection>,
    reads: Reads,
    turns: TurnGenerator,
    calls: u64,
    player: game::Player,
    rng: fastrand::Rng,
}

impl Worker {
    /// Untimed set-up before a call (the game scenario starts its games here).
    async fn prepare(&mut self) -> Result<(), String> {
        if self.args.scenario != Scenario::Game {
            return Ok(());
        }
        let channel = self.channel.clone().ok_or("no channel")?;
        let token = self.args.token.clone();
        self.player.ensure_question(channel, token.as_deref()).await
    }

    /// One operation; Ok(rows) or Err(status code name).
    async fn call_once(&mut self) -> Result<u64, String> {
        self.calls += 1;
        match self.args.scenario {
            Scenario::Settings => {
                let channel = self.channel.clone().ok_or("no channel")?;
                let turn = usize::try_from(self.calls).unwrap_or(0);
                let key = SETTING_KEYS[turn % SETTING_KEYS.len()];
                let request = self.authorized(GetSettingRequest { key: key.into() });
                SettingsServiceClient::new(channel)
                    .get_setting(request)
                    .await
                    .map(|_| 1)
                    .map_err(|s| format!("{:?}", s.code()))
            }
            Scenario::LogTurn => {
                let channel = self.channel.clone().ok_or("no channel")?;
                let turn = Some(self.turns.next_turn().to_input());
                // No request_id: the benchmark measures the plain write path.
                let request = self.authorized(LogTurnRequest {
                    turn,
                    request_id: String::new(),
                });
                ConversationLogServiceClient::new(channel)
                    .log_turn(request)
                    .await
                    .map(|_| 1)
                    .map_err(|s| format!("{:?}", s.code()))
            }
            Scenario::LogTurns => {
                let channel = self.channel.clone().ok_or("no channel")?;
                let batch: Vec<LogTurnsRequest> = (0..self.args.batch_size)
                    .map(|_| LogTurnsRequest {
                        turn: Some(self.turns.next_turn().to_input()),
                        request_id: String::new(),
                    })
                    .collect();
                let request = self.authorized(tokio_stream::iter(batch));
                let response = ConversationLogServiceClient::new(channel)
                    .log_turns(request)
                    .await
                    .map_err(|s| format!("{:?}", s.code()))?
                    .into_inner();
                if !response.rejected.is_empty() {
                    return Err(format!("rejected-items={}", response.rejected.len()));
                }
                Ok(response.accepted_count as u64)
            }
            Scenario::Game => {
                let channel = self.channel.clone().ok_or("no channel")?;
                let token = self.args.token.clone();
                self.player.answer(channel, token.as_deref()).await
            }
            Scenario::BaselineSingle => {
                let db = self.db.as_ref().ok_or("no database")?;
                baseline::insert_rows(db, vec![self.turns.next_turn()]).await
            }
            Scenario::BaselineMulti => {
                let db = self.db.as_ref().ok_or("no database")?;
                let turns = (0..self.args.batch_size)
                    .map(|_| self.turns.next_turn())
                    .collect();
                baseline::insert_rows(db, turns).await
            }
            Scenario::BaselineCopy => {
                let db = self.db.as_ref().ok_or("no database")?;
                let turns = (0..self.args.batch_size)
                    .map(|_| self.turns.next_turn())
                    .collect();
                baseline::copy_rows(db, turns).await
            }
            Scenario::LeaderboardTop => {
                let channel = self.channel.clone().ok_or("no channel")?;
                board::top(channel, self.args.token.as_deref(), self.calls).await
            }
            Scenario::LeaderboardAround => {
                let channel = self.channel.clone().ok_or("no channel")?;
                let token = self.args.token.clone();
                board::around(channel, token.as_deref(), &mut self.rng, self.args.users).await
            }
            Scenario::Health => {
                let channel = self.channel.clone().ok_or("no channel")?;
                HealthClient::new(channel)
                    .check(HealthCheckRequest {
                        service: String::new(),
                    })
                    .await
                    .map(|_| 1)
                    .map_err(|s| format!("{:?}", s.code()))
            }
            read => {
                let channel = self.channel.clone().ok_or("no channel")?;
                let token = self.args.token.clone();
                self.reads
                    .call(read, channel, token.as_deref(), self.calls)
                    .await
            }
        }
    }

    fn authorized<T>(&self, message: T) -> Request<T> {
        authorized(message, self.args.token.as_deref())
    }
}

/// A request carrying the bearer token, if any.
pub fn authorized<T>(message: T, token: Option<&str>) -> Request<T> {
    let mut request = Request::new(message);
    if let Some(token) = token
        && let Ok(value) = format!("Bearer {token}").parse()
    {
        request.metadata_mut().insert("authorization", value);
    }
    request
}
