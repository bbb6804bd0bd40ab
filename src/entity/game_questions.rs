//! `game_questions`: the question bank.
//!
//! `tags` is left out: it is `TEXT[]` on PostgreSQL but JSON text on SQLite,
//! which one Rust type cannot bind for both. Read and write it with
//! [`super::game_question_tags`].
use super::amount::Amount;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "game_questions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub game_type: String,
    pub language: String,
    #[sea_orm(column_type = "Text")]
    pub question_text: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub question_context: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub correct_answer: String,
    /// Choices (intent_quest, tone_detective) or accepted alternative
    /// spellings (entity_hunter), as a JSON array of strings.
    #[sea_orm(column_type = "JsonBinary")]
    pub answer_options: Option<Json>,
    pub difficulty: Option<String>,
    /// Overrides the difficulty's default reward when set.
    #[sea_orm(column_type = "Decimal(Some((10, 2)))")]
    pub reward_amount: Option<Amount>,
    pub context_required: Option<bool>,
    pub created_at: Option<DateTime>,
    pub updated_at: Option<DateTime>,
    pub enabled: Option<bool>,
    pub usage_count: Option<i32>,
    #[sea_orm(column_type = "Decimal(Some((5, 4)))")]
    pub success_rate: Option<Amount>,
    /// Set on crowd questions: the training sample whose intent the
    /// answers vote on (see `crate::crowd`). Such questions are never gold.
    pub crowd_sample_id: Option<i32>,
    /// Set on drafts made by `GenerateQuestions`: the approved training
    /// sample the question was made from (unique: one question per sample).
    pub source_sample_id: Option<i32>,
    /// Who generated the question (drafts only).
    pub created_by: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
