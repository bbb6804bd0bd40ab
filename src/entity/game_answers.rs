//! `game_answers`: one answer to one question of a game session.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "game_answers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub game_session_id: i32,
    pub question_id: i32,
    /// Index of the question in the session's plan, from 0.
    pub position: i32,
    #[sea_orm(column_type = "Text")]
    pub answer: String,
    pub is_correct: bool,
    /// Answered faster than `min_answer_seconds`: kept, but earns nothing.
    pub suspicious: bool,
    pub time_taken_ms: i32,
    #[sea_orm(column_type = "Text", nullable)]
    pub feedback: Option<String>,
    pub training_sample_id: Option<i32>,
    pub answered_at: DateTime,
    /// Not yet counted in its question's usage and success rate (see
    /// `questions::stats`).
    pub stats_pending: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::game_sessions::Entity",
        from = "Column::GameSessionId",
        to = "super::game_sessions::Column::Id",
        on_delete = "Cascade"
    )]
    GameSessions,
}

impl Related<super::game_sessions::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::GameSessions.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
