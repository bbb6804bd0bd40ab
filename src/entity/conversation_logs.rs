//! `conversation_logs`: one message with its full NLU analysis, routing and
//! response, for analytics, debugging and mining training data.
use super::amount::Amount;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "conversation_logs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub user_id: Option<i32>,
    pub session_id: String,
    pub phone_number: Option<String>,
    pub channel: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub user_message: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub bot_response: Option<String>,
    pub message_type: Option<String>,
    pub nlu_intent: Option<String>,
    #[sea_orm(column_type = "Decimal(Some((5, 4)))")]
    pub nlu_confidence: Option<Amount>,
    /// Every intent the NLU considered, with its score.
    #[sea_orm(column_type = "JsonBinary")]
    pub nlu_alternate_intents: Option<Json>,
    #[sea_orm(column_type = "JsonBinary")]
    pub nlu_entities: Option<Json>,
    pub nlu_language: Option<String>,
    pub nlu_tone: Option<String>,
    pub nlu_provider: Option<String>,
    pub nlu_processing_time_ms: Option<i32>,
    /// `agent`, `flow` or `direct_api`.
    pub routed_to: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub routing_reason: Option<String>,
    pub flow_id: Option<String>,
    pub agent_id: Option<String>,
    pub response_type: Option<String>,
    pub response_success: Option<bool>,
    pub response_time_ms: Option<i32>,
    #[sea_orm(column_type = "JsonBinary")]
    pub conversation_context: Option<Json>,
    pub turn_number: Option<i32>,
    pub is_training_candidate: Option<bool>,
    /// `low`, `medium` or `high`.
    pub training_confidence_bucket: Option<String>,
    pub created_at: Option<DateTime>,
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
