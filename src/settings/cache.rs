//! One typed, cached accessor for all settings. Hot paths read an
//! `Arc<Snapshot>` without touching the database; the snapshot is reloaded
//! when older than `settings_cache_seconds`, so a change made through another
//! server instance is seen within that bound, and at once on this instance.
//! GetSetting is served from the same cache: its etag may be that old, which
//! is safe because UpdateSetting checks the etag against the database.
use std::{
    collections::HashMap,
    sync::{Arc, RwLock},
    time::{Duration, Instant},
};

use sea_orm::DatabaseConnection;
use tokio::sync::Mutex;

use super::{Setting, snapshot::Snapshot, store};
use crate::error::AppResult;

#[derive(Clone)]
pub struct SettingsCache {
    inner: Arc<Inner>,
}

struct Inner {
    db: DatabaseConnection,
    current: RwLock<Loaded>,
    // Only one reload at a time; the others wait for it and read its result.
    reload: Mutex<()>,
}

#[derive(Clone)]
struct Loaded {
    snapshot: Arc<Snapshot>,
    rows: Arc<HashMap<String, Setting>>,
    expires: Instant,
}

impl SettingsCache {
    /// Loads the settings once; fails if the database cannot be read.
    pub async fn load(db: DatabaseConnection) -> AppResult<SettingsCache> {
        let current = RwLock::new(Loaded::new(store::load_all(&db).await?));
        Ok(SettingsCache {
            inner: Arc::new(Inner {
                db,
                current,
                reload: Mutex::new(()),
            }),
        })
    }

    /// The current settings. A stale snapshot is reloaded; if the database
    /// cannot be read then, the stale one is served and the failure logged,
    /// since old settings are better than failing every game.
    pub async fn current(&self) -> Arc<Snapshot> {
        self.fresh().await.snapshot
    }

    /// One setting row as last loaded, or None if there is no such key.
    pub async fn setting(&self, key: &str) -> Option<Setting> {
        self.fresh().await.rows.get(key).cloned()
    }

    async fn fresh(&self) -> Loaded {
        let loaded = self.read();
        if loaded.expires > Instant::now() {
            return loaded;
        }
        let _guard = self.inner.reload.lock().await;
        let loaded = self.read();
        if loaded.expires > Instant::now() {
            return loaded;
        }
        match store::load_all(&self.inner.db).await {
            Ok(all) => {
                let fresh = Loaded::new(all);
                self.write(fresh.clone());
                fresh
            }
            Err(error) => {
                tracing::warn!(%error, "reloading settings failed; serving the previous ones");
                // Try again after a short pause rather than on every call.
                let retry = Loaded {
                    expires: Instant::now() + Duration::from_secs(1),
                    ..loaded
                };
                self.write(retry.clone());
                retry
            }
        }
    }

    /// Forces the next read to reload (after a change on this instance).
    pub fn invalidate(&self) {
        let mut loaded = self.read();
        loaded.expires = Instant::now();
        self.write(loaded);
    }

    fn read(&self) -> Loaded {
        match self.inner.current.read() {
            Ok(guard) => guard.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    fn write(&self, loaded: Loaded) {
        match self.inner.current.write() {
            Ok(mut guard) => *guard = loaded,
            Err(poisoned) => *poisoned.into_inner() = loaded,
        }
    }
}

impl Loaded {
    fn new((rows, snapshot): (HashMap<String, Setting>, Snapshot)) -> Loaded {
        let ttl = Duration::from_secs(snapshot.settings_cache_seconds.clamp(1, 300));
        Loaded {
            snapshot: Arc::new(snapshot),
            rows: Arc::new(rows),
            expires: Instant::now() + ttl,
        }
    }
}
