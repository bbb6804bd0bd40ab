//! `users`: adopted from the TypeScript app; the PHP backend's users linked
//! by `php_user_id`. Already tracks games, rewards and loyalty points.
use super::amount::Amount;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub php_user_id: Option<i32>,
    #[sea_orm(unique)]
    pub phone: Option<String>,
    pub email: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub preferred_language: Option<String>,
    #[sea_orm(column_type = "JsonBinary")]
    pub preferences: Option<Json>,
    #[sea_orm(column_type = "JsonBinary")]
    pub interests: Option<Json>,
    pub total_games_played: i32,
    #[sea_orm(column_type = "Decimal(Some((10, 2)))")]
    pub total_rewards_earned: Amount,
    pub loyalty_points: i32,
    pub created_at: DateTime,
    pub updated_at: DateTime,
    pub last_active_at: Option<DateTime>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::game_sessions::Entity")]
    GameSessions,
    #[sea_orm(has_many = "super::conversation_memory::Entity")]
    ConversationMemory,
}

impl Related<super::game_sessions::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::GameSessions.def()
    }
}

impl Related<super::conversation_memory::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ConversationMemory.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
