//! `conversation_stats_hourly`: the sums GetConversationStats is made of,
//! per closed UTC hour, intent and language ('' for none). Written by the
//! fold in `conversations::rollup`, never by a request.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "conversation_stats_hourly")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub hour: DateTime,
    #[sea_orm(primary_key, auto_increment = false)]
    pub intent: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub language: String,
    pub turns: i64,
    pub candidates: i64,
    pub low_confidence: i64,
    /// The confidences' sum in ten-thousandths (they have four places).
    pub confidence_sum_e4: i64,
    pub confidences: i64,
    pub nlu_ms_sum: i64,
    pub nlu_ms_count: i64,
    pub response_ms_sum: i64,
    pub response_ms_count: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
