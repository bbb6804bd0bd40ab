//! The audit's Phase 1: new columns on the adopted `flows` and
//! `game_sessions` tables, and the three system-critical flows marked.
//!
//! Every column is added only when missing, so a database that already has
//! it is adopted as it is (and its `system_critical` flags are left alone).
//! `down` cannot tell an adopted column from one it added and drops both;
//! the other apps never had these columns, so in practice they are ours.
//! On PostgreSQL the links to `training_samples` and
//! `conversation_logs` are real, named foreign keys. On SQLite they are plain
//! columns: SQLite's `DROP COLUMN` refuses a column with a foreign key, and
//! `down` must be able to drop them.
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

struct NewColumn {
    table: &'static str,
    name: &'static str,
    postgres: &'static str,
    sqlite: &'static str,
}

const REWARD_STATUS: &str = "VARCHAR(20) DEFAULT 'pending' \
    CONSTRAINT chk_game_sessions_reward_status \
    CHECK (reward_status IN ('pending', 'credited', 'failed'))";

const COLUMNS: &[NewColumn] = &[
    NewColumn {
        table: "flows",
        name: "system_critical",
        postgres: "BOOLEAN DEFAULT FALSE",
        sqlite: "BOOLEAN DEFAULT FALSE",
    },
    NewColumn {
        table: "game_sessions",
        name: "training_sample_id",
        postgres: "INTEGER CONSTRAINT fk_game_sessions_training_sample \
            REFERENCES training_samples(id) ON DELETE SET NULL",
        sqlite: "INTEGER",
    },
    NewColumn {
        table: "game_sessions",
        name: "conversation_log_id",
        postgres: "INTEGER CONSTRAINT fk_game_sessions_conversation_log \
            REFERENCES conversation_logs(id) ON DELETE SET NULL",
        sqlite: "INTEGER",
    },
    NewColumn {
        table: "game_sessions",
        name: "reward_transaction_id",
        postgres: "VARCHAR(100)",
        sqlite: "VARCHAR(100)",
    },
    NewColumn {
        table: "game_sessions",
        name: "reward_status",
        postgres: REWARD_STATUS,
        sqlite: REWARD_STATUS,
    },
];

/// Named on PostgreSQL (see [`COLUMNS`]); dropped before their columns.
const CONSTRAINTS: &[(&str, &str)] = &[
    ("game_sessions", "fk_game_sessions_training_sample"),
    ("game_sessions", "fk_game_sessions_conversation_log"),
    ("game_sessions", "chk_game_sessions_reward_status"),
];

const MARK_CRITICAL_FLOWS: &str = "UPDATE flows SET system_critical = TRUE \
    WHERE id IN ('greeting_v1', 'help_v1', 'farewell_v1')";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let postgres = manager.get_database_backend() == DbBackend::Postgres;
        let db = manager.get_connection();
        for column in COLUMNS {
            if manager.has_column(column.table, column.name).await? {
                continue;
            }
            let definition = if postgres {
                column.postgres
            } else {
                column.sqlite
            };
            let sql = format!(
                "ALTER TABLE {} ADD COLUMN {} {definition}",
                column.table, column.name
            );
            db.execute_unprepared(&sql).await?;
            // Only with a new column: where it existed already, the flags are
            // an admin's choice and stay as they are.
            if column.name == "system_critical" {
                db.execute_unprepared(MARK_CRITICAL_FLOWS).await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        if manager.get_database_backend() == DbBackend::Postgres {
            for (table, constraint) in CONSTRAINTS {
                let sql = format!("ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {constraint}");
                db.execute_unprepared(&sql).await?;
            }
        }
        for column in COLUMNS.iter().rev() {
            if manager.has_column(column.table, column.name).await? {
                let sql = format!("ALTER TABLE {} DROP COLUMN {}", column.table, column.name);
                db.execute_unprepared(&sql).await?;
            }
        }
        Ok(())
    }
}
