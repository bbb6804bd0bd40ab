//! Where a generated question came from: `game_questions.source_sample_id`
//! is the approved training sample a draft was made from (see
//! `GenerateQuestions`), unique so that a sample becomes a question at most
//! once, whatever concurrent calls do; `created_by` names who asked for it.
//! Both NULL on every other question. No foreign key: a sample removed by
//! another app must not take the question with it.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const COLUMNS: [(&str, &str); 2] = [
    ("source_sample_id", "INTEGER"),
    ("created_by", "VARCHAR(100)"),
];

// NULLs never collide in a unique index (PostgreSQL and SQLite alike), so
// hand-written questions are unaffected.
const INDEX: &str = "CREATE UNIQUE INDEX IF NOT EXISTS uq_game_questions_source_sample \
    ON game_questions (source_sample_id)";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for (column, kind) in COLUMNS {
            if !manager.has_column("game_questions", column).await? {
                let sql = format!("ALTER TABLE game_questions ADD COLUMN {column} {kind}");
                db.execute_unprepared(&sql).await?;
            }
        }
        db.execute_unprepared(INDEX).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared("DROP INDEX IF EXISTS uq_game_questions_source_sample")
            .await?;
        for (column, _) in COLUMNS {
            if manager.has_column("game_questions", column).await? {
                let sql = format!("ALTER TABLE game_questions DROP COLUMN {column}");
                db.execute_unprepared(&sql).await?;
            }
        }
        Ok(())
    }
}
