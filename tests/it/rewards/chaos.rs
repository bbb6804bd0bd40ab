//! PostgreSQL only: the chaos run. Two server processes share one database;
//! 50 players play whole games against them; the wallet answers 503, hangs,
//! credits and then answers 500 or hangs, and stops listening now and then,
//! at random (seeded: CHAOS_SEED); midway one instance is SIGKILLed and
//! started again, later every service connection to the database is
//! terminated. Afterwards every completed game must be credited exactly
//! once, and the wallet's ledger, the players' reward summaries and their
//! users.total_rewards_earned must agree to the paisa.
mod cluster;
mod players;
mod verdict;

use std::{
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
    time::{Duration, Instant},
};

use sea_orm::{ConnectionTrait, Database, Statement};
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

use super::wallet::TestWallet;
use crate::{
    db::TestDatabase,
    helpers::{ADMIN_TOKEN, postgres_url},
};
use cluster::Cluster;
use players::{GAME_TYPES, Table, failover};

const PLAYERS: usize = 50;
/// The test's own database connections carry this name, so that cutting
/// the service's connections leaves the test's alone.
const TEST_APP: &str = "chaos-test";

/// What was done to the service during the run.
#[derive(Debug, Default)]
pub struct Disruptions {
    pub killed: usize,
    pub backends_terminated: i64,
    pub wallet_down_periods: usize,
}

