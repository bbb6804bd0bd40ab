//! `gamification_idempotency_keys`: the request ids of writes (AIP-155),
//! with a hash of each request and the id of the row it created.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "gamification_idempotency_keys")]
pub struct Model {
    /// The UUID in canonical text form.
    #[sea_orm(primary_key, auto_increment = false)]
    pub request_id: String,
    /// Which kind of write it guarded, e.g. `LogTurn`.
    pub method: String,
    /// SHA-256 of the request without its request_id, hex.
    pub request_hash: String,
    /// The row the write created; NULL only inside the writing transaction.
    pub resource_id: Option<i64>,
    pub created_at: DateTime,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
