//! A database as the old apps left it: their tables made by their own SQL
//! (not by our migrations), with rows, and a Label Studio table beside them.
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, Statement};

use crate::db::TestDatabase;

pub const USERS: usize = 2;
pub const GAME_SESSIONS: usize = 2;
pub const CONVERSATION_MEMORY: usize = 3;
pub const FLOW_RUNS: usize = 3;
pub const FIRST_RUN_ID: &str = "0f8fad5b-d9cb-469f-a165-70867728950e";

/// Every table that is not ours, with the columns it had before us.
#[rustfmt::skip]
pub const OLD_TABLES: [(&str, &[&str]); 6] = [
    ("users", &[
        "id", "php_user_id", "phone", "email", "first_name", "last_name", "preferred_language",
        "preferences", "interests", "total_games_played", "total_rewards_earned",
        "loyalty_points", "created_at", "updated_at", "last_active_at",
    ]),
    ("flows", &[
        "id", "name", "description", "module", "trigger", "version", "states", "initialState",
        "finalStates", "contextSchema", "metadata", "enabled", "status", "created_at",
        "updated_at",
    ]),
    ("game_sessions", &[
        "id", "session_id", "user_id", "game_type", "difficulty", "language", "mission_id",
        "mission_data", "status", "score", "completion_time_seconds", "rewards_earned",
        "started_at", "completed_at", "updated_at",
    ]),
    ("conversation_memory", &[
        "id", "user_id", "role", "content", "turn_number", "session_id", "created_at",
    ]),
    ("flow_runs", &[
        "id", "flow_id", "session_id", "phone_number", "current_state", "context", "status",
        "error", "started_at", "completed_at", "updated_at",
    ]),
    ("ml_mlbackendtrainjob", &[
        "id", "job_id", "model_version", "created_at", "updated_at", "ml_backend_id",
    ]),
];

