//! Grows the starter bank to at least 25 enabled questions per game type,
//! difficulty and language (see [`crate::starter_bank`]), and tags the two
//! older "without the word 'cancel'" prompts with the `forbid:` rule they
//! state in words.
//!
//! Like the first seed, a question already present (same game type,
//! language and text) is left alone. `down` deletes only rows that carry
//! one of this migration's texts *and* the `starter` tag, and takes the
//! `forbid:` tag off the two older prompts again.
use crate::sql;
use crate::starter_bank::more_starter_questions;
use crate::starter_questions::StarterQuestion;
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

const INSERT: &str = "INSERT INTO game_questions \
    (game_type, language, difficulty, question_context, question_text, correct_answer, \
     answer_options, tags) \
    SELECT ?, ?, ?, ?, ?, ?, {json_param}, {text_array_param} \
    WHERE NOT EXISTS (SELECT 1 FROM game_questions \
        WHERE game_type = ? AND language = ? AND question_text = ?)";

/// `(game_type, language, text, tag)`: ? placeholders in that order.
const DELETE_PG: &str = "DELETE FROM game_questions \
    WHERE game_type = ? AND language = ? AND question_text = ? AND ? = ANY(tags)";
const DELETE_LITE: &str = "DELETE FROM game_questions \
    WHERE game_type = ? AND language = ? AND question_text = ? \
    AND EXISTS (SELECT 1 FROM json_each(game_questions.tags) WHERE value = ?)";

/// The first seed's prompts that forbid a word without saying so in a tag.
const FORBID: &[(&str, &str, &str)] = &[
    (
        "en",
        "Without using the word 'cancel', how would you say you no longer want your order?",
        "forbid:cancel",
    ),
    (
        "hi",
        "'कैंसल' शब्द इस्तेमाल किए बिना आप कैसे कहेंगे कि अब आपको ऑर्डर नहीं चाहिए?",
        "forbid:कैंसल",
    ),
];

/// `(tag, language, text, tag)`: adds the tag when the row lacks it.
const ADD_TAG_PG: &str = "UPDATE game_questions SET tags = array_append(COALESCE(tags, '{}'), ?) \
    WHERE game_type = 'language_master' AND language = ? AND question_text = ? \
    AND NOT (? = ANY(COALESCE(tags, '{}')))";
const ADD_TAG_LITE: &str = "UPDATE game_questions \
    SET tags = json_insert(COALESCE(tags, '[]'), '$[#]', ?) \
    WHERE game_type = 'language_master' AND language = ? AND question_text = ? \
    AND NOT EXISTS (SELECT 1 FROM json_each(game_questions.tags) WHERE value = ?)";
/// `(tag, language, text)`.
const REMOVE_TAG_PG: &str = "UPDATE game_questions SET tags = array_remove(tags, ?) \
    WHERE game_type = 'language_master' AND language = ? AND question_text = ?";
const REMOVE_TAG_LITE: &str = "UPDATE game_questions SET tags = \
    (SELECT json_group_array(value) FROM json_each(game_questions.tags) WHERE value <> ?) \
    WHERE game_type = 'language_master' AND language = ? AND question_text = ?";

fn pick(backend: DbBackend, pg: &'static str, lite: &'static str) -> &'static str {
    if backend == DbBackend::Postgres {
        pg
    } else {
        lite
    }
}

fn insert_values(backend: DbBackend, q: &StarterQuestion) -> Vec<Value> {
    let mut tags = vec!["starter", q.game_type];
    tags.extend(&q.tags);
    vec![
        q.game_type.into(),
        q.language.into(),
        q.difficulty.into(),
        q.context.map(str::to_owned).into(),
        q.text.into(),
        q.answer.into(),
        q.options_json().into(),
        sql::text_array_value(backend, &tags).into(),
        q.game_type.into(),
        q.language.into(),
        q.text.into(),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        for question in more_starter_questions() {
            sql::run_with(manager, INSERT, insert_values(backend, &question)).await?;
        }
        let add = pick(backend, ADD_TAG_PG, ADD_TAG_LITE);
        for (language, text, tag) in FORBID {
            let values = vec![
                (*tag).into(),
                (*language).into(),
                (*text).into(),
                (*tag).into(),
            ];
            sql::run_with(manager, add, values).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        let delete = pick(backend, DELETE_PG, DELETE_LITE);
        for q in more_starter_questions() {
            let values = vec![
                q.game_type.into(),
                q.language.into(),
                q.text.into(),
                "starter".into(),
            ];
            sql::run_with(manager, delete, values).await?;
        }
        let remove = pick(backend, REMOVE_TAG_PG, REMOVE_TAG_LITE);
        for (language, text, tag) in FORBID {
            let values = vec![(*tag).into(), (*language).into(), (*text).into()];
            sql::run_with(manager, remove, values).await?;
        }
        Ok(())
    }
}
