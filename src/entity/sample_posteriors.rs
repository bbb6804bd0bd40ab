//! `sample_posteriors`: the crowd's aggregate on one training sample: each
//! label's posterior (`{"intent": probability}`), the top one, the entropy
//! (bits), how much one more vote is expected to change it, and whether
//! Dawid–Skene or the weighted vote computed it.
use super::amount::Amount;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "sample_posteriors")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub sample_id: i32,
    #[sea_orm(column_type = "JsonBinary")]
    pub posteriors: Json,
    pub top_intent: String,
    #[sea_orm(column_type = "Decimal(Some((5, 4)))")]
    pub top_posterior: Amount,
    pub entropy: f64,
    pub expected_change: f64,
    pub votes: i32,
    pub method: String,
    pub updated_at: DateTime,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
