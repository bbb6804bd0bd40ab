//! `game_answers`: every answer given in a game, one row per question of a
//! session. The unique key on (session, question) is what makes a retried or
//! concurrent submission score once, whatever the application does.
use crate::sql;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

// `question_id` has no foreign key: a bank question deleted later must not
// take the record of the answers given to it along.
const GAME_ANSWERS: &str = "CREATE TABLE IF NOT EXISTS game_answers (
    id {pk},
    game_session_id INTEGER NOT NULL REFERENCES game_sessions(id) ON DELETE CASCADE,
    question_id INTEGER NOT NULL,
    position INTEGER NOT NULL,
    answer TEXT NOT NULL,
    is_correct BOOLEAN NOT NULL,
    suspicious BOOLEAN NOT NULL DEFAULT FALSE,
    time_taken_ms INTEGER NOT NULL,
    feedback TEXT,
    training_sample_id INTEGER,
    answered_at {timestamp} NOT NULL DEFAULT {now},
    CONSTRAINT uq_game_answers_session_question UNIQUE (game_session_id, question_id)
)";

const INDEXES: &[&str] = &[
    "CREATE INDEX IF NOT EXISTS idx_game_answers_question ON game_answers (question_id)",
    "CREATE INDEX IF NOT EXISTS idx_game_sessions_user_started
        ON game_sessions (user_id, started_at)",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        sql::run_all(manager, &[GAME_ANSWERS]).await?;
        sql::run_all(manager, INDEXES).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared("DROP INDEX IF EXISTS idx_game_sessions_user_started")
            .await?;
        db.execute_unprepared("DROP TABLE IF EXISTS game_answers")
            .await?;
        Ok(())
    }
}
