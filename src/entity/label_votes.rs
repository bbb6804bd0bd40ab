//! `label_votes`: one player's intent label for one training sample, from
//! a crowd question or a personalised question. UNIQUE (sample, user).
use super::amount::Amount;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "label_votes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub sample_id: i32,
    pub user_id: i32,
    pub intent: String,
    /// The player's weight when they voted (for audit; the tally uses the
    /// player's current reliability).
    #[sea_orm(column_type = "Decimal(Some((5, 4)))")]
    pub weight: Amount,
    pub question_id: Option<i32>,
    pub game_session_id: Option<i32>,
    pub created_at: DateTime,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
