//! Templates of personalised questions (`context_required = TRUE`): the
//! game puts one of the player's own recent messages in place of
//! `{message}` and the player labels what they wanted, so the assistant
//! learns from its own low-confidence turns. Only intent_quest has them.
//! `correct_answer` is a placeholder: the player's choice is the label.
use crate::sql;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const INTENTS: &str = r#"["order_food","track_order","cancel_order","refund_request","complaint","book_table","change_address","greeting"]"#;

/// (language, difficulty, text)
const TEMPLATES: &[(&str, &str, &str)] = &[
    (
        "en",
        "medium",
        "Earlier you wrote: \"{message}\". What did you want?",
    ),
    (
        "en",
        "medium",
        "You once told the assistant: \"{message}\". What were you asking for?",
    ),
    (
        "hi",
        "medium",
        "आपने पहले लिखा था: \"{message}\"। आप क्या चाहते थे?",
    ),
    (
        "hi",
        "medium",
        "आपने असिस्टेंट से कहा था: \"{message}\"। आप क्या माँग रहे थे?",
    ),
];

const INSERT: &str = "INSERT INTO game_questions \
    (game_type, language, difficulty, question_text, correct_answer, answer_options, \
     context_required, tags) \
    SELECT 'intent_quest', ?, ?, ?, 'player_label', {json_param}, TRUE, {text_array_param} \
    WHERE NOT EXISTS (SELECT 1 FROM game_questions \
        WHERE game_type = 'intent_quest' AND language = ? AND question_text = ?)";

const DELETE: &str = "DELETE FROM game_questions \
    WHERE game_type = 'intent_quest' AND language = ? AND question_text = ? AND context_required";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let tags =
            sql::text_array_value(manager.get_database_backend(), &["starter", "intent_quest"]);
        for (language, difficulty, text) in TEMPLATES {
            let values: Vec<Value> = vec![
                (*language).into(),
                (*difficulty).into(),
                (*text).into(),
                INTENTS.into(),
                tags.clone().into(),
                (*language).into(),
                (*text).into(),
            ];
            sql::run_with(manager, INSERT, values).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (language, _, text) in TEMPLATES {
            sql::run_with(manager, DELETE, vec![(*language).into(), (*text).into()]).await?;
        }
        Ok(())
    }
}
