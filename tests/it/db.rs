//! A fresh database for every test: a SQLite file in a temporary directory,
//! or, when `TEST_DATABASE_URL` is set, a new PostgreSQL database created on
//! that server (the URL names any database the user may connect to). Each
//! goes when the test ends, passed or failed: the directory is removed, the
//! PostgreSQL database dropped.
use sea_orm::{ConnectionTrait, Database};

pub struct TestDatabase {
    pub url: String,
    // Keeps the SQLite file's directory alive for the test's lifetime.
    _dir: Option<tempfile::TempDir>,
    /// The PostgreSQL database this value created, with the admin URL to
    /// drop it by (None for a SQLite file and for a `shared` copy).
    created: Option<(String, String)>,
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let Some((admin_url, name)) = self.created.take() else {
            return;
        };
        // Drop runs inside the test's runtime, which cannot be blocked on:
        // the drop gets a thread and a runtime of its own. FORCE ends the
        // connections a server still running in the test holds.
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| e.to_string())?;
            runtime.block_on(async {
                let admin = Database::connect(&admin_url)
                    .await
                    .map_err(|e| e.to_string())?;
                let drop = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                admin
                    .execute_unprepared(&drop)
                    .await
                    .map_err(|e| e.to_string())?;
                admin.close().await.map_err(|e| e.to_string())
            })
        })
        .join();
        match dropped {
            Ok(Ok(())) => {}
            Ok(Err(error)) => eprintln!("could not drop the test database {}: {error}", self.url),
            Err(_) => eprintln!("dropping the test database {} panicked", self.url),
        }
    }
}

impl TestDatabase {
    pub async fn new() -> TestDatabase {
        match std::env::var("TEST_DATABASE_URL") {
            Ok(admin_url) if !admin_url.is_empty() => Self::postgres(&admin_url).await,
            _ => Self::sqlite(),
        }
    }

    /// The same database again, for a second server instance (the first
    /// keeps a SQLite file's directory alive).
    pub fn shared(&self) -> TestDatabase {
        TestDatabase {
            url: self.url.clone(),
            _dir: None,
            created: None,
        }
    }

    pub fn is_postgres(&self) -> bool {
        self.url.starts_with("postgres")
    }

    fn sqlite() -> TestDatabase {
        let dir = tempfile::tempdir().expect("temporary directory");
        let url = format!("sqlite://{}?mode=rwc", dir.path().join("test.db").display());
        TestDatabase {
            url,
            _dir: Some(dir),
            created: None,
        }
    }

    async fn postgres(admin_url: &str) -> TestDatabase {
        let name = format!("gamification_test_{}", uuid::Uuid::new_v4().simple());
        let admin = Database::connect(admin_url)
            .await
            .unwrap_or_else(|e| panic!("TEST_DATABASE_URL {admin_url} is not reachable: {e}"));
        admin
            .execute_unprepared(&format!("CREATE DATABASE {name}"))
            .await
            .expect("create test database");
        admin.close().await.ok();
        let base = admin_url
            .rsplit_once('/')
            .map_or(admin_url, |(base, _)| base);
        TestDatabase {
            url: format!("{base}/{name}"),
            _dir: None,
            created: Some((admin_url.to_string(), name)),
        }
    }
}
