//! A game's progress on its own row: `answers_count`, `last_answer_at` and
//! `next_question_id` (the question after the one to answer now). With
//! them, SubmitAnswer reads the session, the question answered and the
//! question after it in the one statement that locks the session, instead
//! of reading every earlier answer after the lock and the questions after
//! that. The locked row is always its newest version (PostgreSQL re-reads a
//! row it waited for), so counts kept on it are exact under READ COMMITTED,
//! which a join to `game_answers` in that statement would not be.
//!
//! Ours, added to the adopted `game_sessions` like the reward columns:
//! other applications' inserts take the defaults. Games already in play
//! get their counts from their answers; their next question stays unknown
//! (NULL) and is read separately, once.
use sea_orm_migration::prelude::*;

use crate::sql;

#[derive(DeriveMigrationName)]
pub struct Migration;

const COLUMNS: [(&str, &str); 3] = [
    ("answers_count", "INTEGER NOT NULL DEFAULT 0"),
    ("last_answer_at", "{timestamp}"),
    ("next_question_id", "INTEGER"),
];

const BACKFILL: &str = "UPDATE game_sessions SET
    answers_count = (SELECT COUNT(*) FROM game_answers a WHERE a.game_session_id = game_sessions.id),
    last_answer_at = (SELECT MAX(a.answered_at) FROM game_answers a
        WHERE a.game_session_id = game_sessions.id)
    WHERE EXISTS (SELECT 1 FROM game_answers a WHERE a.game_session_id = game_sessions.id)";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (column, definition) in COLUMNS {
            if !manager.has_column("game_sessions", column).await? {
                let add = format!("ALTER TABLE game_sessions ADD COLUMN {column} {definition}");
                sql::run_all(manager, &[add.as_str()]).await?;
            }
        }
        sql::run_all(manager, &[BACKFILL]).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (column, _) in COLUMNS {
            if manager.has_column("game_sessions", column).await? {
                manager
                    .get_connection()
                    .execute_unprepared(&format!("ALTER TABLE game_sessions DROP COLUMN {column}"))
                    .await?;
            }
        }
        Ok(())
    }
}
