//! `leaderboard_totals`: a player's completed games summed per period
//! (`day`, `week`, `all`), game type and language (`''` = all of them).
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "leaderboard_totals")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub period_kind: String,
    /// The UTC instant the period began (1970-01-01 for all time).
    #[sea_orm(primary_key, auto_increment = false)]
    pub period_start: DateTime,
    #[sea_orm(primary_key, auto_increment = false)]
    pub game_type: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub language: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: i32,
    pub score: i64,
    pub games: i64,
    pub league_points: i64,
    /// The score this player is counted at in `leaderboard_score_counts`
    /// (None: not yet); differs from `score` until the next rank fold.
    pub ranked_score: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