#[tokio::test]
#[cfg_attr(
    not(postgres_tests),
    ignore = "PostgreSQL only: two server processes share one database and the test terminates its backends"
)]
async fn postgres_only_players_through_crashes_cut_connections_and_a_flaky_wallet_are_credited_exactly_once()
 {
    let admin_url = postgres_url();
    let seed = std::env::var("CHAOS_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20_261_126_u64);
    let started = Instant::now();
    let database = TestDatabase::new().await;
    let wallet = Arc::new(TestWallet::start().await);
    wallet.chaos(seed);
    let table = set_up(&database, &wallet).await;

    let (users, disruptions) = play_through_chaos(&table, &wallet, &admin_url, seed).await;

    verdict::wait_until_settled(&table.db).await;
    let figures = verdict::check(&table, &wallet, &users).await;
    let repeated = table.cluster.repeated_calls.load(Ordering::SeqCst);
    verdict::print(
        &figures,
        &wallet,
        &disruptions,
        repeated,
        seed,
        started.elapsed(),
    );
}

/// One instance migrates the database and gets the settings, then the
/// second starts (and reads them).
async fn set_up(database: &TestDatabase, wallet: &TestWallet) -> Arc<Table> {
    let cluster = Arc::new(Cluster::start(&database.url, &wallet.url).await);
    configure(&cluster).await;
    cluster.add().await;
    let own = Database::connect(format!("{}?application_name={TEST_APP}", database.url))
        .await
        .expect("the test's connection");
    Arc::new(Table {
        cluster,
        db: own,
        completed: AtomicUsize::new(0),
    })
}

/// Every player plays their games while the wallet flaps, an instance is
/// killed and restarted and the database connections are cut; returns the
/// players' user ids and what was done.
async fn play_through_chaos(
    table: &Arc<Table>,
    wallet: &Arc<TestWallet>,
    admin_url: &str,
    seed: u64,
) -> (Vec<i32>, Disruptions) {
    let database_url = table.cluster.database_url().to_string();
    let stop_flapping = CancellationToken::new();
    let flapping = tokio::spawn(flap(wallet.clone(), seed, stop_flapping.clone()));
    let chaos = tokio::spawn(disrupt(
        table.clone(),
        admin_url.to_string(),
        database_url.clone(),
    ));
    let mut users = Vec::new();
    for player in 0..PLAYERS {
        users.push(table.new_user(player).await);
    }
    let mut games = JoinSet::new();
    for (player, user_id) in users.iter().copied().enumerate() {
        let table = table.clone();
        games.spawn(async move { table.play(player, user_id).await });
    }
    let played = tokio::time::timeout(Duration::from_secs(150), games.join_all())
        .await
        .expect("every player finished within the deadline");
    assert_eq!(played.concat().len(), PLAYERS * GAME_TYPES.len());
    let mut disruptions = chaos.await.expect("the disruptions ran");
    // Once more while the rewards are still being delivered.
    disruptions.backends_terminated += terminate_backends(admin_url, &database_url).await;
    stop_flapping.cancel();
    disruptions.wallet_down_periods = flapping.await.expect("the wallet flapped");
    (users, disruptions)
}

/// Games fast enough for 50 players (no waits between answers or games),
/// none capped to nothing, and retries at most a second apart.
async fn configure(cluster: &Cluster) {
    use gamification::proto::{
        GetSettingRequest, UpdateSettingRequest, settings_service_client::SettingsServiceClient,
    };
    let settings = [
        ("min_answer_seconds", "0"),
        ("game_cooldown_seconds", "0"),
        ("daily_reward_cap", "1000.00"),
        ("reward_retry_cap_seconds", "1"),
    ];
    for (key, value) in settings {
        let get = GetSettingRequest { key: key.into() };
        let found = failover(cluster, 0, ADMIN_TOKEN, "get setting", |a| {
            let get = get.clone();
            async move { SettingsServiceClient::new(a).get_setting(get).await }
        })
        .await;
        let update = UpdateSettingRequest {
            key: key.into(),
            value: value.into(),
            updated_by: "chaos@test".into(),
            etag: found.setting.expect("the setting").etag,
            reason: "chaos test".into(),
        };
        failover(cluster, 0, ADMIN_TOKEN, "update setting", |a| {
            let update = update.clone();
            async move { SettingsServiceClient::new(a).update_setting(update).await }
        })
        .await;
    }
}

/// A third of the way through, SIGKILL an instance and start it again; two
/// thirds through, cut every service connection to the database.
async fn disrupt(table: Arc<Table>, admin_url: String, database_url: String) -> Disruptions {
    let total = PLAYERS * GAME_TYPES.len();
    progress(&table, total / 3).await;
    table.cluster.kill(0).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    table.cluster.restart(0).await;
    progress(&table, 2 * total / 3).await;
    Disruptions {
        killed: 1,
        backends_terminated: terminate_backends(&admin_url, &database_url).await,
        wallet_down_periods: 0,
    }
}

async fn progress(table: &Table, games: usize) {
    let deadline = Instant::now() + Duration::from_secs(150);
    while table.completed.load(Ordering::SeqCst) < games && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// pg_terminate_backend on every connection of the service to the test
/// database (the test's own, named TEST_APP, are spared); returns how many.
async fn terminate_backends(admin_url: &str, database_url: &str) -> i64 {
    let name = database_url.rsplit('/').next().expect("a database name");
    let admin = Database::connect(admin_url)
        .await
        .expect("admin connection");
    let sql = format!(
        "SELECT COUNT(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
         WHERE datname = '{name}' AND application_name <> '{TEST_APP}' \
         AND pid <> pg_backend_pid()) AS cut"
    );
    let row = admin
        .query_one_raw(Statement::from_string(admin.get_database_backend(), sql))
        .await
        .expect("terminate backends")
        .expect("a count");
    admin.close().await.ok();
    row.try_get_by_index::<i64>(0).expect("a count")
}

/// Stops the wallet listening for 0.3–1.5 s at random moments until told
/// to stop, then leaves it up; returns how often it went down.
async fn flap(wallet: Arc<TestWallet>, seed: u64, stop: CancellationToken) -> usize {
    let mut rng = fastrand::Rng::with_seed(seed.wrapping_add(1));
    let mut downs = 0;
    while !stop.is_cancelled() {
        tokio::time::sleep(Duration::from_millis(rng.u64(200..600))).await;
        if rng.u8(0..100) < 30 {
            wallet.down();
            downs += 1;
            tokio::time::sleep(Duration::from_millis(rng.u64(300..1500))).await;
            wallet.up().await;
        }
    }
    wallet.up().await;
    downs
}
