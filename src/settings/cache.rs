//! One typed, cached accessor for all settings. Hot paths read an
//! `Arc<Snapshot>` without touching the database; the snapshot is reloaded
//! when older than `settings_cache_seconds`, so a change made through another
//! server instance is seen within that bound, and at once on this instance.
use std::{
    sync::{Arc, RwLock},
    time::{Duration, Instant},
};

use sea_orm::DatabaseConnection;
use tokio::sync::Mutex;

use super::{snapshot::Snapshot, store};
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
    expires: Instant,
}

impl SettingsCache {
    /// Loads the settings once; fails if the database cannot be read.
    pub async fn load(db: DatabaseConnection) -> AppResult<SettingsCache> {
        let snapshot = Arc::new(store::load_snapshot(&db).await?);
        let current = RwLock::new(Loaded::new(snapshot));
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
        let loaded = self.read();
        if loaded.expires > Instant::now() {
            return loaded.snapshot;
        }
        let _guard = self.inner.reload.lock().await;
        let loaded = self.read();
        if loaded.expires > Instant::now() {
            return loaded.snapshot;
        }
        match store::load_snapshot(&self.inner.db).await {
            Ok(snapshot) => self.replace(Arc::new(snapshot)),
            Err(error) => {
                tracing::warn!(%error, "reloading settings failed; serving the previous ones");
                // Try again after a short pause rather than on every call.
                let retry = Loaded {
                    snapshot: loaded.snapshot,
                    expires: Instant::now() + Duration::from_secs(1),
                };
                self.write(retry.clone());
                retry.snapshot
            }
        }
    }

    /// Forces the next read to reload (after a change on this instance).
    pub fn invalidate(&self) {
        let mut loaded = self.read();
        loaded.expires = Instant::now();
        self.write(loaded);
    }

    fn replace(&self, snapshot: Arc<Snapshot>) -> Arc<Snapshot> {
        self.write(Loaded::new(snapshot.clone()));
        snapshot
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
    fn new(snapshot: Arc<Snapshot>) -> Loaded {
        let ttl = Duration::from_secs(snapshot.settings_cache_seconds.clamp(1, 300));
        Loaded {
            snapshot,
            expires: Instant::now() + ttl,
        }
    }
}
