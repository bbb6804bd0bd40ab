//! What every handler shares: the database pool, the settings cache and the
//! clock.
use sea_orm::DatabaseConnection;

use crate::{clock::Clock, leagues::Seating, settings::SettingsCache};

#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub settings: SettingsCache,
    pub clock: Clock,
    /// This instance's league seating passes (see `leagues::seating`).
    pub seating: Seating,
}
