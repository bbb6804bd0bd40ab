//! `player_events`: written inside the transaction of their cause, read by
//! id (the watchers' cursor).
use chrono::NaiveDateTime;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use crate::{
    engagement::events::{Payload, StoredEvent},
    entity::player_events,
    error::AppResult,
};

pub async fn insert_event<C: ConnectionTrait>(
    db: &C,
    user_id: i32,
    kind: &str,
    payload: serde_json::Value,
    now: NaiveDateTime,
) -> AppResult<i64> {
    let row = player_events::ActiveModel {
        user_id: Set(user_id),
        kind: Set(kind.to_string()),
        payload: Set(payload),
        created_at: Set(now),
        ..Default::default()
    };
    let inserted = player_events::Entity::insert(row).exec(db).await?;
    Ok(inserted.last_insert_id)
}

/// The player's events after `after_id`, oldest first.
pub async fn after<C: ConnectionTrait>(
    db: &C,
    user_id: i32,
    after_id: i64,
    limit: u64,
) -> AppResult<Vec<StoredEvent>> {
    use player_events::Column as E;
    let rows = player_events::Entity::find()
        .filter(E::UserId.eq(user_id))
        .filter(E::Id.gt(after_id))
        .order_by_asc(E::Id)
        .limit(limit)
        .all(db)
        .await?;
    Ok(rows.into_iter().map(StoredEvent::from).collect())
}

impl From<player_events::Model> for StoredEvent {
    fn from(row: player_events::Model) -> StoredEvent {
        let player_events::Model {
            id,
            user_id,
            kind,
            payload,
            created_at,
        } = row;
        let (event, text_en, text_hi) = match serde_json::from_value::<Payload>(payload) {
            Ok(p) => (Some(p.event), p.text_en, p.text_hi),
            Err(error) => {
                tracing::warn!(id, kind, %error, "an unreadable player event payload");
                (None, String::new(), String::new())
            }
        };
        StoredEvent {
            id,
            user_id,
            event,
            text_en,
            text_hi,
            created_at,
        }
    }
}
