//! SQL of privacy: the retention sweep's deletes and DeleteUserData.
use chrono::NaiveDateTime;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect,
    sea_query::{Expr, Query},
};

use crate::{
    entity::{conversation_logs as logs, conversation_memory as memory, training_samples, users},
    error::AppResult,
};

/// Deletes up to `chunk` turns logged before `cutoff`; returns how many.
pub async fn delete_older_than(
    db: &impl ConnectionTrait,
    cutoff: NaiveDateTime,
    chunk: u64,
) -> AppResult<u64> {
    let oldest = Query::select()
        .column(logs::Column::Id)
        .from(logs::Entity)
        .and_where(logs::Column::CreatedAt.lt(cutoff))
        .limit(chunk)
        .to_owned();
    Ok(logs::Entity::delete_many()
        .filter(logs::Column::Id.in_subquery(oldest))
        .exec(db)
        .await?
        .rows_affected)
}

/// The phone number stored for a user, if any.
pub async fn user_phone(db: &impl ConnectionTrait, user_id: i32) -> AppResult<Option<String>> {
    Ok(users::Entity::find_by_id(user_id)
        .select_only()
        .column(users::Column::Phone)
        .into_tuple::<Option<String>>()
        .one(db)
        .await?
        .flatten())
}

/// Deletes the turns of a user (by id, or by any of `phones`); how many.
pub async fn delete_turns_of(
    db: &impl ConnectionTrait,
    user_id: i32,
    phones: Vec<String>,
) -> AppResult<u64> {
    let mut mine = Condition::any().add(logs::Column::UserId.eq(user_id));
    if !phones.is_empty() {
        mine = mine.add(logs::Column::PhoneNumber.is_in(phones));
    }
    Ok(logs::Entity::delete_many()
        .filter(mine)
        .exec(db)
        .await?
        .rows_affected)
}

/// Deletes a user's conversation memory; how many rows.
pub async fn delete_memory_of(db: &impl ConnectionTrait, user_id: i32) -> AppResult<u64> {
    Ok(memory::Entity::delete_many()
        .filter(memory::Column::UserId.eq(user_id))
        .exec(db)
        .await?
        .rows_affected)
}

/// Clears the user and chat session of a user's samples (the text stays).
pub async fn detach_samples(db: &impl ConnectionTrait, user_id: i32) -> AppResult<u64> {
    Ok(training_samples::Entity::update_many()
        .col_expr(training_samples::Column::UserId, Expr::value(None::<i32>))
        .col_expr(
            training_samples::Column::SessionId,
            Expr::value(None::<String>),
        )
        .filter(training_samples::Column::UserId.eq(user_id))
        .exec(db)
        .await?
        .rows_affected)
}
