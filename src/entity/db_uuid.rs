//! A UUID column that other apps may have written as text.
//!
//! PostgreSQL has a UUID type and all is well. On SQLite the migration makes
//! the column TEXT (what another app or a person writes there), but sqlx
//! binds and reads `Uuid` as a 16-byte BLOB only, so a text UUID would not
//! read back. `DbUuid` binds like `Uuid` and reads either form.
use std::fmt;

use sea_orm::{
    ColIdx, ColumnType, DbErr, IntoActiveValue, QueryResult, TryGetError, TryGetable, Value,
    sea_query::{ArrayType, Nullable, ValueType, ValueTypeErr},
};
use uuid::Uuid;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DbUuid(pub Uuid);

impl From<Uuid> for DbUuid {
    fn from(value: Uuid) -> Self {
        DbUuid(value)
    }
}

impl fmt::Display for DbUuid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl From<DbUuid> for Value {
    fn from(value: DbUuid) -> Self {
        Value::Uuid(Some(value.0))
    }
}

impl TryGetable for DbUuid {
    fn try_get_by<I: ColIdx>(res: &QueryResult, index: I) -> Result<Self, TryGetError> {
        match Uuid::try_get_by(res, index) {
            Ok(uuid) => Ok(DbUuid(uuid)),
            Err(TryGetError::Null(column)) => Err(TryGetError::Null(column)),
            // A text UUID on SQLite.
            Err(TryGetError::DbErr(_)) => {
                let text = String::try_get_by(res, index)?;
                Uuid::parse_str(text.trim()).map(DbUuid).map_err(|e| {
                    TryGetError::DbErr(DbErr::Type(format!("{index:?} is not a UUID: {e}")))
                })
            }
        }
    }
}

impl ValueType for DbUuid {
    fn try_from(v: Value) -> Result<Self, ValueTypeErr> {
        match v {
            Value::Uuid(Some(uuid)) => Ok(DbUuid(uuid)),
            Value::String(Some(s)) => Uuid::parse_str(&s).map(DbUuid).map_err(|_| ValueTypeErr),
            _ => Err(ValueTypeErr),
        }
    }

    fn type_name() -> String {
        "DbUuid".to_owned()
    }

    fn array_type() -> ArrayType {
        ArrayType::Uuid
    }

    fn column_type() -> ColumnType {
        ColumnType::Uuid
    }
}

impl Nullable for DbUuid {
    fn null() -> Value {
        Value::Uuid(None)
    }
}

impl IntoActiveValue<DbUuid> for DbUuid {
    fn into_active_value(self) -> sea_orm::ActiveValue<DbUuid> {
        sea_orm::ActiveValue::Set(self)
    }
}

impl sea_orm::TryFromU64 for DbUuid {
    fn try_from_u64(_: u64) -> Result<Self, DbErr> {
        Err(DbErr::ConvertFromU64("DbUuid"))
    }
}

impl sea_orm::sea_query::postgres_array::NotU8 for DbUuid {}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::{ConnectionTrait, Database, DbBackend, Statement};

    #[tokio::test]
    async fn text_and_blob_uuids_both_read_on_sqlite() {
        let db = Database::connect("sqlite::memory:").await.expect("sqlite");
        let id = Uuid::new_v4();
        let select = Statement::from_sql_and_values(
            DbBackend::Sqlite,
            "SELECT ? AS text_id, ? AS blob_id",
            [id.to_string().into(), DbUuid(id).into()],
        );
        let row = db
            .query_one_raw(select)
            .await
            .expect("select")
            .expect("row");
        assert_eq!(
            row.try_get::<DbUuid>("", "text_id").expect("text"),
            DbUuid(id)
        );
        assert_eq!(
            row.try_get::<DbUuid>("", "blob_id").expect("blob"),
            DbUuid(id)
        );
    }
}
