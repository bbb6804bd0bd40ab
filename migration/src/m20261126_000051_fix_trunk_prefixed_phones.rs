//! Versions before the phone library stored `+91 0 98123 45678` as
//! `+9109812345678`: the trunk prefix 0 kept after the country code, so the
//! same person could get a second user. No Indian number starts with 0
//! after +91, so dropping that one 0 is unambiguous; this rewrites such
//! rows to E.164 (`+919812345678`).
//!
//! `users` is shared with other applications, so the rewrite is narrow:
//! only this one pattern, which only our older code produced, and only when
//! no other row already holds the E.164 form (that would be two users for
//! one person: merging them is a person's decision, so the row is left and
//! logged). Other spellings written by other applications are not touched:
//! the service finds them by their spellings and writes E.164 the next time
//! the user is upserted through it.
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{Statement, Value};

use crate::sql;

#[derive(DeriveMigrationName)]
pub struct Migration;

const FIND: &str = "SELECT id, phone FROM users WHERE phone LIKE '+910%' ORDER BY id";
const TAKEN: &str = "SELECT COUNT(*) AS n FROM users WHERE phone = ?";
const REWRITE: &str = "UPDATE users SET phone = ?, updated_at = {now} WHERE id = ? AND phone = ?";

/// `+910` and ten digits, the first not 0: the E.164 form, else None.
fn without_trunk_prefix(stored: &str) -> Option<String> {
    let national = stored.strip_prefix("+910")?;
    let digits = national.len() == 10 && national.bytes().all(|b| b.is_ascii_digit());
    (digits && !national.starts_with('0')).then(|| format!("+91{national}"))
}

async fn taken(manager: &SchemaManager<'_>, phone: &str) -> Result<bool, DbErr> {
    let backend = manager.get_database_backend();
    let sql = sql::render(backend, TAKEN);
    let stmt = Statement::from_sql_and_values(backend, sql, vec![Value::from(phone)]);
    let row = manager.get_connection().query_one_raw(stmt).await?;
    let n: i64 = row.map(|r| r.try_get("", "n")).transpose()?.unwrap_or(0);
    Ok(n > 0)
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let stmt = Statement::from_string(manager.get_database_backend(), FIND);
        for row in db.query_all_raw(stmt).await? {
            let id: i32 = row.try_get("", "id")?;
            let stored: String = row.try_get("", "phone")?;
            let Some(e164) = without_trunk_prefix(&stored) else {
                continue;
            };
            if taken(manager, &e164).await? {
                tracing::warn!(
                    user_id = id,
                    "phone kept as stored: its E.164 form belongs to another user (two users for one number; merge by hand)"
                );
                continue;
            }
            let values = vec![e164.into(), id.into(), stored.into()];
            sql::run_with(manager, REWRITE, values).await?;
            tracing::info!(user_id = id, "phone rewritten to E.164");
        }
        Ok(())
    }

    /// Nothing to undo: the old form was a mistake, and bringing it back
    /// would split users again.
    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_trunk_prefixed_indian_form_is_rewritten() {
        let cases = [
            ("+9109812345678", Some("+919812345678")),
            ("+9101123456789", Some("+911123456789")),
            ("+919812345678", None),
            ("+91098123456789", None),
            ("+910981234567", None),
            ("+9100812345678", None),
            ("+91098123-5678", None),
            ("09812345678", None),
        ];
        for (stored, expected) in cases {
            assert_eq!(
                without_trunk_prefix(stored).as_deref(),
                expected,
                "{stored}"
            );
        }
    }
}
