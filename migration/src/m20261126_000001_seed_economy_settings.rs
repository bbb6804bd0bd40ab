//! Settings of the game economy (see the README's "Game economy"): the flat
//! pay of answers nobody can check, the gold share a completion bonus
//! needs, and the time zone that decides where a day begins.
use sea_orm_migration::prelude::*;

use crate::seed::{self, SeedSetting, s};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[rustfmt::skip]
pub const SEEDED_SETTINGS: &[SeedSetting] = &[
    s("rewards", "unverified_answer_reward", "0.50", "number", "Flat reward for an accepted answer nobody can check (personalised label, crowd vote, language_master phrasing); paid only when the player answered every gold question of the game correctly"),
    s("rewards", "completion_bonus_min_correct_share", "0.6", "number", "Share (0 to 1) of a game's gold answers that must be correct for the completion bonus"),
    s("limits", "day_timezone", "Asia/Kolkata", "string", "IANA time zone whose midnight starts a new day for daily limits, the daily cap and leaderboards"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        seed::insert(manager, SEEDED_SETTINGS).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        seed::delete(manager, SEEDED_SETTINGS).await
    }
}
