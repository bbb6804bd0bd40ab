//! Personalised questions: built from the player's own recent messages.
use sea_orm::ConnectionTrait;

use super::{PlanItem, StartInput};
use crate::{entity::users, error::AppResult, settings::Snapshot};

/// The personalised items of a new game: none yet.
pub async fn personal_items<C: ConnectionTrait>(
    _db: &C,
    _settings: &Snapshot,
    _input: &StartInput,
    _user: &users::Model,
    _language: &str,
    _total: usize,
    _recent: &[i32],
) -> AppResult<Vec<PlanItem>> {
    Ok(Vec::new())
}
