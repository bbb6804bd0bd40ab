//! `gamification_setting_history`: who changed which setting, when and why.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "gamification_setting_history")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub setting_key: String,
    #[sea_orm(column_type = "Text")]
    pub old_value: String,
    #[sea_orm(column_type = "Text")]
    pub new_value: String,
    pub changed_by: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub reason: Option<String>,
    pub changed_at: DateTime,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
