//! `gamification_settings`: every tunable value of the games, rewards,
//! limits and training, editable by admins without a deployment.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "gamification_settings")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub key: String,
    /// The value as text, to be read according to `type`.
    #[sea_orm(column_type = "Text")]
    pub value: String,
    /// `number`, `boolean`, `json` or `string`.
    pub r#type: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub description: Option<String>,
    /// `rewards`, `limits`, `gameplay` or `training`.
    pub category: Option<String>,
    pub updated_at: Option<DateTime>,
    pub updated_by: Option<String>,
    /// Bumped on every change, for optimistic concurrency.
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
