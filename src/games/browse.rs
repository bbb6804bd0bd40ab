//! Reading games back: ListGameSessions (GetLeaderboard reads the
//! rollups of [`crate::leagues::board`]).
use sea_orm::DatabaseConnection;

use super::{GameView, store, view};
use crate::{
    domain::{GameType, SessionStatus},
    error::{AppResult, Violation, Violations},
    fields::{game, ids},
    pagination,
};

/// A checked ListGameSessions request: its filters and page.
#[derive(Debug, Default)]
pub struct SessionFilter {
    pub user_id: Option<i32>,
    pub status: Option<SessionStatus>,
    pub game_type: Option<GameType>,
    pub size: u64,
    pub before: Option<i64>,
}

impl SessionFilter {
    /// `user_id` 0 and empty strings mean "any".
    pub fn parse(
        user_id: i32,
        status: &str,
        game_type: &str,
        page_size: i32,
        page_token: &str,
    ) -> AppResult<SessionFilter> {
        let mut v = Violations::new();
        let size = v.check(pagination::page_size(page_size));
        let before = v.check(pagination::decode_id_token(page_token));
        let user_id = v.check(ids::optional_id("user_id", user_id));
        let status = v.check(optional_status(status));
        let game_type = v.check(game::optional_game_type("game_type", game_type));
        v.finish()?;
        Ok(SessionFilter {
            user_id: user_id.flatten(),
            status: status.flatten(),
            game_type: game_type.flatten(),
            size: size.unwrap_or_default(),
            before: before.flatten(),
        })
    }
}

fn optional_status(text: &str) -> Result<Option<SessionStatus>, Violation> {
    match text {
        "" => Ok(None),
        text => SessionStatus::parse(text).map(Some).ok_or_else(|| {
            Violation::new("status", "must be active, completed, abandoned or expired")
        }),
    }
}

#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn list_games(
    db: &DatabaseConnection,
    filter: SessionFilter,
) -> AppResult<(Vec<GameView>, Option<String>)> {
    let size = filter.size;
    let rows = store::list_sessions(db, &filter).await?;
    let (rows, more) = pagination::split_page(rows, size);
    let next = pagination::next_token(&rows, more, |s| s.id);
    let mut games = Vec::with_capacity(rows.len());
    for session in rows {
        games.push(view::build(db, session).await?);
    }
    Ok((games, next))
}
