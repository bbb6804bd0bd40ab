//! Operations: migrating at start-up when instances start together, TLS,
//! failing fast while the database is down (in server.rs), metrics, traces,
//! and the level each call's outcome is logged at.
mod logs;
mod metrics;
mod migrate_together;
mod process;
mod tls;
mod traces;

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
