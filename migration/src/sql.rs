//! One SQL text per statement, rendered for the backend at hand.
//!
//! The PostgreSQL column types are a contract: a Prisma (TypeScript) app and
//! a PHP backend read these tables, so they must see exactly the types the
//! database audit lists (SERIAL, JSONB, TEXT[], DECIMAL(p,s), UUID,
//! TIMESTAMP without time zone). SQLite, used for development and tests,
//! gets the nearest equivalent. Templates name the dialect-dependent parts
//! with tokens; everything else is plain SQL both backends accept.
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{DbBackend, Statement, Value};

/// `(token, PostgreSQL, SQLite)`.
const TOKENS: &[(&str, &str, &str)] = &[
    (
        "{pk}",
        "SERIAL PRIMARY KEY",
        "INTEGER PRIMARY KEY AUTOINCREMENT",
    ),
    ("{jsonb}", "JSONB", "TEXT"),
    // SQLite keeps a JSON array text, e.g. `["starter","intent_quest"]`.
    ("{text_array}", "TEXT[]", "TEXT"),
    // TEXT on SQLite on purpose: a NUMERIC column would turn "0.10" into a
    // float; the entities keep exact decimal strings there.
    ("{money}", "DECIMAL(10,2)", "TEXT"),
    ("{ratio}", "DECIMAL(5,4)", "TEXT"),
    ("{uuid}", "UUID", "TEXT"),
    ("{uuid_default}", " DEFAULT gen_random_uuid()", ""),
    ("{timestamp}", "TIMESTAMP", "TIMESTAMP"),
    // New tables store UTC whatever the server's time zone is; SQLite's
    // CURRENT_TIMESTAMP already is UTC.
    ("{now}", "(now() AT TIME ZONE 'utc')", "CURRENT_TIMESTAMP"),
    // Parameters bound as text and stored in a JSONB / TEXT[] column.
    ("{json_param}", "CAST(? AS JSONB)", "?"),
    ("{text_array_param}", "CAST(? AS TEXT[])", "?"),
];

/// Replaces the dialect tokens, and on PostgreSQL numbers the `?`
/// placeholders (`$1`, `$2`, ...). Templates must not contain a literal `?`.
pub fn render(backend: DbBackend, template: &str) -> String {
    let postgres = backend == DbBackend::Postgres;
    let mut sql = template.to_owned();
    for (token, pg, lite) in TOKENS {
        sql = sql.replace(token, if postgres { pg } else { lite });
    }
    if postgres {
        number_placeholders(&sql)
    } else {
        sql
    }
}

fn number_placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut n = 0;
    for c in sql.chars() {
        if c == '?' {
            n += 1;
            out.push_str(&format!("${n}"));
        } else {
            out.push(c);
        }
    }
    out
}

/// Renders and runs each statement in order.
pub async fn run_all(manager: &SchemaManager<'_>, templates: &[&str]) -> Result<(), DbErr> {
    let backend = manager.get_database_backend();
    for template in templates {
        manager
            .get_connection()
            .execute_unprepared(&render(backend, template))
            .await?;
    }
    Ok(())
}

/// Renders and runs one statement with bound values.
pub async fn run_with(
    manager: &SchemaManager<'_>,
    template: &str,
    values: Vec<Value>,
) -> Result<(), DbErr> {
    let backend = manager.get_database_backend();
    let stmt = Statement::from_sql_and_values(backend, render(backend, template), values);
    manager.get_connection().execute_raw(stmt).await.map(|_| ())
}

/// A list of strings in the form [`render`]'s `{text_array_param}` expects:
/// a PostgreSQL array literal or, on SQLite, a JSON array.
/// The items must be plain words (no quotes, commas or braces).
pub fn text_array_value(backend: DbBackend, items: &[&str]) -> String {
    if backend == DbBackend::Postgres {
        format!("{{{}}}", items.join(","))
    } else {
        let quoted: Vec<String> = items.iter().map(|item| format!("\"{item}\"")).collect();
        format!("[{}]", quoted.join(","))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_render_per_backend() {
        let t = "CREATE TABLE t (id {pk}, j {jsonb} DEFAULT '{}', m {money})";
        assert_eq!(
            render(DbBackend::Postgres, t),
            "CREATE TABLE t (id SERIAL PRIMARY KEY, j JSONB DEFAULT '{}', m DECIMAL(10,2))"
        );
        assert_eq!(
            render(DbBackend::Sqlite, t),
            "CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, j TEXT DEFAULT '{}', m TEXT)"
        );
    }

    #[test]
    fn placeholders_are_numbered_on_postgres_only() {
        let t = "INSERT INTO t (a, b) VALUES (?, {json_param})";
        assert_eq!(
            render(DbBackend::Postgres, t),
            "INSERT INTO t (a, b) VALUES ($1, CAST($2 AS JSONB))"
        );
        assert_eq!(
            render(DbBackend::Sqlite, t),
            "INSERT INTO t (a, b) VALUES (?, ?)"
        );
    }

    #[test]
    fn text_arrays_are_array_literals_or_json() {
        let items = ["starter", "intent_quest"];
        assert_eq!(
            text_array_value(DbBackend::Postgres, &items),
            "{starter,intent_quest}"
        );
        assert_eq!(
            text_array_value(DbBackend::Sqlite, &items),
            r#"["starter","intent_quest"]"#
        );
    }
}
