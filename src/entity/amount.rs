//! An exact decimal column: money (`DECIMAL(10,2)`) and ratios
//! (`DECIMAL(5,4)`).
//!
//! PostgreSQL stores NUMERIC and both SeaORM and sqlx read it as
//! [`Decimal`]. On SQLite the migration makes these columns TEXT, because
//! SeaORM reads a `Decimal` there through `f64`, which is not exact (0.10
//! would come back as 0.1000000000000000055...). `Amount` binds a
//! `Value::Decimal` (NUMERIC on PostgreSQL; sea-query-sqlx binds it as its
//! decimal string on SQLite) and reads a decimal string first, a `Decimal`
//! otherwise.
use std::{fmt, str::FromStr};

use rust_decimal::Decimal;
use sea_orm::{
    ColIdx, ColumnType, DbErr, IntoActiveValue, QueryResult, TryGetError, TryGetable, Value,
    sea_query::{ArrayType, Nullable, ValueType, ValueTypeErr},
};

/// An exact decimal stored in a money or ratio column.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Amount(pub Decimal);

impl Amount {
    pub const ZERO: Amount = Amount(Decimal::ZERO);
}

impl From<Decimal> for Amount {
    fn from(value: Decimal) -> Self {
        Amount(value)
    }
}

impl From<Amount> for Decimal {
    fn from(value: Amount) -> Self {
        value.0
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl FromStr for Amount {
    type Err = rust_decimal::Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Decimal::from_str(s.trim()).map(Amount)
    }
}

impl From<Amount> for Value {
    fn from(value: Amount) -> Self {
        Value::Decimal(Some(value.0))
    }
}

impl TryGetable for Amount {
    fn try_get_by<I: ColIdx>(res: &QueryResult, index: I) -> Result<Self, TryGetError> {
        match String::try_get_by(res, index) {
            Ok(text) => text.parse().map_err(|e| {
                TryGetError::DbErr(DbErr::Type(format!("{index:?} is not a decimal: {e}")))
            }),
            Err(TryGetError::Null(column)) => Err(TryGetError::Null(column)),
            // Not text: NUMERIC on PostgreSQL, or a number SQLite kept as
            // such (REAL, else INTEGER) because someone wrote one.
            Err(TryGetError::DbErr(_)) => match Decimal::try_get_by(res, index) {
                Ok(decimal) => Ok(Amount(decimal)),
                Err(TryGetError::DbErr(_)) => {
                    i64::try_get_by(res, index).map(|n| Amount(Decimal::from(n)))
                }
                Err(null) => Err(null),
            },
        }
    }
}

impl ValueType for Amount {
    fn try_from(v: Value) -> Result<Self, ValueTypeErr> {
        match v {
            Value::Decimal(Some(d)) => Ok(Amount(d)),
            Value::String(Some(s)) => s.parse().map_err(|_| ValueTypeErr),
            _ => Err(ValueTypeErr),
        }
    }

    fn type_name() -> String {
        "Amount".to_owned()
    }

    fn array_type() -> ArrayType {
        ArrayType::Decimal
    }

    fn column_type() -> ColumnType {
        ColumnType::Decimal(None)
    }
}

impl Nullable for Amount {
    fn null() -> Value {
        Value::Decimal(None)
    }
}

impl IntoActiveValue<Amount> for Amount {
    fn into_active_value(self) -> sea_orm::ActiveValue<Amount> {
        sea_orm::ActiveValue::Set(self)
    }
}

impl sea_orm::sea_query::postgres_array::NotU8 for Amount {}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::{ConnectionTrait, Database, DbBackend, Statement};

    #[tokio::test]
    async fn a_tenth_round_trips_exactly_on_sqlite() {
        let db = Database::connect("sqlite::memory:").await.expect("sqlite");
        db.execute_unprepared("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b TEXT)")
            .await
            .expect("table");
        let tenth: Amount = "0.10".parse().expect("decimal");
        let insert = Statement::from_sql_and_values(
            DbBackend::Sqlite,
            "INSERT INTO t (id, a, b) VALUES (1, ?, ?)",
            [tenth.into(), Amount::null()],
        );
        db.execute_raw(insert).await.expect("insert");

        let select = Statement::from_string(DbBackend::Sqlite, "SELECT a, b FROM t");
        let row = db
            .query_one_raw(select)
            .await
            .expect("select")
            .expect("row");
        let a: Amount = row.try_get("", "a").expect("a");
        let b: Option<Amount> = row.try_get("", "b").expect("b");
        assert_eq!(a, tenth);
        assert_eq!(a.to_string(), "0.10", "the scale is kept too");
        assert_eq!(b, None);
    }

    #[tokio::test]
    async fn numbers_sqlite_kept_as_numbers_are_read_too() {
        let db = Database::connect("sqlite::memory:").await.expect("sqlite");
        let select = Statement::from_string(DbBackend::Sqlite, "SELECT 5 AS n, 0.5 AS r");
        let row = db.query_one_raw(select).await.expect("select");
        let row = row.expect("row");
        let n: Amount = row.try_get("", "n").expect("n");
        assert_eq!(n, Amount(Decimal::from(5)));
        let r: Amount = row.try_get("", "r").expect("r");
        assert_eq!(r, Amount(Decimal::new(5, 1)));
    }
}
