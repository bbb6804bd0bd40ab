//! `leaderboard_score_counts`: per board, how many players have each score
//! (folded from `leaderboard_totals`, see `leagues::ranks`).
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "leaderboard_score_counts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub period_kind: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub period_start: DateTime,
    #[sea_orm(primary_key, auto_increment = false)]
    pub game_type: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub language: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub score: i64,
    pub players: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
