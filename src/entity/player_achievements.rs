//! `player_achievements`: a player's progress on one achievement; unique
//! per (user, achievement), so an unlock happens once (ours).
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "player_achievements")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub user_id: i32,
    pub achievement_id: i32,
    pub progress: i32,
    pub target: i32,
    pub unlocked_at: Option<DateTime>,
    /// The game whose completion unlocked it (and carries its money reward).
    pub game_session_id: Option<i32>,
    pub updated_at: DateTime,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
