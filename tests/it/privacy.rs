//! DeleteUserData erases every trace of a user's words and phone number:
//! a search of every column of every table (but `users`, which other
//! applications own) finds neither afterwards.
use gamification::proto::{
    CreateTrainingBatchRequest, DeleteUserDataRequest, PromoteTurnToSampleRequest,
};
use sea_orm::{ConnectionTrait, DbBackend, Statement};

use crate::{
    games::{GameRequest, game_app, game_of, new_user, play_out, start_game},
    helpers::{ADMIN_TOKEN, TestApp},
};

/// Every (table, column) of the test database but `users` and the
/// migration bookkeeping.
async fn columns(app: &TestApp) -> Vec<(String, String)> {
    let backend = app.db.get_database_backend();
    let sql = match backend {
        DbBackend::Postgres => {
            "SELECT table_name::text, column_name::text FROM information_schema.columns \
             WHERE table_schema = current_schema()"
        }
        _ => {
            "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table'"
        }
    };
    let rows = app
        .db
        .query_all_raw(Statement::from_string(backend, sql.to_string()))
        .await
        .expect("columns");
    rows.into_iter()
        .map(|row| {
            (
                row.try_get_by_index::<String>(0).expect("table"),
                row.try_get_by_index::<String>(1).expect("column"),
            )
        })
        .filter(|(table, _)| {
            !matches!(
                table.as_str(),
                "users" | "seaql_migrations" | "sqlite_sequence"
            )
        })
        .collect()
}

/// Where `needle` occurs: `table.column` of every match.
async fn traces(app: &TestApp, needle: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (table, column) in columns(app).await {
        let sql = format!(
            "SELECT COUNT(*) FROM \"{table}\" WHERE CAST(\"{column}\" AS TEXT) LIKE '%{needle}%'"
        );
        if app.count(&sql).await > 0 {
            found.push(format!("{table}.{column}"));
        }
    }
    found
}

#[tokio::test]
async fn after_delete_user_data_no_table_holds_the_users_phone_or_words() {
    let app = game_app().await;
    // new_user(n) has the phone +9198765000nn.
    let (user, other) = (new_user(&app, 50).await, new_user(&app, 51).await);
    let phone = "9876500050";
    // Their turns: by user id (a training candidate), and by phone only,
    // in the spelling another application stored (trunk 0).
    app.exec(&format!(
        "INSERT INTO conversation_logs (user_id, session_id, user_message, nlu_intent, nlu_confidence, \
         is_training_candidate, created_at) VALUES \
         ({user}, 'chat-a', 'paneer wala secret order, call 98765 00050', 'order_food', '0.41', TRUE, CURRENT_TIMESTAMP), \
         ({other}, 'chat-b', 'someone else entirely', 'greet', '0.41', TRUE, CURRENT_TIMESTAMP)"
    ))
    .await;
    app.exec(
        "INSERT INTO conversation_logs (session_id, phone_number, user_message, nlu_intent, created_at) \
         VALUES ('chat-c', '09876500050', 'paneer wala secret again', 'greet', CURRENT_TIMESTAMP)",
    )
    .await;
    app.exec(&format!(
        "INSERT INTO conversation_memory (user_id, role, content, session_id) \
         VALUES ({user}, 'user', 'paneer wala secret memory', 'm-1')"
    ))
    .await;
    let turn: i64 = app
        .count(&format!(
            "SELECT CAST(id AS BIGINT) FROM conversation_logs WHERE user_id = {user}"
        ))
        .await;
    let admin = || app.conversations_as(Some(ADMIN_TOKEN));
    let promoted = admin()
        .promote_turn_to_sample(PromoteTurnToSampleRequest {
            turn_id: turn,
            intent: "order_food".into(),
            reviewer: "asha".into(),
            ..Default::default()
        })
        .await
        .expect("promote")
        .into_inner()
        .sample
        .expect("sample");
    assert_eq!(
        promoted.text, "paneer wala secret order, call [phone]",
        "scrubbed at promotion"
    );
    // A personalised game quoting their message, played to the end.
    let game = start_game(&app, game_of(user).chat("p-1")).await;
    play_out(&app, game, &[]).await;
    // A vote by another player on their sample, and one by them on another.
    app.exec(
        "INSERT INTO training_samples (text, intent, approved, review_status, created_at) \
         VALUES ('someone else entirely', 'greet', TRUE, 'approved', CURRENT_TIMESTAMP)",
    )
    .await;
    let others_sample = app
        .count(
            "SELECT CAST(id AS BIGINT) FROM training_samples WHERE text = 'someone else entirely'",
        )
        .await;
    app.exec(&format!(
        "INSERT INTO label_votes (sample_id, user_id, intent, weight) VALUES \
         ({0}, {other}, 'order_food', '1.0'), ({others_sample}, {user}, 'greet', '1.0')",
        promoted.id
    ))
    .await;
    // Their sample in a training batch.
    app.training()
        .create_training_batch(CreateTrainingBatchRequest {
            created_by: "ml-team".into(),
            ..Default::default()
        })
        .await
        .expect("batch");
    for needle in ["paneer wala", phone] {
        assert!(
            !traces(&app, needle).await.is_empty(),
            "the fixture holds {needle}"
        );
    }
    let plan_before = traces(&app, "paneer wala").await;
    assert!(
        plan_before.contains(&"game_sessions.mission_data".to_string())
            && plan_before.contains(&"training_batch_items.text".to_string()),
        "{plan_before:?}"
    );

    let erased = admin()
        .delete_user_data(DeleteUserDataRequest {
            user_id: user,
            requested_by: "privacy-desk".into(),
        })
        .await
        .expect("delete")
        .into_inner();

    for needle in ["paneer wala", phone, "98765 00050"] {
        assert_eq!(traces(&app, needle).await, Vec::<String>::new(), "{needle}");
    }
    assert_eq!(erased.conversation_logs_deleted, 2);
    assert_eq!(erased.conversation_memory_deleted, 1);
    assert!(erased.training_samples_deleted >= 1);
    assert_eq!(erased.training_batch_items_deleted, 1);
    assert_eq!(erased.label_votes_deleted, 2);
    assert_eq!(erased.game_sessions_scrubbed, 1);
    assert!(erased.game_answers_deleted >= 1);
    // Someone else's data stays.
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM conversation_logs WHERE user_message = 'someone else entirely'"
        )
        .await,
        1
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM training_samples WHERE text = 'someone else entirely'")
            .await,
        1
    );
    // The game stays, as an account of play.
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM game_sessions WHERE user_id = {user}"
        ))
        .await,
        1
    );
    // The audit: who, when, counts; no content.
    let counts = app
        .text(&format!(
            "SELECT CAST(counts AS TEXT) FROM gamification_deletion_audit \
             WHERE id = {} AND user_id = {user} AND requested_by = 'privacy-desk'",
            erased.audit_id
        ))
        .await;
    let counts: serde_json::Value = serde_json::from_str(&counts).expect("json");
    assert_eq!(counts["conversation_logs"], 2);
    assert_eq!(counts["label_votes"], 2);
}