// Written the way Prisma and Django wrote them; `{..}` as in migration::sql.
const SCHEMA: &[&str] = &[
    r#"CREATE TABLE "users" ("id" {pk}, "php_user_id" INTEGER, "phone" VARCHAR(20),
        "email" VARCHAR(255), "first_name" VARCHAR(100), "last_name" VARCHAR(100),
        "preferred_language" VARCHAR(10) DEFAULT 'en', "preferences" {jsonb}, "interests" {jsonb},
        "total_games_played" INTEGER NOT NULL DEFAULT 0,
        "total_rewards_earned" {money} NOT NULL DEFAULT 0,
        "loyalty_points" INTEGER NOT NULL DEFAULT 0,
        "created_at" TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
        "updated_at" TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, "last_active_at" TIMESTAMP)"#,
    r#"CREATE UNIQUE INDEX "users_php_user_id_key" ON "users"("php_user_id")"#,
    r#"CREATE UNIQUE INDEX "users_phone_key" ON "users"("phone")"#,
    r#"CREATE TABLE "flows" ("id" TEXT NOT NULL, "name" TEXT NOT NULL, "description" TEXT,
        "module" TEXT NOT NULL DEFAULT 'general', "trigger" TEXT,
        "version" TEXT NOT NULL DEFAULT '1.0.0', "states" {jsonb} NOT NULL,
        "initialState" TEXT NOT NULL, "finalStates" {jsonb} NOT NULL, "contextSchema" {jsonb},
        "metadata" {jsonb}, "enabled" BOOLEAN NOT NULL DEFAULT true,
        "status" TEXT NOT NULL DEFAULT 'active',
        "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP, "updated_at" TIMESTAMP(3),
        CONSTRAINT "flows_pkey" PRIMARY KEY ("id"))"#,
    r#"CREATE TABLE "game_sessions" ("id" {pk}, "session_id" VARCHAR(100) NOT NULL,
        "user_id" INTEGER NOT NULL REFERENCES "users"("id"), "game_type" VARCHAR(50) NOT NULL,
        "difficulty" VARCHAR(20) DEFAULT 'medium', "language" VARCHAR(10) DEFAULT 'en',
        "mission_id" VARCHAR(100), "mission_data" {jsonb}, "status" VARCHAR(20) DEFAULT 'active',
        "score" INTEGER DEFAULT 0, "completion_time_seconds" INTEGER, "rewards_earned" {jsonb},
        "started_at" TIMESTAMP DEFAULT CURRENT_TIMESTAMP, "completed_at" TIMESTAMP,
        "updated_at" TIMESTAMP DEFAULT CURRENT_TIMESTAMP)"#,
    r#"CREATE TABLE "conversation_memory" ("id" {pk},
        "user_id" INTEGER NOT NULL REFERENCES "users"("id"), "role" VARCHAR(10),
        "content" TEXT NOT NULL, "turn_number" INTEGER, "session_id" VARCHAR(100),
        "created_at" TIMESTAMP DEFAULT CURRENT_TIMESTAMP)"#,
    r#"CREATE INDEX "idx_conversation_memory_session" ON "conversation_memory"("session_id")"#,
    r#"CREATE INDEX "idx_conversation_memory_user_id" ON "conversation_memory"("user_id")"#,
    r#"CREATE TABLE "flow_runs" ("id" {uuid} NOT NULL{uuid_default},
        "flow_id" TEXT REFERENCES "flows"("id"), "session_id" TEXT, "phone_number" TEXT,
        "current_state" TEXT, "context" {jsonb} DEFAULT '{}', "status" TEXT DEFAULT 'active',
        "error" TEXT, "started_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
        "completed_at" TIMESTAMP(3), "updated_at" TIMESTAMP(3) NOT NULL,
        CONSTRAINT "flow_runs_pkey" PRIMARY KEY ("id"))"#,
    r#"CREATE TABLE "ml_mlbackendtrainjob" ("id" {pk}, "job_id" VARCHAR(128) NOT NULL,
        "model_version" TEXT, "created_at" TIMESTAMP NOT NULL, "updated_at" TIMESTAMP NOT NULL,
        "ml_backend_id" INTEGER NOT NULL)"#,
];

#[rustfmt::skip]
const FLOW_IDS: [&str; 9] = [
    "greeting_v1", "help_v1", "farewell_v1", "order_food_v1", "track_order_v1",
    "cancel_order_v1", "refund_v1", "feedback_v1", "change_address_v1",
];

