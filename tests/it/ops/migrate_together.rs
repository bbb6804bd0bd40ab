//! Several instances starting at once on one PostgreSQL database: a fresh
//! one, one migrated half-way, one the old apps left. The advisory lock
//! lets one migrate while the others wait; all of them come up, and every
//! migration is recorded once. (PostgreSQL only: SQLite is one file in one process.)
use gamification::{config::Config, startup::Application};
use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, Database, Statement};
use tonic::transport::Channel;
use tonic_health::pb::{
    HealthCheckRequest, health_check_response::ServingStatus, health_client::HealthClient,
};

use crate::{
    db::TestDatabase,
    helpers::{ADMIN_TOKEN, postgres_url},
    migrations::old_app::old_app_database,
};

const INSTANCES: usize = 4;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[cfg_attr(
    not(postgres_tests),
    ignore = "PostgreSQL only: instances migrating together contend only on a shared server"
)]
async fn instances_starting_together_on_a_fresh_database_all_come_up() {
    postgres_url();
    let database = TestDatabase::new().await;
    start_together(&database).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[cfg_attr(
    not(postgres_tests),
    ignore = "PostgreSQL only: instances migrating together contend only on a shared server"
)]
async fn instances_starting_together_on_a_half_migrated_database_all_come_up() {
    postgres_url();
    let database = TestDatabase::new().await;
    let db = Database::connect(&database.url).await.expect("connect");
    Migrator::up(&db, Some(3))
        .await
        .expect("the first three migrations");
    db.close().await.ok();
    start_together(&database).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[cfg_attr(
    not(postgres_tests),
    ignore = "PostgreSQL only: instances migrating together contend only on a shared server"
)]
async fn instances_starting_together_on_the_old_apps_database_all_come_up() {
    postgres_url();
    let (database, db) = old_app_database().await;
    db.close().await.ok();
    start_together(&database).await;
}

/// Builds INSTANCES applications at once, serves each, checks each one's
/// health, counts the recorded migrations, and stops them.
async fn start_together(database: &TestDatabase) {
    let mut builds = tokio::task::JoinSet::new();
    for _ in 0..INSTANCES {
        let mut config = Config::for_database(database.url.clone());
        config.auth_tokens = Some(format!("admin:{ADMIN_TOKEN}"));
        config.shutdown_grace_secs = 1;
        config.db_pool_size = 4;
        builds.spawn(Application::build(config));
    }
    let mut running = Vec::new();
    while let Some(built) = builds.join_next().await {
        let app = built
            .expect("task")
            .unwrap_or_else(|e| panic!("an instance failed to start: {e}"));
        let addr = app.local_addr();
        let stop = app.shutdown_token();
        let task = tokio::spawn(app.run_until_stopped());
        running.push((addr, stop, task));
    }
    for (addr, _, _) in &running {
        let channel = Channel::from_shared(format!("http://{addr}"))
            .expect("uri")
            .connect_lazy();
        let health = HealthClient::new(channel)
            .check(HealthCheckRequest {
                service: String::new(),
            })
            .await
            .expect("health");
        assert_eq!(
            health.into_inner().status(),
            ServingStatus::Serving,
            "instance at {addr}"
        );
    }
    assert_migrated_once(&database.url).await;
    for (_, stop, task) in running {
        stop.cancel();
        task.await.expect("task").expect("a clean stop");
    }
}

async fn assert_migrated_once(url: &str) {
    let db = Database::connect(url).await.expect("connect");
    let sql = "SELECT COUNT(*) AS rows, COUNT(DISTINCT version) AS versions FROM seaql_migrations";
    let row = db
        .query_one_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .expect("query")
        .expect("a row");
    let rows: i64 = row.try_get("", "rows").expect("rows");
    let versions: i64 = row.try_get("", "versions").expect("versions");
    let all = Migrator::migrations().len() as i64;
    assert_eq!(
        (rows, versions),
        (all, all),
        "every migration recorded exactly once"
    );
    db.close().await.ok();
}
