//! `gamification_deletion_audit`: one row per DeleteUserData, with who
//! asked, when, and the rows removed per table. Never any content.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "gamification_deletion_audit")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub user_id: i32,
    pub requested_by: String,
    pub requested_at: DateTime,
    /// `{"conversation_logs": 2, "training_samples": 1, …}`.
    #[sea_orm(column_type = "JsonBinary")]
    pub counts: Json,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
