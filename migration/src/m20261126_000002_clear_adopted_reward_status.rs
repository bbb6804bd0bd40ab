//! Adding `game_sessions.reward_status` with the audit's `DEFAULT 'pending'`
//! marked every session that already existed as payable. Those rows were
//! written before this service adopted the table; none of them is ours to
//! pay. This clears their status (NULL: no reward status), except where a
//! delivery row shows the service already took the reward on. Sessions
//! other applications write later keep the default and wait for an admin's
//! approval (`GameService.ApproveGameReward`); nothing pays them
//! automatically.
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A second after `m20251120_000003_alter_existing_tables` added the
/// column (its time is kept in whole seconds): the moment of adoption, in
/// UTC like the table's timestamps.
fn adopted_at(backend: DbBackend) -> &'static str {
    match backend {
        DbBackend::Postgres => {
            "(SELECT to_timestamp(applied_at + 1) AT TIME ZONE 'utc' FROM seaql_migrations \
             WHERE version = 'm20251120_000003_alter_existing_tables')"
        }
        _ => {
            "(SELECT datetime(applied_at + 1, 'unixepoch') FROM seaql_migrations \
             WHERE version = 'm20251120_000003_alter_existing_tables')"
        }
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        let sql = format!(
            "UPDATE game_sessions SET reward_status = NULL WHERE reward_status = 'pending' \
             AND NOT EXISTS (SELECT 1 FROM reward_deliveries d WHERE d.game_session_id = game_sessions.id) \
             AND (started_at IS NULL OR started_at < {})",
            adopted_at(backend)
        );
        manager.get_connection().execute_unprepared(&sql).await?;
        Ok(())
    }

    /// Which rows said 'pending' before is not kept: nothing to undo.
    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        Ok(())
    }
}
