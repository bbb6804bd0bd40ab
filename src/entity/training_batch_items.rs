//! `training_batch_items`: the exported rows of a batch, copied from the
//! samples when the batch was made. `sample_id` is unique across batches.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "training_batch_items")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub batch_id: String,
    #[sea_orm(unique)]
    pub sample_id: i32,
    /// The stable export order within the batch, from 0.
    pub position: i32,
    /// `train` or `validation`.
    pub split: String,
    #[sea_orm(column_type = "Text")]
    pub text: String,
    pub intent: String,
    #[sea_orm(column_type = "JsonBinary")]
    pub entities: Option<Json>,
    pub language: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
