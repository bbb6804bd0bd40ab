//! `training_samples`: labeled, reviewed text for training the NLU model.
use super::amount::Amount;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "training_samples")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub user_id: Option<i32>,
    pub session_id: Option<String>,
    /// `game_sessions.session_id` of the game that produced it.
    pub game_session_id: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub text: String,
    pub intent: String,
    #[sea_orm(column_type = "JsonBinary")]
    pub entities: Option<Json>,
    #[sea_orm(column_type = "Decimal(Some((5, 4)))")]
    pub confidence: Option<Amount>,
    pub language: Option<String>,
    pub tone: Option<String>,
    #[sea_orm(column_type = "JsonBinary")]
    pub context: Option<Json>,
    /// `game`, `conversation` or `manual`.
    pub source: Option<String>,
    pub nlu_provider: Option<String>,
    pub approved: Option<bool>,
    pub approved_by: Option<String>,
    pub approved_at: Option<DateTime>,
    pub review_status: Option<String>,
    pub review_priority: Option<i32>,
    pub used_in_training: Option<bool>,
    pub training_batch_id: Option<String>,
    pub created_at: Option<DateTime>,
    /// The conversation turn it was promoted from (unique; not a foreign
    /// key: the turn may be deleted by the retention sweep).
    pub conversation_log_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::game_sessions::Entity")]
    GameSessions,
}

impl Related<super::game_sessions::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::GameSessions.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
