//! The starting set of achievements. `ON CONFLICT (key) DO NOTHING`: an
//! achievement an admin has edited keeps the admin's values.
//!
//! They reward loyalty points only: paying money for an achievement is an
//! admin's decision (UpdateAchievement's `reward_amount`), not a deploy's.
//!
//! Amounts and ratios are written as quoted literals: PostgreSQL reads them
//! into its DECIMAL columns, SQLite keeps the exact text (see `sql.rs`).
use sea_orm_migration::prelude::*;

use crate::sql;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// One seeded achievement.
pub struct SeedAchievement {
    pub key: &'static str,
    pub name_en: &'static str,
    pub name_hi: &'static str,
    pub description_en: &'static str,
    pub description_hi: &'static str,
    /// `count`, `in_a_row`, `within_days`, `gold_accuracy` or `first_in_language`.
    pub rule_kind: &'static str,
    /// `games`, `gold_correct`, `perfect_games` or `days_played`.
    pub metric: Option<&'static str>,
    pub target: i32,
    pub window_days: Option<i32>,
    pub min_accuracy: Option<&'static str>,
    pub language: Option<&'static str>,
    pub reward_points: i32,
    pub reward_amount: Option<&'static str>,
}

const fn a(
    key: &'static str,
    names: (&'static str, &'static str),
    descriptions: (&'static str, &'static str),
    rule: (&'static str, Option<&'static str>, i32),
    reward: (i32, Option<&'static str>),
) -> SeedAchievement {
    SeedAchievement {
        key,
        name_en: names.0,
        name_hi: names.1,
        description_en: descriptions.0,
        description_hi: descriptions.1,
        rule_kind: rule.0,
        metric: rule.1,
        target: rule.2,
        window_days: None,
        min_accuracy: None,
        language: None,
        reward_points: reward.0,
        reward_amount: reward.1,
    }
}

#[rustfmt::skip]
pub const SEEDED_ACHIEVEMENTS: &[SeedAchievement] = &[
    a("first_game", ("First game", "पहला खेल"), ("Complete your first game", "अपना पहला खेल पूरा करें"), ("count", Some("games"), 1), (10, None)),
    a("games_10", ("Regular player", "नियमित खिलाड़ी"), ("Complete 10 games", "10 खेल पूरे करें"), ("count", Some("games"), 10), (50, None)),
    a("games_50", ("Dedicated player", "समर्पित खिलाड़ी"), ("Complete 50 games", "50 खेल पूरे करें"), ("count", Some("games"), 50), (200, None)),
    a("games_100", ("Centurion", "शतकवीर"), ("Complete 100 games", "100 खेल पूरे करें"), ("count", Some("games"), 100), (500, None)),
    a("gold_correct_25", ("Sharp eye", "तेज़ नज़र"), ("Answer 25 checked questions right", "25 जाँचे गए सवालों के सही जवाब दें"), ("count", Some("gold_correct"), 25), (50, None)),
    a("gold_correct_100", ("Expert", "विशेषज्ञ"), ("Answer 100 checked questions right", "100 जाँचे गए सवालों के सही जवाब दें"), ("count", Some("gold_correct"), 100), (200, None)),
    a("perfect_game", ("Flawless", "बेदाग़"), ("Finish a game with every checked answer right", "हर जाँचे गए सवाल का सही जवाब देकर एक खेल पूरा करें"), ("count", Some("perfect_games"), 1), (20, None)),
    a("perfect_3_in_a_row", ("Hat-trick", "हैट्रिक"), ("Three flawless games in a row", "लगातार तीन बेदाग़ खेल"), ("in_a_row", Some("perfect_games"), 3), (100, None)),
    a("perfect_10_in_a_row", ("Unstoppable", "अजेय"), ("Ten flawless games in a row", "लगातार दस बेदाग़ खेल"), ("in_a_row", Some("perfect_games"), 10), (300, None)),
    a("streak_3", ("Three-day streak", "तीन दिन की लय"), ("Play on 3 days in a row", "लगातार 3 दिन खेलें"), ("in_a_row", Some("days_played"), 3), (30, None)),
    a("streak_7", ("Week-long streak", "सात दिन की लय"), ("Play on 7 days in a row", "लगातार 7 दिन खेलें"), ("in_a_row", Some("days_played"), 7), (100, None)),
    a("streak_30", ("Month-long streak", "तीस दिन की लय"), ("Play on 30 days in a row", "लगातार 30 दिन खेलें"), ("in_a_row", Some("days_played"), 30), (500, None)),
    SeedAchievement { window_days: Some(1), ..a("busy_day", ("Busy day", "व्यस्त दिन"), ("Complete 5 games in one day", "एक दिन में 5 खेल पूरे करें"), ("within_days", Some("games"), 5), (30, None)) },
    SeedAchievement { window_days: Some(7), ..a("busy_week", ("Busy week", "व्यस्त सप्ताह"), ("Complete 20 games within 7 days", "7 दिनों में 20 खेल पूरे करें"), ("within_days", Some("games"), 20), (100, None)) },
    SeedAchievement { min_accuracy: Some("0.9000"), ..a("reliable", ("Reliable", "भरोसेमंद"), ("At least 90% of 50 or more checked answers right", "कम से कम 50 जाँचे गए जवाबों में से 90% सही"), ("gold_accuracy", None, 50), (200, None)) },
    SeedAchievement { language: Some("hi"), ..a("first_game_hi", ("First game in Hindi", "हिंदी में पहला खेल"), ("Complete a game in Hindi", "हिंदी में एक खेल पूरा करें"), ("first_in_language", None, 1), (20, None)) },
    SeedAchievement { language: Some("en"), ..a("first_game_en", ("First game in English", "अंग्रेज़ी में पहला खेल"), ("Complete a game in English", "अंग्रेज़ी में एक खेल पूरा करें"), ("first_in_language", None, 1), (20, None)) },
];

fn quoted(text: Option<&str>) -> String {
    text.map_or_else(
        || "NULL".to_string(),
        |t| format!("'{}'", t.replace('\'', "''")),
    )
}

fn number(value: Option<i32>) -> String {
    value.map_or_else(|| "NULL".to_string(), |v| v.to_string())
}

fn insert(seed: &SeedAchievement) -> String {
    format!(
        "INSERT INTO achievements (key, name_en, name_hi, description_en, description_hi, \
         rule_kind, metric, target, window_days, min_accuracy, language, reward_points, \
         reward_amount, enabled) VALUES ({}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, TRUE) \
         ON CONFLICT (key) DO NOTHING",
        quoted(Some(seed.key)),
        quoted(Some(seed.name_en)),
        quoted(Some(seed.name_hi)),
        quoted(Some(seed.description_en)),
        quoted(Some(seed.description_hi)),
        quoted(Some(seed.rule_kind)),
        quoted(seed.metric),
        seed.target,
        number(seed.window_days),
        quoted(seed.min_accuracy),
        quoted(seed.language),
        seed.reward_points,
        quoted(seed.reward_amount),
    )
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let statements: Vec<String> = SEEDED_ACHIEVEMENTS.iter().map(insert).collect();
        let templates: Vec<&str> = statements.iter().map(String::as_str).collect();
        sql::run_all(manager, &templates).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let keys: Vec<String> = SEEDED_ACHIEVEMENTS
            .iter()
            .map(|seed| quoted(Some(seed.key)))
            .collect();
        // Progress rows of the seeded achievements go with them.
        let db = manager.get_connection();
        let ids = format!(
            "SELECT id FROM achievements WHERE key IN ({})",
            keys.join(", ")
        );
        db.execute_unprepared(&format!(
            "DELETE FROM player_achievements WHERE achievement_id IN ({ids})"
        ))
        .await?;
        db.execute_unprepared(&format!(
            "DELETE FROM achievements WHERE key IN ({})",
            keys.join(", ")
        ))
        .await?;
        Ok(())
    }
}
