//! `flow_runs`: the flow engine's executions of a flow. Read only here.
use super::db_uuid::DbUuid;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "flow_runs")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false, column_type = "Uuid")]
    pub id: DbUuid,
    pub flow_id: Option<String>,
    pub session_id: Option<String>,
    pub phone_number: Option<String>,
    pub current_state: Option<String>,
    #[sea_orm(column_type = "JsonBinary")]
    pub context: Option<Json>,
    pub status: Option<String>,
    pub error: Option<String>,
    pub started_at: DateTime,
    pub completed_at: Option<DateTime>,
    pub updated_at: DateTime,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::flows::Entity",
        from = "Column::FlowId",
        to = "super::flows::Column::Id"
    )]
    Flows,
}

impl Related<super::flows::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Flows.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
