//! `player_streaks`: a player's daily streak (days in `day_timezone` with a
//! completed, non-forfeited game), written when a game completes (ours).
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "player_streaks")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: i32,
    pub current_days: i32,
    pub longest_days: i32,
    /// The last day counted, in `day_timezone`.
    pub last_day: Option<Date>,
    pub freezes: i32,
    /// Days played since the last freeze was earned.
    pub days_toward_freeze: i32,
    pub updated_at: DateTime,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
