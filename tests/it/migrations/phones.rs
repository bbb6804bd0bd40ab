//! The rewrite of phones older versions stored with the trunk prefix kept
//! (`+9109812345678`): only that form, only without a clash.
use migration::{Migrator, MigratorTrait};
use sea_orm::ConnectionTrait;

use super::{old_app::old_app_database, query_all};

#[tokio::test]
async fn trunk_prefixed_phones_become_e164_unless_another_user_has_that_number() {
    let (_database, db) = old_app_database().await;
    let rows = "INSERT INTO users (php_user_id, phone) VALUES
        (201, '+9109812345678'), (202, '+9109811111111'), (203, '+919811111111'),
        (204, '9812300000'), (205, '+910123')";
    db.execute_unprepared(rows).await.expect("old rows");

    Migrator::up(&db, None).await.expect("up");

    let sql = "SELECT php_user_id, phone FROM users WHERE php_user_id > 200 ORDER BY php_user_id";
    let phones: Vec<(i32, String)> = query_all(&db, sql)
        .await
        .iter()
        .map(|row| {
            let php: i32 = row.try_get("", "php_user_id").expect("php_user_id");
            (php, row.try_get("", "phone").expect("phone"))
        })
        .collect();
    let expected = [
        (201, "+919812345678", "rewritten"),
        (202, "+9109811111111", "kept: user 203 has the E.164 form"),
        (203, "+919811111111", "untouched"),
        (
            204,
            "9812300000",
            "another app's spelling is not ours to rewrite",
        ),
        (205, "+910123", "not a number: kept"),
    ];
    assert_eq!(phones.len(), expected.len());
    for ((php, phone), (want_php, want, why)) in phones.iter().zip(expected) {
        assert_eq!((*php, phone.as_str()), (want_php, want), "{why}");
    }
}
