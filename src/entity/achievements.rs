//! `achievements`: what a player can unlock, editable by an admin (ours).
//! The rule is a kind with typed parameters (see `engagement::achievements`).
use super::amount::Amount;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "achievements")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub key: String,
    pub name_en: String,
    pub name_hi: String,
    pub description_en: String,
    pub description_hi: String,
    pub rule_kind: String,
    pub metric: Option<String>,
    pub target: i32,
    pub window_days: Option<i32>,
    #[sea_orm(column_type = "Decimal(Some((5, 4)))")]
    pub min_accuracy: Option<Amount>,
    pub language: Option<String>,
    pub reward_points: i32,
    #[sea_orm(column_type = "Decimal(Some((10, 2)))")]
    pub reward_amount: Option<Amount>,
    pub enabled: bool,
    pub created_at: DateTime,
    pub updated_at: DateTime,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
