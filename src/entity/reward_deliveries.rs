//! `reward_deliveries`: the delivery state of one game session's reward on
//! its way to the PHP wallet (ours; see the rewards module).
use super::amount::Amount;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "reward_deliveries")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub game_session_id: i32,
    pub user_id: i32,
    #[sea_orm(column_type = "Decimal(Some((10, 2)))")]
    pub amount: Amount,
    pub currency: String,
    pub loyalty_points: i32,
    /// `pending`, `credited` or `failed`, mirrored to `game_sessions.reward_status`.
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: DateTime,
    pub claimed_by: Option<String>,
    pub claimed_until: Option<DateTime>,
    pub last_error: Option<String>,
    pub wallet_transaction_id: Option<String>,
    /// The WatchRewards cursor, assigned in commit order by the sequencer.
    pub seq: Option<i64>,
    /// Milliseconds from creation to credit.
    pub latency_ms: Option<i64>,
    pub created_at: DateTime,
    pub updated_at: DateTime,
    pub credited_at: Option<DateTime>,
    /// Start of the current retry window; empty: `created_at` (RetryReward
    /// starts a new one).
    pub retry_started_at: Option<DateTime>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::game_sessions::Entity",
        from = "Column::GameSessionId",
        to = "super::game_sessions::Column::Id"
    )]
    GameSessions,
}

impl Related<super::game_sessions::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::GameSessions.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
