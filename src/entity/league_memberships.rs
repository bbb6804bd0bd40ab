//! `league_memberships`: a player's place in a week's cohort, their league
//! points, and after the close their rank and outcome.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "league_memberships")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub week_start: DateTime,
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: i32,
    pub language: String,
    /// A tier key (`bronze` … `diamond`).
    pub tier: String,
    /// The cohort's number within (week, language, tier), from 1.
    pub cohort: i32,
    pub points: i64,
    /// When the points last grew (the earlier player wins a tie).
    pub points_at: DateTime,
    pub joined_at: DateTime,
    pub rank: Option<i32>,
    /// `promoted`, `demoted` or `stayed`, once the week is closed.
    pub outcome: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
