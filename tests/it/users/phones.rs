//! One person, one user: every way of writing a number finds the same row,
//! and what older versions or other applications stored is still found.
use gamification::proto::{
    DeleteUserDataRequest, GetUserRequest, LogTurnRequest, UpsertUserRequest, User,
    get_user_request::Lookup,
};
use tonic::Code;

use super::upsert;
use crate::{
    conversations::{TurnFields, log, turn_saying},
    helpers::{ADMIN_TOKEN, TestApp, expect_code, field_violations, set_setting},
};

async fn upserted(app: &TestApp, request: UpsertUserRequest) -> (User, bool) {
    let response = app
        .users()
        .upsert_user(request)
        .await
        .expect("upsert")
        .into_inner();
    (response.user.expect("user"), response.created)
}

#[tokio::test]
async fn every_way_of_writing_one_indian_number_gives_one_user() {
    let app = TestApp::spawn().await;
    let (first, created) = upserted(&app, upsert(None, "+91 98123 45678")).await;
    assert!(created);
    for form in [
        "+91 0 98123 45678",
        "0091 98123 45678",
        "091 98123 45678",
        "098123 45678",
        "98123-45678",
        "(0) 98123 45678",
        "919812345678",
    ] {
        let (user, created) = upserted(&app, upsert(None, form)).await;
        assert_eq!((user.id, created), (first.id, false), "{form}");
        assert_eq!(user.phone, "+919812345678", "{form}");
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM users").await, 1);
}

#[tokio::test]
async fn a_user_stored_in_another_spelling_is_found_and_given_the_e164_form() {
    let app = TestApp::spawn().await;
    // As another application or an older version of this one left them.
    app.exec(
        "INSERT INTO users (php_user_id, phone) \
         VALUES (71, '9812345678'), (72, '+9109811111111')",
    )
    .await;
    let stored =
        |php: i32| format!("SELECT CAST(id AS BIGINT) FROM users WHERE php_user_id = {php}");
    let legacy = app.count(&stored(71)).await as i32;
    let found = app
        .users()
        .get_user(GetUserRequest {
            lookup: Some(Lookup::Phone("+91 98123 45678".into())),
        })
        .await
        .expect("found by another spelling")
        .into_inner()
        .user
        .expect("user");
    assert_eq!(found.id, legacy);

    let (user, created) = upserted(&app, upsert(None, "098123 45678")).await;
    assert_eq!((user.id, created), (legacy, false));
    assert_eq!(user.phone, "+919812345678", "rewritten to E.164 on upsert");
    let (other, created) = upserted(&app, upsert(Some(72), "+91 98111 11111")).await;
    assert_eq!(other.id as i64, app.count(&stored(72)).await);
    assert!(!created);
    assert_eq!(app.count("SELECT COUNT(*) FROM users").await, 2);
}

#[tokio::test]
async fn invalid_phone_numbers_are_refused_naming_the_field() {
    let app = TestApp::spawn().await;
    for bad in [
        "+91 98123 4567",
        "0000000000",
        "98123x45678",
        "+999 12345678",
    ] {
        let status = expect_code(
            app.users().upsert_user(upsert(Some(5), bad)).await,
            Code::InvalidArgument,
        );
        let fields: Vec<_> = field_violations(&status)
            .into_iter()
            .map(|(f, _)| f)
            .collect();
        assert_eq!(fields, ["phone"], "{bad}");
        let mut input = turn_saying("hello")
            .chat("s")
            .intent("greet")
            .confidence("0.9");
        input.phone_number = bad.into();
        let status = expect_code(
            app.conversations()
                .log_turn(LogTurnRequest {
                    turn: Some(input),
                    request_id: String::new(),
                })
                .await,
            Code::InvalidArgument,
        );
        assert_eq!(field_violations(&status)[0].0, "phone_number", "{bad}");
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM users").await, 0);
    assert_eq!(app.count("SELECT COUNT(*) FROM conversation_logs").await, 0);
}

#[tokio::test]
async fn the_default_region_setting_decides_how_national_numbers_are_read() {
    let app = TestApp::spawn().await;
    set_setting(&app, "phone_default_region", "gb").await;
    let (user, _) = upserted(&app, upsert(None, "020 7946 0958")).await;
    assert_eq!(user.phone, "+442079460958");
    let (indian, _) = upserted(&app, upsert(None, "+91 98123 45678")).await;
    assert_eq!(indian.phone, "+919812345678", "a country code still wins");
}

#[tokio::test]
async fn turns_are_logged_in_e164_and_erased_with_their_user_whatever_the_spelling() {
    let app = TestApp::spawn().await;
    let (user, _) = upserted(&app, upsert(Some(42), "98123 45678")).await;
    let mut spelled = turn_saying("kal milte hain")
        .chat("s")
        .intent("greet")
        .confidence("0.9");
    spelled.phone_number = "098123-45678".into();
    let logged = log(&app, spelled).await;
    let stored = app
        .text(&format!(
            "SELECT phone_number FROM conversation_logs WHERE id = {}",
            logged.id
        ))
        .await;
    assert_eq!(stored, "+919812345678");
    // Logged raw by a version before phones were normalised in turns.
    app.exec(
        "INSERT INTO conversation_logs (session_id, phone_number, user_message) \
         VALUES ('old', '919812345678', 'purana')",
    )
    .await;
    let mut someone_else = turn_saying("hello")
        .chat("x")
        .intent("greet")
        .confidence("0.9");
    someone_else.phone_number = "+91 98111 11111".into();
    log(&app, someone_else).await;

    let erased = app
        .conversations_as(Some(ADMIN_TOKEN))
        .delete_user_data(DeleteUserDataRequest {
            user_id: user.id,
            ..Default::default()
        })
        .await
        .expect("delete")
        .into_inner();
    assert_eq!(erased.conversation_logs_deleted, 2);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM conversation_logs").await,
        1,
        "only the other person's turn is left"
    );
}
