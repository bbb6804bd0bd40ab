//! What every handler shares: the database pool and the settings cache.
use sea_orm::DatabaseConnection;

use crate::settings::SettingsCache;

#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub settings: SettingsCache,
}
