//! The audit's Phase 3, questions part: the starter question bank (see
//! [`crate::starter_questions`]). A question already present (same game type,
//! language and text) is left alone, so re-running adds nothing twice and
//! keeps any edits an admin made to a starter question's other fields.
use crate::sql;
use crate::starter_questions::{StarterQuestion, starter_questions};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const INSERT: &str = "INSERT INTO game_questions \
    (game_type, language, difficulty, question_context, question_text, correct_answer, \
     answer_options, tags) \
    SELECT ?, ?, ?, ?, ?, ?, {json_param}, {text_array_param} \
    WHERE NOT EXISTS (SELECT 1 FROM game_questions \
        WHERE game_type = ? AND language = ? AND question_text = ?)";

const DELETE: &str =
    "DELETE FROM game_questions WHERE game_type = ? AND language = ? AND question_text = ?";

fn insert_values(backend: sea_orm::DbBackend, q: &StarterQuestion) -> Vec<Value> {
    let tags = sql::text_array_value(backend, &["starter", q.game_type]);
    vec![
        q.game_type.into(),
        q.language.into(),
        q.difficulty.into(),
        q.context.map(str::to_owned).into(),
        q.text.into(),
        q.answer.into(),
        q.options_json().into(),
        tags.into(),
        q.game_type.into(),
        q.language.into(),
        q.text.into(),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        for question in starter_questions() {
            sql::run_with(manager, INSERT, insert_values(backend, &question)).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for q in starter_questions() {
            let values = vec![q.game_type.into(), q.language.into(), q.text.into()];
            sql::run_with(manager, DELETE, values).await?;
        }
        Ok(())
    }
}
