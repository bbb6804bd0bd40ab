//! SQL for reading games back: lists and leaderboards.
use chrono::NaiveDateTime;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Asterisk, Expr, ExprTrait, Func},
};

use crate::{
    domain::{GameType, SessionStatus},
    entity::{game_sessions, users},
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

/// (user, total score, games) of completed games since a moment.
pub async fn score_totals<C: ConnectionTrait>(
    db: &C,
    since: Option<NaiveDateTime>,
    game_type: Option<GameType>,
) -> AppResult<Vec<(i32, i64, i64)>> {
    use game_sessions::Column as S;
    let mut query = game_sessions::Entity::find()
        .select_only()
        .column(S::UserId)
        .column_as(
            Expr::from(Func::coalesce([
                Func::sum(Expr::col(S::Score)).into(),
                Expr::val(0),
            ]))
            .cast_as("BIGINT"),
            "total",
        )
        .column_as(
            Expr::from(Func::count(Expr::col(Asterisk))).cast_as("BIGINT"),
            "games",
        )
        .filter(S::Status.eq(SessionStatus::Completed.as_str()))
        .group_by(S::UserId);
    if let Some(since) = since {
        query = query.filter(S::CompletedAt.gte(since));
    }
    if let Some(game_type) = game_type {
        query = query.filter(S::GameType.eq(game_type.as_str()));
    }
    Ok(query.into_tuple::<(i32, i64, i64)>().all(db).await?)
}

/// First names of users, for display.
pub async fn first_names<C: ConnectionTrait>(
    db: &C,
    ids: Vec<i32>,
) -> AppResult<std::collections::HashMap<i32, String>> {
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
