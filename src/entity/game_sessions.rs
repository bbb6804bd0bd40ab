//! `game_sessions`: one game played by a user. Adopted from the old
//! gamification code; the reward and training columns are ours.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "game_sessions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub session_id: String,
    pub user_id: i32,
    pub game_type: String,
    pub difficulty: Option<String>,
    pub language: Option<String>,
    pub mission_id: Option<String>,
    #[sea_orm(column_type = "JsonBinary")]
    pub mission_data: Option<Json>,
    pub status: Option<String>,
    pub score: Option<i32>,
    pub completion_time_seconds: Option<i32>,
    #[sea_orm(column_type = "JsonBinary")]
    pub rewards_earned: Option<Json>,
    pub started_at: Option<DateTime>,
    pub completed_at: Option<DateTime>,
    pub updated_at: Option<DateTime>,
    pub training_sample_id: Option<i32>,
    pub conversation_log_id: Option<i32>,
    /// The PHP wallet transaction that credited the reward.
    pub reward_transaction_id: Option<String>,
    /// `pending`, `credited` or `failed` (a CHECK constraint).
    pub reward_status: Option<String>,
    /// Answers given so far: SubmitAnswer reads the game's progress from
    /// the row it locks instead of reading the answers.
    pub answers_count: i32,
    pub last_answer_at: Option<DateTime>,
    /// The question after the one to answer now (None after the last, and
    /// for a game started before the column).
    pub next_question_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::users::Entity",
        from = "Column::UserId",
        to = "super::users::Column::Id"
    )]
    Users,
    #[sea_orm(
        belongs_to = "super::training_samples::Entity",
        from = "Column::TrainingSampleId",
        to = "super::training_samples::Column::Id",
        on_delete = "SetNull"
    )]
    TrainingSamples,
    #[sea_orm(
        belongs_to = "super::conversation_logs::Entity",
        from = "Column::ConversationLogId",
        to = "super::conversation_logs::Column::Id",
        on_delete = "SetNull"
    )]
    ConversationLogs,
}

impl Related<super::users::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Users.def()
    }
}

impl Related<super::training_samples::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::TrainingSamples.def()
    }
}

impl Related<super::conversation_logs::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ConversationLogs.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
