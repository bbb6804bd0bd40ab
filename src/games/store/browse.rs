//! SQL for reading games back: lists (leaderboards read the rollups in
//! `leagues::store::board`).
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::{
    entity::game_sessions,
    error::AppResult,
    games::{Session, browse::SessionFilter},
};

/// Sessions newest first, before the cursor id.
pub async fn list_sessions<C: ConnectionTrait>(
    db: &C,
    filter: &SessionFilter,
) -> AppResult<Vec<Session>> {
    use game_sessions::Column as S;
    let mut query = game_sessions::Entity::find()
        .order_by_desc(S::Id)
        .limit(filter.size + 1);
    if let Some(user_id) = filter.user_id {
        query = query.filter(S::UserId.eq(user_id));
    }
    if let Some(status) = filter.status {
        query = query.filter(S::Status.eq(status.as_str()));
    }
    if let Some(game_type) = filter.game_type {
        query = query.filter(S::GameType.eq(game_type.as_str()));
    }
    if let Some(before) = filter.before {
        query = query.filter(S::Id.lt(before));
    }
    let rows = query.all(db).await?;
    Ok(rows.into_iter().map(Session::from).collect())
}
