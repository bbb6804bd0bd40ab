//! The migrations against a database shaped the way the old apps left it:
//! the five adopted tables with rows, and a Label Studio table that is not
//! ours. Nothing of theirs may be lost, whatever we run.
mod bank;
pub mod old_app;
mod phones;
mod types;

use gamification::entity::{
    flows, game_question_tags, game_questions, gamification_settings, prelude::*,
};
use migration::{Migrator, MigratorTrait, SEEDED_SETTINGS};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryResult, Statement,
};

use old_app::{OLD_TABLES, old_app_database, snapshot};

const OUR_TABLES: [&str; 5] = [
    "gamification_settings",
    "gamification_setting_history",
    "game_questions",
    "training_samples",
    "conversation_logs",
];
const GAME_TYPES: [&str; 4] = [
    "intent_quest",
    "tone_detective",
    "entity_hunter",
    "language_master",
];
const CRITICAL_FLOWS: [&str; 3] = ["greeting_v1", "help_v1", "farewell_v1"];

async fn query_all(db: &DatabaseConnection, sql: &str) -> Vec<QueryResult> {
    let stmt = Statement::from_string(db.get_database_backend(), sql);
    db.query_all_raw(stmt)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

async fn count(db: &DatabaseConnection, table: &str) -> i64 {
    let rows = query_all(db, &format!("SELECT COUNT(*) AS n FROM {table}")).await;
    rows[0].try_get("", "n").expect("count")
}

async fn has_table(db: &DatabaseConnection, table: &str) -> bool {
    let sql = format!("SELECT 1 FROM {table} WHERE 1 = 0");
    db.execute_unprepared(&sql).await.is_ok()
}

async fn has_column(db: &DatabaseConnection, table: &str, column: &str) -> bool {
    let sql = format!("SELECT {column} FROM {table} WHERE 1 = 0");
    db.execute_unprepared(&sql).await.is_ok()
}

async fn setting_value(db: &DatabaseConnection, key: &str) -> String {
    GamificationSettings::find()
        .filter(gamification_settings::Column::Key.eq(key))
        .one(db)
        .await
        .expect("query")
        .unwrap_or_else(|| panic!("setting {key} is missing"))
        .value
}

#[tokio::test]
async fn migrating_the_old_apps_database_keeps_every_row_and_adds_ours() {
    let (_database, db) = old_app_database().await;
    let before = snapshot(&db).await;

    Migrator::up(&db, None).await.expect("up");

    assert_eq!(
        snapshot(&db).await,
        before,
        "old rows or the foreign table changed"
    );
    for table in OUR_TABLES {
        assert!(has_table(&db, table).await, "{table} was not created");
    }
    let new_columns = [
        "training_sample_id",
        "conversation_log_id",
        "reward_transaction_id",
    ];
    for column in new_columns {
        assert!(
            has_column(&db, "game_sessions", column).await,
            "game_sessions.{column}"
        );
    }
    let statuses = query_all(&db, "SELECT reward_status FROM game_sessions").await;
    for row in statuses {
        let status: Option<String> = row.try_get("", "reward_status").expect("reward_status");
        assert_eq!(
            status, None,
            "sessions written before adoption are not ours to pay"
        );
    }

    for flow in Flows::find().all(&db).await.expect("flows") {
        let critical = CRITICAL_FLOWS.contains(&flow.id.as_str());
        assert_eq!(flow.system_critical, Some(critical), "flow {}", flow.id);
    }
    assert_entities_read_every_old_row(&db).await;
    assert_settings_seeded(&db).await;
    assert_starter_questions(&db).await;
}

async fn assert_entities_read_every_old_row(db: &DatabaseConnection) {
    let users = Users::find().all(db).await.expect("users");
    assert_eq!(users.len(), old_app::USERS);
    let rich = users
        .iter()
        .find(|u| u.php_user_id == Some(101))
        .expect("user 101");
    assert_eq!(
        rich.total_rewards_earned.to_string(),
        "12.50",
        "money stays exact"
    );
    assert_eq!(Flows::find().count(db).await.expect("flows"), 9);
    let runs = FlowRuns::find().all(db).await.expect("flow runs");
    assert_eq!(runs.len(), old_app::FLOW_RUNS);
    assert!(
        runs.iter()
            .any(|r| r.id.to_string() == old_app::FIRST_RUN_ID),
        "text uuids read"
    );
    let sessions = GameSessions::find().all(db).await.expect("game sessions");
    assert_eq!(sessions.len(), old_app::GAME_SESSIONS);
    let memory = ConversationMemory::find()
        .all(db)
        .await
        .expect("conversation memory");
    assert_eq!(memory.len(), old_app::CONVERSATION_MEMORY);
}

async fn assert_settings_seeded(db: &DatabaseConnection) {
    let settings = GamificationSettings::find()
        .all(db)
        .await
        .expect("settings");
    assert_eq!(settings.len(), SEEDED_SETTINGS.len());
    for key in SEEDED_SETTINGS.iter().map(|s| s.key) {
        assert!(
            settings.iter().any(|s| s.key == key),
            "setting {key} was not seeded"
        );
    }
    assert_eq!(setting_value(db, "reward_per_correct_medium").await, "2.00");
    assert_eq!(setting_value(db, "games_enabled").await, "true");
}

async fn assert_starter_questions(db: &DatabaseConnection) {
    let questions = GameQuestions::find().all(db).await.expect("questions");
    for game_type in GAME_TYPES {
        for language in ["en", "hi"] {
            let n = questions
                .iter()
                .filter(|q| q.game_type == game_type && q.language == language)
                .count();
            assert!(n >= 6, "{game_type}/{language} has {n} starter questions");
        }
    }
    let ids: Vec<i32> = questions.iter().map(|q| q.id).collect();
    let tags = game_question_tags::load_tags(db, &ids).await.expect("tags");
    for q in &questions {
        let tags = tags.get(&q.id).cloned().unwrap_or_default();
        let (common, rules) = tags.split_at(2.min(tags.len()));
        assert_eq!(
            common,
            ["starter".to_owned(), q.game_type.clone()],
            "tags of question {}",
            q.id
        );
        // Only phrasing prompts carry more: the word they forbid.
        let rule = |t: &String| q.game_type == "language_master" && t.starts_with("forbid:");
        assert!(rules.iter().all(rule), "tags of question {}", q.id);
    }
    let backend = db.get_database_backend();
    let tagged = GameQuestions::find()
        .filter(game_question_tags::tag_filter(backend, "tone_detective"))
        .filter(game_questions::Column::Language.eq("hi"))
        .count(db)
        .await
        .expect("tag filter");
    let expected = questions
        .iter()
        .filter(|q| q.game_type == "tone_detective" && q.language == "hi")
        .count();
    assert_eq!(tagged as usize, expected);
}

#[tokio::test]
async fn running_up_again_changes_nothing_not_even_what_an_admin_changed() {
    let (_database, db) = old_app_database().await;
    Migrator::up(&db, None).await.expect("first up");
    let admin_change = "UPDATE gamification_settings SET value = '20', version = 2 \
        WHERE key = 'daily_game_limit'";
    db.execute_unprepared(admin_change)
        .await
        .expect("admin change");
    let unmark = "UPDATE flows SET system_critical = FALSE WHERE id = 'help_v1'";
    db.execute_unprepared(unmark)
        .await
        .expect("admin unmarks a flow");
    let before = snapshot(&db).await;
    let mut counts = Vec::new();
    for table in OUR_TABLES {
        counts.push(count(&db, table).await);
    }

    Migrator::up(&db, None).await.expect("second up");
    // Forget what ran, so that every migration runs again on its own result.
    Migrator::uninstall(&db).await.expect("uninstall");
    Migrator::up(&db, None).await.expect("up after forgetting");

    assert_eq!(snapshot(&db).await, before, "old rows changed");
    for (table, before) in OUR_TABLES.iter().zip(counts) {
        assert_eq!(count(&db, table).await, before, "rows of {table}");
    }
    assert_eq!(
        setting_value(&db, "daily_game_limit").await,
        "20",
        "admin value kept"
    );
    let help = Flows::find_by_id("help_v1").one(&db).await.expect("flow");
    let help = help.expect("help_v1");
    assert_eq!(
        help.system_critical,
        Some(false),
        "the admin's unmarking is kept"
    );
}

#[tokio::test]
async fn rolling_everything_back_keeps_the_old_tables_and_their_rows() {
    let (_database, db) = old_app_database().await;
    let before = snapshot(&db).await;
    Migrator::up(&db, None).await.expect("up");

    Migrator::down(&db, None).await.expect("down");

    for table in OUR_TABLES {
        assert!(!has_table(&db, table).await, "{table} is still there");
    }
    assert!(!has_column(&db, "flows", "system_critical").await);
    assert!(!has_column(&db, "game_sessions", "reward_status").await);
    assert_eq!(
        snapshot(&db).await,
        before,
        "old rows or the foreign table changed"
    );
    for (table, _) in OLD_TABLES {
        assert!(count(&db, table).await > 0, "{table} lost its rows");
    }

    Migrator::up(&db, None).await.expect("up again");
    assert_eq!(
        snapshot(&db).await,
        before,
        "old rows changed on the way back up"
    );
    assert_eq!(
        count(&db, "gamification_settings").await as usize,
        SEEDED_SETTINGS.len()
    );
    let critical = Flows::find()
        .filter(flows::Column::SystemCritical.eq(true))
        .count(&db)
        .await
        .expect("critical flows");
    assert_eq!(critical, 3);
}
