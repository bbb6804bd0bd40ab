//! `conversation_memory`: the TypeScript app's light turn-by-turn history.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "conversation_memory")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub user_id: i32,
    /// `user` or `assistant`.
    pub role: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub content: String,
    pub turn_number: Option<i32>,
    pub session_id: Option<String>,
    pub created_at: Option<DateTime>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::users::Entity",
        from = "Column::UserId",
        to = "super::users::Column::Id"
    )]
    Users,
}

impl Related<super::users::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Users.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}

/// `role` of the user's own turns (the other is `assistant`).
pub const ROLE_USER: &str = "user";
