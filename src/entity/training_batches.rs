//! `training_batches`: one set of samples handed out for fine-tuning.
use super::amount::Amount;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "training_batches")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The public id, also in `training_samples.training_batch_id`.
    #[sea_orm(unique)]
    pub batch_id: String,
    pub sample_count: i32,
    pub duplicate_count: i32,
    #[sea_orm(column_type = "Decimal(Some((5, 4)))")]
    pub validation_fraction: Amount,
    /// A u64 as decimal text.
    pub seed: String,
    #[sea_orm(column_type = "JsonBinary")]
    pub filters: Option<Json>,
    pub created_by: Option<String>,
    pub created_at: DateTime,
    /// Counts per label and split, settings, exclusions, content hash.
    #[sea_orm(column_type = "JsonBinary")]
    pub manifest: Option<Json>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
