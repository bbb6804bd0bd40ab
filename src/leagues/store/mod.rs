//! Every query of the leagues room, built with the query builder.
pub mod board;
pub mod league;
pub mod ranks;

use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};

use crate::{entity::users, error::AppResult};

/// First names of users, for display (never phone numbers).
pub async fn first_names<C: ConnectionTrait>(
    db: &C,
    ids: Vec<i32>,
) -> AppResult<HashMap<i32, String>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows = users::Entity::find()
        .select_only()
        .column(users::Column::Id)
        .column(users::Column::FirstName)
        .filter(users::Column::Id.is_in(ids))
        .into_tuple::<(i32, Option<String>)>()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name)| (id, name.unwrap_or_default()))
        .collect())
}

/// Whether the user exists.
pub async fn user_exists<C: ConnectionTrait>(db: &C, user_id: i32) -> AppResult<bool> {
    let found: Option<i32> = users::Entity::find_by_id(user_id)
        .select_only()
        .column(users::Column::Id)
        .into_tuple()
        .one(db)
        .await?;
    Ok(found.is_some())
}
