//! The database pool and the one way to open a write transaction.
use std::time::Duration;

use sea_orm::{
    ConnectOptions, Database, DatabaseConnection, DatabaseTransaction, DbErr,
    SqliteTransactionMode, TransactionOptions, TransactionTrait,
};

use migration::MigratorTrait;

use crate::config::Config;

pub async fn connect(config: &Config) -> Result<DatabaseConnection, DbErr> {
    let mut options = options(config);
    options
        .max_connections(config.db_pool_size)
        .min_connections(1);
    Database::connect(options).await
}

/// The connection the health watcher pings: one of its own, outside the
/// pool, so a pool busy with calls is not mistaken for a dead database, and
/// with a one-second timeout, so an outage shows within a second of a ping.
pub async fn connect_probe(config: &Config) -> Result<DatabaseConnection, DbErr> {
    let mut options = options(config);
    options
        .max_connections(1)
        .min_connections(1)
        .acquire_timeout(PROBE_TIMEOUT)
        .connect_timeout(PROBE_TIMEOUT);
    Database::connect(options).await
}

/// How long a health ping (connecting included) may take.
pub const PROBE_TIMEOUT: Duration = Duration::from_secs(1);

/// Runs the pending migrations. On PostgreSQL under an advisory lock on a
/// connection of their own (see `migration::up_locked`), so instances
/// starting together migrate one after the other; the later ones find
/// nothing left to do.
pub async fn migrate(config: &Config, db: &DatabaseConnection) -> Result<(), DbErr> {
    if config.is_sqlite() {
        return migration::Migrator::up(db, None).await;
    }
    migration::up_locked(options(config)).await
}

/// The options every connection of this service shares.
fn options(config: &Config) -> ConnectOptions {
    let mut options = ConnectOptions::new(config.database_url.clone());
    options
        .acquire_timeout(Duration::from_secs(config.db_acquire_timeout_secs))
        .connect_timeout(Duration::from_secs(config.db_acquire_timeout_secs))
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(|opts| {
            // WAL lets readers run beside the one writer; writers queue on the
            // busy timeout instead of failing at once.
            opts.journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                .synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(10))
                .foreign_keys(true)
        });
    options
}

/// Begins a transaction that will write. On SQLite it takes the write lock
/// up front (BEGIN IMMEDIATE): a deferred transaction that reads and then
/// writes can fail with SQLITE_BUSY instead of waiting. PostgreSQL ignores
/// the option; its writers lock the rows they change (`SELECT … FOR UPDATE`).
pub async fn begin_write(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..TransactionOptions::default()
    })
    .await
}
