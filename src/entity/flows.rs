//! `flows`: the flow engine's conversation flows, made by Prisma (text ids,
//! camelCase columns). We only add and maintain `system_critical`.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "flows")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub module: String,
    pub trigger: Option<String>,
    pub version: String,
    #[sea_orm(column_type = "JsonBinary")]
    pub states: Json,
    #[sea_orm(column_name = "initialState")]
    pub initial_state: String,
    #[sea_orm(column_name = "finalStates", column_type = "JsonBinary")]
    pub final_states: Json,
    #[sea_orm(column_name = "contextSchema", column_type = "JsonBinary")]
    pub context_schema: Option<Json>,
    #[sea_orm(column_type = "JsonBinary")]
    pub metadata: Option<Json>,
    pub enabled: bool,
    pub status: String,
    pub created_at: DateTime,
    pub updated_at: Option<DateTime>,
    /// NULL (rows the other app adds later) means not critical.
    pub system_critical: Option<bool>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::flow_runs::Entity")]
    FlowRuns,
}

impl Related<super::flow_runs::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::FlowRuns.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
