//! The second starter seed: rolling it back removes its own rows and
//! nothing an admin wrote, even a question with one of its texts.
use migration::{Migrator, MigratorTrait, starter_bank::more_starter_questions};
use sea_orm::{ConnectionTrait, DatabaseConnection};

use super::{old_app::old_app_database, query_all};

const SEED: &str = "m20261126_000010_seed_more_questions";

/// (id, game type, text, tags as text) of every question, by id.
async fn questions(db: &DatabaseConnection) -> Vec<(i32, String, String, String)> {
    let tags = match db.get_database_backend() {
        sea_orm::DbBackend::Postgres => "array_to_string(tags, ',')",
        _ => "tags",
    };
    let sql = format!(
        "SELECT id, game_type, question_text, {tags} AS tags FROM game_questions ORDER BY id"
    );
    let rows = query_all(db, &sql).await;
    rows.iter()
        .map(|row| {
            let tags: Option<String> = row.try_get("", "tags").expect("tags");
            (
                row.try_get("", "id").expect("id"),
                row.try_get("", "game_type").expect("game_type"),
                row.try_get("", "question_text").expect("text"),
                tags.unwrap_or_default(),
            )
        })
        .collect()
}

/// How many migrations come before the seed.
fn migrations_before_seed() -> u32 {
    let names: Vec<String> = Migrator::migrations()
        .iter()
        .map(|m| m.name().to_string())
        .collect();
    let position = names.iter().position(|name| name == SEED);
    position.expect("the seed is registered") as u32
}

#[tokio::test]
async fn rolling_back_the_second_seed_removes_its_rows_and_keeps_an_admins_question() {
    let (_database, db) = old_app_database().await;
    let before_seed = migrations_before_seed();
    Migrator::up(&db, Some(before_seed))
        .await
        .expect("up to the seed");
    // An admin wrote, by chance, a text the seed also brings.
    let text = more_starter_questions()[0].text;
    let insert = format!(
        "INSERT INTO game_questions (game_type, language, question_text, correct_answer, \
         answer_options) VALUES ('intent_quest', 'en', '{text}', 'greeting', NULL)"
    );
    db.execute_unprepared(&insert)
        .await
        .expect("admin question");
    let before = questions(&db).await;

    Migrator::up(&db, None).await.expect("up");
    let after = questions(&db).await;
    let added = more_starter_questions().len() - 1;
    assert_eq!(
        after.len(),
        before.len() + added,
        "all but the admin's text"
    );
    let tagged = after.iter().filter(|q| q.3.contains("forbid:")).count();
    assert!(
        tagged > 2,
        "prompts with a forbidden word carry it as a tag"
    );

    let applied = Migrator::get_applied_migrations(&db)
        .await
        .expect("applied");
    Migrator::down(&db, Some(applied.len() as u32 - before_seed))
        .await
        .expect("down to before the seed");

    assert_eq!(
        questions(&db).await,
        before,
        "exactly the rows and tags of before"
    );
}
