//! `game_questions.tags`, which the entity leaves out: a `TEXT[]` on
//! PostgreSQL (the Prisma app's type), a JSON array text on SQLite.
use std::collections::HashMap;

use sea_orm::{
    ConnectionTrait, DbBackend, DbErr, QueryResult, Value,
    sea_query::{Expr, ExprTrait, Query},
};

const TABLE: &str = "game_questions";

/// The tags of each of `ids`. A question without tags (NULL) maps to an
/// empty list; an id with no question is absent.
pub async fn load_tags<C: ConnectionTrait>(
    db: &C,
    ids: &[i32],
) -> Result<HashMap<i32, Vec<String>>, DbErr> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let query = Query::select()
        .columns(["id", "tags"])
        .from(TABLE)
        .and_where(Expr::col("id").is_in(ids.iter().copied()))
        .to_owned();
    let backend = db.get_database_backend();
    let rows = db.query_all(&query).await?;
    rows.iter()
        .map(|row| Ok((row.try_get("", "id")?, read_tags(backend, row)?)))
        .collect()
}

fn read_tags(backend: DbBackend, row: &QueryResult) -> Result<Vec<String>, DbErr> {
    if backend == DbBackend::Postgres {
        let tags: Option<Vec<String>> = row.try_get("", "tags")?;
        return Ok(tags.unwrap_or_default());
    }
    let Some(text) = row.try_get::<Option<String>>("", "tags")? else {
        return Ok(Vec::new());
    };
    serde_json::from_str(&text)
        .map_err(|e| DbErr::Type(format!("game_questions.tags is not a JSON array: {e}")))
}

/// Replaces the tags of question `id`; `DbErr::RecordNotUpdated` when there
/// is no such question.
pub async fn store_tags<C: ConnectionTrait>(db: &C, id: i32, tags: &[String]) -> Result<(), DbErr> {
    let value: Value = if db.get_database_backend() == DbBackend::Postgres {
        tags.to_vec().into()
    } else {
        serde_json::to_string(tags)
            .map_err(|e| DbErr::Custom(format!("tags: {e}")))?
            .into()
    };
    let update = Query::update()
        .table(TABLE)
        .value("tags", value)
        .and_where(Expr::col("id").eq(id))
        .to_owned();
    match db.execute(&update).await?.rows_affected() {
        0 => Err(DbErr::RecordNotUpdated),
        _ => Ok(()),
    }
}

/// "The question has tag X", as SQL with one placeholder for the tag, for
/// [`Expr::cust_with_values`] (or use [`tag_filter`]). It names the table
/// `game_questions`, so the query must not alias it.
pub fn tag_filter_sql(backend: DbBackend) -> &'static str {
    if backend == DbBackend::Postgres {
        "$1 = ANY(game_questions.tags)"
    } else {
        "EXISTS (SELECT 1 FROM json_each(game_questions.tags) WHERE json_each.value = ?)"
    }
}

/// "The question has tag `tag`", ready for `.filter(..)` / `.and_where(..)`.
pub fn tag_filter(backend: DbBackend, tag: &str) -> Expr {
    Expr::cust_with_values(tag_filter_sql(backend), [tag])
}
