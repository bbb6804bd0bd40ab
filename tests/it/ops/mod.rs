//! Operations: migrating at start-up when instances start together, TLS,
//! failing fast while the database is down (in server.rs), metrics, traces,
//! and the level each call's outcome is logged at.
mod logs;
mod metrics;
mod migrate_together;
mod process;
mod tls;
mod traces;

use std::io::Write;

use tonic::{Request, Status, metadata::MetadataValue};

use crate::helpers::ADMIN_TOKEN;

/// The admin token on a call (an interceptor for generated clients).
pub fn admin(mut request: Request<()>) -> Result<Request<()>, Status> {
    let value: MetadataValue<_> = format!("Bearer {ADMIN_TOKEN}")
        .parse()
        .expect("ascii token");
    request.metadata_mut().insert("authorization", value);
    Ok(request)
}

/// The first line of every PostgreSQL-only test: the admin URL, or None
/// after printing why the test is skipped (on SQLite). Written to stderr
/// directly, past the test harness's capture, so the run's log shows it.
pub fn postgres_only(test: &str, why: &str) -> Option<String> {
    match std::env::var("TEST_DATABASE_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            let _ = writeln!(
                std::io::stderr(),
                "SKIPPED: {test}: PostgreSQL only ({why}); set TEST_DATABASE_URL"
            );
            None
        }
    }
}
