//! Migrating under a PostgreSQL advisory lock, so any number of instances
//! (or the CLI beside them) can start on the same database at once: the
//! first takes the lock and migrates, the others wait for it and then find
//! nothing pending. Without it two instances run the same `CREATE TABLE`
//! together and one dies on `pg_type_typname_nsp_index`.
//!
//! The lock is session-level and taken on a dedicated connection (a pool of
//! exactly one, never recycled), which is closed afterwards: whatever
//! happens in between, closing the session releases the lock. SQLite needs
//! none of this (one file, one writer at a time).
use sea_orm_migration::{
    MigratorTrait,
    sea_orm::{
        ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr, Statement,
    },
};

use crate::Migrator;

/// The advisory lock key: "gamimig" in ASCII. Fixed forever: every version
/// of the service (and of the CLI) must agree on it.
pub const MIGRATION_LOCK_KEY: i64 = 0x0067_616d_696d_6967;

/// Opens a pool of exactly one connection that is never swapped for
/// another behind our back (no idle timeout, no lifetime, no test on
/// acquire), so a session-level lock taken on it holds for every statement.
pub async fn connect_dedicated(mut options: ConnectOptions) -> Result<DatabaseConnection, DbErr> {
    options
        .max_connections(1)
        .min_connections(1)
        .idle_timeout(None)
        .max_lifetime(None)
        .test_before_acquire(false)
        .sqlx_logging(false);
    Database::connect(options).await
}

/// Takes the migration lock on `db` (PostgreSQL; a no-op on SQLite),
/// waiting for whoever holds it.
pub async fn lock(db: &DatabaseConnection) -> Result<(), DbErr> {
    if db.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    let taken = advisory(db, "pg_try_advisory_lock").await?;
    if !taken {
        tracing::info!("another instance is migrating the database; waiting for it");
        advisory(db, "pg_advisory_lock").await?;
    }
    Ok(())
}

/// Releases the lock early (closing the connection would too).
pub async fn unlock(db: &DatabaseConnection) -> Result<(), DbErr> {
    if db.get_database_backend() == DbBackend::Postgres {
        advisory(db, "pg_advisory_unlock").await?;
    }
    Ok(())
}

/// Runs every pending migration under the lock, on a dedicated connection
/// that is closed before returning, on success and on error alike.
pub async fn up_locked(options: ConnectOptions) -> Result<(), DbErr> {
    let db = connect_dedicated(options).await?;
    let result = async {
        lock(&db).await?;
        Migrator::up(&db, None).await?;
        unlock(&db).await
    }
    .await;
    db.close().await.ok();
    result
}

/// Calls a lock function with the key; true when it returned true (the
/// blocking functions return void, read as true).
async fn advisory(db: &DatabaseConnection, function: &str) -> Result<bool, DbErr> {
    let sql = format!("SELECT {function}({MIGRATION_LOCK_KEY})::text AS taken");
    let row = db
        .query_one_raw(Statement::from_string(DbBackend::Postgres, sql))
        .await?;
    let taken = match row {
        Some(row) => row.try_get::<String>("", "taken")?,
        None => String::new(),
    };
    Ok(taken != "false")
}
