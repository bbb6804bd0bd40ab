use gamification::proto::{GetUserRequest, UpsertUserRequest, get_user_request::Lookup};
use tonic::Code;

use crate::helpers::{TestApp, expect_code, field_violations};

mod phones;

pub fn upsert(php_user_id: Option<i32>, phone: &str) -> UpsertUserRequest {
    UpsertUserRequest {
        php_user_id,
        phone: phone.into(),
        ..Default::default()
    }
}

#[tokio::test]
async fn a_new_user_starts_with_zero_totals_and_is_found_by_each_key() {
    let app = TestApp::spawn().await;
    let mut request = upsert(Some(501), "98123 45678");
    request.first_name = "Priya".into();
    request.preferred_language = "hi".into();
    request.preferences_json = r#"{"quiet_hours":[22,7]}"#.into();
    let response = app
        .users()
        .upsert_user(request)
        .await
        .expect("upsert")
        .into_inner();
    assert!(response.created);
    let user = response.user.expect("user");
    assert_eq!(user.phone, "+919812345678", "stored as E.164");
    assert_eq!((user.total_games_played, user.loyalty_points), (0, 0));
    assert_eq!(user.total_rewards_earned, "0.00");
    assert_eq!(user.preferred_language, "hi");

    for lookup in [
        Lookup::Id(user.id),
        Lookup::PhpUserId(501),
        Lookup::Phone("+91-98123-45678".into()),
    ] {
        let found = app
            .users()
            .get_user(GetUserRequest {
                lookup: Some(lookup.clone()),
            })
            .await;
        assert_eq!(
            found.expect("get").into_inner().user.expect("user").id,
            user.id,
            "{lookup:?}"
        );
    }
}

#[tokio::test]
async fn upsert_matches_on_php_user_id_first_then_on_phone() {
    let app = TestApp::spawn().await;
    let first = app
        .users()
        .upsert_user(upsert(None, "09812345678"))
        .await
        .expect("by phone")
        .into_inner();
    // The PHP backend learns the user's id later: the phone match links it.
    let linked = app
        .users()
        .upsert_user(upsert(Some(77), "+919812345678"))
        .await
        .expect("link")
        .into_inner();
    assert!(!linked.created);
    let user = linked.user.expect("user");
    assert_eq!(user.id, first.user.expect("user").id);
    assert_eq!(user.php_user_id, Some(77));
    // Now the php id alone finds the user, and an update keeps other fields.
    let mut rename = upsert(Some(77), "");
    rename.email = "priya@example.in".into();
    let renamed = app
        .users()
        .upsert_user(rename)
        .await
        .expect("update")
        .into_inner();
    let renamed = renamed.user.expect("user");
    assert_eq!(
        (renamed.id, renamed.phone.as_str()),
        (user.id, "+919812345678")
    );
    assert_eq!(renamed.email, "priya@example.in");
    assert_eq!(app.count("SELECT COUNT(*) FROM users").await, 1);
}

#[tokio::test]
async fn a_phone_that_belongs_to_another_php_user_is_refused() {
    let app = TestApp::spawn().await;
    app.users()
        .upsert_user(upsert(Some(1), "9812345678"))
        .await
        .expect("first");
    app.users()
        .upsert_user(upsert(Some(2), "9898989898"))
        .await
        .expect("second");
    let status = expect_code(
        app.users().upsert_user(upsert(Some(2), "9812345678")).await,
        Code::AlreadyExists,
    );
    assert!(
        !status.message().contains("9812345678"),
        "the phone is masked: {}",
        status.message()
    );
    expect_code(
        app.users().upsert_user(upsert(Some(3), "9812345678")).await,
        Code::AlreadyExists,
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM users").await, 2);
}

#[tokio::test]
async fn bad_user_input_names_each_field_and_writes_nothing() {
    let app = TestApp::spawn().await;
    let request = UpsertUserRequest {
        php_user_id: Some(-4),
        phone: "12345".into(),
        email: "not-an-email".into(),
        preferred_language: "english!".into(),
        preferences_json: "[1, 2]".into(),
        interests_json: "{broken".into(),
        ..Default::default()
    };
    let status = expect_code(
        app.users().upsert_user(request).await,
        Code::InvalidArgument,
    );
    let mut fields: Vec<String> = field_violations(&status)
        .into_iter()
        .map(|(f, _)| f)
        .collect();
    fields.sort();
    assert_eq!(
        fields,
        [
            "email",
            "interests_json",
            "phone",
            "php_user_id",
            "preferences_json",
            "preferred_language"
        ]
    );
    let empty = expect_code(
        app.users().upsert_user(upsert(None, "")).await,
        Code::InvalidArgument,
    );
    assert_eq!(field_violations(&empty)[0].0, "php_user_id");
    assert_eq!(app.count("SELECT COUNT(*) FROM users").await, 0);
}

#[tokio::test]
async fn unknown_users_are_not_found_and_a_lookup_is_required() {
    let app = TestApp::spawn().await;
    let missing = app
        .users()
        .get_user(GetUserRequest {
            lookup: Some(Lookup::PhpUserId(404)),
        })
        .await;
    expect_code(missing, Code::NotFound);
    expect_code(
        app.users().get_user(GetUserRequest { lookup: None }).await,
        Code::InvalidArgument,
    );
    let bad_phone = app
        .users()
        .get_user(GetUserRequest {
            lookup: Some(Lookup::Phone("abc".into())),
        })
        .await;
    expect_code(bad_phone, Code::InvalidArgument);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_first_contacts_of_one_user_create_one_row() {
    let app = TestApp::spawn().await;
    let calls = (0..6).map(|_| {
        let mut client = app.users();
        tokio::spawn(async move { client.upsert_user(upsert(Some(900), "9000000001")).await })
    });
    let mut ids = Vec::new();
    for call in calls {
        let response = call
            .await
            .expect("task")
            .expect("upsert succeeds")
            .into_inner();
        ids.push(response.user.expect("user").id);
    }
    ids.dedup();
    assert_eq!(ids.len(), 1, "one user for all calls: {ids:?}");
    assert_eq!(app.count("SELECT COUNT(*) FROM users").await, 1);
}