const ROWS: &[&str] = &[
    r#"INSERT INTO users (php_user_id, phone, email, first_name, preferences, interests,
        total_games_played, total_rewards_earned, loyalty_points, created_at, updated_at)
        VALUES (101, '+919800000001', 'asha@example.in', 'Asha', '{"veg": true}',
        '["biryani", "dosa"]', 4, '12.50', 40, '2025-10-01 09:00:00', '2025-11-01 09:00:00')"#,
    "INSERT INTO users (php_user_id, phone, preferred_language, created_at, updated_at)
        VALUES (102, '+919800000002', 'hi', '2025-10-02 10:00:00', '2025-10-02 10:00:00')",
    r#"INSERT INTO game_sessions (session_id, user_id, game_type, mission_data, status, score,
        rewards_earned, started_at, completed_at)
        SELECT 'sess-1', id, 'intent_quest', '{"round": 1}', 'completed', 80,
        '{"amount": 4.0}', '2025-10-05 12:00:00', '2025-10-05 12:05:00'
        FROM users WHERE php_user_id = 101"#,
    "INSERT INTO game_sessions (session_id, user_id, game_type, difficulty, language)
        SELECT 'sess-2', id, 'tone_detective', 'hard', 'hi' FROM users WHERE php_user_id = 102",
    "INSERT INTO conversation_memory (user_id, role, content, turn_number, session_id)
        SELECT id, 'user', 'Where is my biryani?', 1, 'chat-1' FROM users WHERE php_user_id = 101",
    "INSERT INTO conversation_memory (user_id, role, content, turn_number, session_id)
        SELECT id, 'assistant', 'It is 5 minutes away.', 2, 'chat-1'
        FROM users WHERE php_user_id = 101",
    "INSERT INTO conversation_memory (user_id, role, content, turn_number, session_id)
        SELECT id, 'user', 'नमस्ते', 1, 'chat-2' FROM users WHERE php_user_id = 102",
    r#"INSERT INTO flow_runs (id, flow_id, session_id, phone_number, current_state, context,
        status, started_at, updated_at) VALUES ('0f8fad5b-d9cb-469f-a165-70867728950e',
        'greeting_v1', 'chat-1', '+919800000001', 'greet', '{"step": 1}', 'completed',
        '2025-11-01 08:00:00.123', '2025-11-01 08:00:01.456')"#,
    "INSERT INTO flow_runs (id, flow_id, session_id, status, error, updated_at)
        VALUES ('7c9e6679-7425-40de-944b-e07fc1f90ae7', 'order_food_v1', 'chat-2', 'failed',
        'menu service timed out', '2025-11-02 09:00:00')",
    "INSERT INTO flow_runs (id, flow_id, updated_at)
        VALUES ('16fd2706-8baf-433b-82eb-8c7fada847da', 'help_v1', '2025-11-03 10:00:00')",
    "INSERT INTO ml_mlbackendtrainjob (job_id, model_version, created_at, updated_at,
        ml_backend_id) VALUES ('job-1', 'indicbert-v3', '2025-09-01 00:00:00',
        '2025-09-01 01:00:00', 1)",
    "INSERT INTO ml_mlbackendtrainjob (job_id, created_at, updated_at, ml_backend_id)
        VALUES ('job-2', '2025-09-02 00:00:00', '2025-09-02 00:00:00', 2)",
];

/// A fresh database holding the old apps' tables and rows, and a connection.
pub async fn old_app_database() -> (TestDatabase, DatabaseConnection) {
    let database = TestDatabase::new().await;
    let db = Database::connect(&database.url).await.expect("connect");
    let backend = db.get_database_backend();
    let schema = SCHEMA
        .iter()
        .map(|sql| migration::sql::render(backend, sql));
    let flows = FLOW_IDS.iter().enumerate().map(|(i, id)| {
        let enabled = if i % 4 == 3 { "FALSE" } else { "TRUE" };
        format!(
            r#"INSERT INTO flows (id, name, states, "initialState", "finalStates", enabled,
                created_at) VALUES ('{id}', 'Flow {i}', '{{"start": {{}}}}', 'start', '["end"]',
                {enabled}, '2025-08-01 00:00:00')"#
        )
    });
    let rows = ROWS.iter().map(|sql| sql.to_string());
    for sql in schema.chain(flows).chain(rows) {
        let result = db.execute_unprepared(&sql).await;
        result.unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
    (database, db)
}

/// Every old table's rows, every value as text, in a stable order.
pub async fn snapshot(db: &DatabaseConnection) -> Vec<(String, Vec<Vec<Option<String>>>)> {
    let mut tables = Vec::new();
    for (table, columns) in OLD_TABLES {
        let list: Vec<String> = columns
            .iter()
            .map(|c| format!(r#"CAST("{c}" AS TEXT) AS "{c}""#))
            .collect();
        let sql = format!(
            "SELECT {} FROM {table} ORDER BY CAST(id AS TEXT)",
            list.join(", ")
        );
        let stmt = Statement::from_string(db.get_database_backend(), sql);
        let rows = db.query_all_raw(stmt).await.expect("snapshot");
        let rows = rows
            .iter()
            .map(|row| {
                columns
                    .iter()
                    .map(|c| row.try_get("", c).expect("text"))
                    .collect()
            })
            .collect();
        tables.push((table.to_owned(), rows));
    }
    tables
}
