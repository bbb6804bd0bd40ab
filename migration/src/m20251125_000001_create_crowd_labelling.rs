//! Crowd labelling: players' votes on a training sample's intent, each
//! player's accuracy on gold questions, and the link from a crowd question
//! in the bank to the sample it asks about.
//!
//! `label_votes` is UNIQUE (sample_id, user_id): a player votes once on a
//! message, whatever retries or concurrent games do. `sample_id` has no
//! foreign key: votes stay readable if a sample is removed by another app.
use crate::sql;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const LABEL_VOTES: &str = "CREATE TABLE IF NOT EXISTS label_votes (
    id {pk},
    sample_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    intent VARCHAR(100) NOT NULL,
    weight {ratio} NOT NULL,
    question_id INTEGER,
    game_session_id INTEGER,
    created_at {timestamp} NOT NULL DEFAULT {now},
    CONSTRAINT uq_label_votes_sample_user UNIQUE (sample_id, user_id)
)";

const PLAYER_RELIABILITY: &str = "CREATE TABLE IF NOT EXISTS player_reliability (
    user_id INTEGER PRIMARY KEY,
    gold_answered INTEGER NOT NULL DEFAULT 0,
    gold_correct INTEGER NOT NULL DEFAULT 0,
    updated_at {timestamp} NOT NULL DEFAULT {now}
)";

const INDEXES: &[&str] = &[
    "CREATE INDEX IF NOT EXISTS idx_label_votes_user ON label_votes (user_id)",
    "CREATE INDEX IF NOT EXISTS idx_game_questions_crowd_sample
        ON game_questions (crowd_sample_id)",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        sql::run_all(manager, &[LABEL_VOTES, PLAYER_RELIABILITY]).await?;
        if !manager
            .has_column("game_questions", "crowd_sample_id")
            .await?
        {
            let sql = "ALTER TABLE game_questions ADD COLUMN crowd_sample_id INTEGER";
            manager.get_connection().execute_unprepared(sql).await?;
        }
        sql::run_all(manager, INDEXES).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared("DROP INDEX IF EXISTS idx_game_questions_crowd_sample")
            .await?;
        if manager
            .has_column("game_questions", "crowd_sample_id")
            .await?
        {
            let sql = "ALTER TABLE game_questions DROP COLUMN crowd_sample_id";
            db.execute_unprepared(sql).await?;
        }
        for table in ["player_reliability", "label_votes"] {
            db.execute_unprepared(&format!("DROP TABLE IF EXISTS {table}"))
                .await?;
        }
        Ok(())
    }
}
