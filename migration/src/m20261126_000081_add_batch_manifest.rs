//! `training_batches.manifest`: what a batch is, for whoever trains on it:
//! counts per label and split, the settings and filters used, what was
//! left out (duplicates, near duplicates of earlier validation rows,
//! conflicting labels sent to review) and a SHA-256 of the exported rows.
//! Batches made before have none (NULL).
use sea_orm_migration::prelude::*;

use crate::sql;

#[derive(DeriveMigrationName)]
pub struct Migration;

const ADD: &str = "ALTER TABLE training_batches ADD COLUMN manifest {jsonb}";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if !manager.has_column("training_batches", "manifest").await? {
            sql::run_all(manager, &[ADD]).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.has_column("training_batches", "manifest").await? {
            manager
                .get_connection()
                .execute_unprepared("ALTER TABLE training_batches DROP COLUMN manifest")
                .await?;
        }
        Ok(())
    }
}
