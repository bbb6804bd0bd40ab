//! SQL of personalised questions: the player's own recent messages and the
//! texts they labeled already. Only ever the player's own rows.
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::{
    entity::{conversation_logs, conversation_memory, training_samples},
    error::AppResult,
    training::sample::Source,
};

/// The user's last `limit` logged turns, newest first.
pub async fn recent_logs<C: ConnectionTrait>(
    db: &C,
    user_id: i32,
    limit: u64,
) -> AppResult<Vec<conversation_logs::Model>> {
    Ok(conversation_logs::Entity::find()
        .filter(conversation_logs::Column::UserId.eq(user_id))
        .order_by_desc(conversation_logs::Column::Id)
        .limit(limit)
        .all(db)
        .await?)
}

/// The user's last `limit` messages in the assistant's memory (their own
/// lines, not the assistant's), newest first.
pub async fn recent_memory<C: ConnectionTrait>(
    db: &C,
    user_id: i32,
    limit: u64,
) -> AppResult<Vec<String>> {
    Ok(conversation_memory::Entity::find()
        .select_only()
        .column(conversation_memory::Column::Content)
        .filter(conversation_memory::Column::UserId.eq(user_id))
        .filter(conversation_memory::Column::Role.eq(conversation_memory::ROLE_USER))
        .order_by_desc(conversation_memory::Column::Id)
        .limit(limit)
        .into_tuple::<String>()
        .all(db)
        .await?)
}

/// The last `limit` texts the user labeled in games.
pub async fn labeled_texts<C: ConnectionTrait>(
    db: &C,
    user_id: i32,
    limit: u64,
) -> AppResult<Vec<String>> {
    Ok(training_samples::Entity::find()
        .select_only()
        .column(training_samples::Column::Text)
        .filter(training_samples::Column::UserId.eq(user_id))
        .filter(training_samples::Column::Source.eq(Source::Game.as_str()))
        .order_by_desc(training_samples::Column::Id)
        .limit(limit)
        .into_tuple::<String>()
        .all(db)
        .await?)
}
