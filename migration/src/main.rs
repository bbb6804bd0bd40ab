use sea_orm_migration::prelude::*;

/// The migration CLI holds the same advisory lock as a starting server for
/// its whole run (a one-connection pool; the lock goes with the process), so
/// `up` beside instances that migrate at start-up is safe.
#[tokio::main]
async fn main() {
    cli::run_cli_with_connection(migration::Migrator, async |options| {
        let db = migration::connect_dedicated(options).await?;
        migration::lock(&db).await?;
        Ok(db)
    })
    .await;
}
