//! Column types and constraints: what the other apps see on PostgreSQL, and
//! what our entities read and write on either backend.
use gamification::entity::{game_question_tags, game_questions, prelude::*};
use migration::{Migrator, MigratorTrait, sql::render};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DatabaseConnection, EntityTrait,
    QueryFilter, Statement,
};

use super::{old_app::old_app_database, query_all};

/// (table, column, `data_type`, with `(length)` or `(precision,scale)`, why).
#[rustfmt::skip]
const AUDITED_TYPES: [(&str, &str, &str, &str); 13] = [
    ("game_questions", "tags", "ARRAY _text", "the Prisma app reads a text[]"),
    ("conversation_logs", "nlu_alternate_intents", "jsonb", "jsonb, not json"),
    ("users", "total_rewards_earned", "numeric(10,2)", "money"),
    ("game_questions", "reward_amount", "numeric(10,2)", "money"),
    ("training_samples", "confidence", "numeric(5,4)", "a ratio"),
    ("conversation_logs", "nlu_confidence", "numeric(5,4)", "a ratio"),
    ("game_questions", "success_rate", "numeric(5,4)", "a ratio"),
    ("game_sessions", "reward_status", "character varying(20)", "varchar(20)"),
    ("game_sessions", "reward_transaction_id", "character varying(100)", "a wallet id"),
    ("gamification_settings", "key", "character varying(100)", "varchar(100)"),
    ("gamification_settings", "updated_at", "timestamp without time zone", "no time zone"),
    ("flow_runs", "id", "uuid", "uuid"),
    ("flows", "system_critical", "boolean", "boolean"),
];

#[tokio::test]
#[cfg_attr(
    not(postgres_tests),
    ignore = "PostgreSQL only: SQLite has no such types (see migration::sql)"
)]
async fn postgres_columns_have_the_audited_types() {
    let (database, db) = old_app_database().await;
    assert!(database.is_postgres(), "runs on PostgreSQL only");
    Migrator::up(&db, None).await.expect("up");
    for (table, column, expected, why) in AUDITED_TYPES {
        assert_eq!(
            column_type(&db, table, column).await,
            expected,
            "{table}.{column}: {why}"
        );
    }
    let serial = "SELECT column_default FROM information_schema.columns \
        WHERE table_name = 'game_questions' AND column_name = 'id'";
    let default: String = query_all(&db, serial).await[0]
        .try_get("", "column_default")
        .expect("column_default");
    assert!(
        default.starts_with("nextval("),
        "game_questions.id is SERIAL: {default}"
    );

    let constraints = "SELECT constraint_type || ' ' || constraint_name AS c \
        FROM information_schema.table_constraints WHERE table_name = 'game_sessions'";
    let rows = query_all(&db, constraints).await;
    let found: Vec<String> = rows
        .iter()
        .map(|r| r.try_get("", "c").expect("c"))
        .collect();
    for expected in [
        "CHECK chk_game_sessions_reward_status",
        "FOREIGN KEY fk_game_sessions_training_sample",
        "FOREIGN KEY fk_game_sessions_conversation_log",
    ] {
        assert!(
            found.iter().any(|c| c == expected),
            "{expected} missing: {found:?}"
        );
    }
}

async fn column_type(db: &DatabaseConnection, table: &str, column: &str) -> String {
    let sql = format!(
        "SELECT data_type, udt_name, character_maximum_length AS len, \
            numeric_precision AS p, numeric_scale AS s \
         FROM information_schema.columns WHERE table_name = '{table}' AND column_name = '{column}'"
    );
    let rows = query_all(db, &sql).await;
    let row = rows
        .first()
        .unwrap_or_else(|| panic!("{table}.{column} does not exist"));
    let data_type: String = row.try_get("", "data_type").expect("data_type");
    let udt: String = row.try_get("", "udt_name").expect("udt_name");
    let len: Option<i32> = row.try_get("", "len").expect("len");
    let (p, s): (Option<i32>, Option<i32>) = (
        row.try_get("", "p").expect("p"),
        row.try_get("", "s").expect("s"),
    );
    match (data_type.as_str(), len, p, s) {
        ("ARRAY", ..) => format!("ARRAY {udt}"),
        ("numeric", _, Some(p), Some(s)) => format!("numeric({p},{s})"),
        (_, Some(len), ..) => format!("{data_type}({len})"),
        _ => data_type,
    }
}

#[tokio::test]
async fn reward_status_rejects_anything_but_its_three_states() {
    let (_database, db) = old_app_database().await;
    Migrator::up(&db, None).await.expect("up");
    let backend = db.get_database_backend();
    let insert = |status: &str| {
        let sql = "INSERT INTO game_sessions (session_id, user_id, game_type, reward_status) \
            SELECT 'check-test', id, 'intent_quest', ? FROM users WHERE php_user_id = 101";
        Statement::from_sql_and_values(backend, render(backend, sql), [status.into()])
    };

    let bogus = db.execute_raw(insert("bogus")).await;
    let error = bogus.expect_err("'bogus' was accepted").to_string();
    assert!(error.contains("chk_game_sessions_reward_status"), "{error}");
    for status in ["pending", "credited", "failed"] {
        db.execute_raw(insert(status))
            .await
            .unwrap_or_else(|e| panic!("{status}: {e}"));
    }
}

#[tokio::test]
async fn a_new_question_keeps_exact_amounts_and_its_tags_on_either_backend() {
    let (_database, db) = old_app_database().await;
    Migrator::up(&db, None).await.expect("up");
    let question = game_questions::ActiveModel {
        game_type: Set("intent_quest".into()),
        language: Set("en".into()),
        question_text: Set("Send me the Diwali sweets box".into()),
        correct_answer: Set("order_food".into()),
        reward_amount: Set(Some("0.10".parse().expect("amount"))),
        success_rate: Set(Some("0.3333".parse().expect("ratio"))),
        ..Default::default()
    };
    let id = question.insert(&db).await.expect("insert").id;
    let tags = vec!["festival".to_owned(), "intent_quest".to_owned()];
    game_question_tags::store_tags(&db, id, &tags)
        .await
        .expect("store tags");

    let saved = GameQuestions::find_by_id(id).one(&db).await.expect("find");
    let saved = saved.expect("the question");
    assert_eq!(
        saved.reward_amount.map(|a| a.to_string()).as_deref(),
        Some("0.10")
    );
    assert_eq!(
        saved.success_rate.map(|a| a.to_string()).as_deref(),
        Some("0.3333")
    );
    let loaded = game_question_tags::load_tags(&db, &[id])
        .await
        .expect("load tags");
    assert_eq!(loaded.get(&id), Some(&tags));
    let festival = GameQuestions::find()
        .filter(game_question_tags::tag_filter(
            db.get_database_backend(),
            "festival",
        ))
        .all(&db)
        .await
        .expect("tag filter");
    assert_eq!(festival.iter().map(|q| q.id).collect::<Vec<_>>(), vec![id]);
    let missing = game_question_tags::store_tags(&db, id + 1000, &tags).await;
    assert!(
        missing.is_err(),
        "storing tags of a missing question succeeded"
    );
}
