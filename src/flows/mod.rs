//! Flows of the flow engine, as far as this service manages them: enabling
//! and disabling, and the system-critical mark that protects the flows the
//! assistant cannot work without (greeting, help, farewell).
pub mod grpc;
mod store;

use chrono::NaiveDateTime;
use sea_orm::DatabaseConnection;

use crate::{
    entity::flows,
    error::{AppError, AppResult, Reason, Violation, Violations},
    pagination,
};

pub type Flow = flows::Model;

/// Filters of ListFlows.
#[derive(Debug, Default)]
pub struct FlowFilter {
    pub module: Option<String>,
    pub enabled: Option<bool>,
    pub system_critical: Option<bool>,
}

pub async fn list(
    db: &DatabaseConnection,
    filter: FlowFilter,
    page_size: i32,
    page_token: &str,
) -> AppResult<(Vec<Flow>, Option<String>)> {
    let mut violations = Violations::new();
    let size = violations.check(pagination::page_size(page_size));
    let after = violations.check(pagination::decode_token(page_token));
    violations.finish()?;
    let (size, after) = (size.unwrap_or_default(), after.flatten());
    let rows = store::list(db, &filter, after.as_deref(), size).await?;
    let (rows, more) = pagination::split_page(rows, size);
    let next = pagination::next_token(&rows, more, |f| f.id.clone());
    Ok((rows, next))
}

/// Enables or disables a flow; a system-critical flow is never disabled.
#[tracing::instrument(skip_all, err(level = "debug"), fields(flow_id, enabled))]
pub async fn set_enabled(
    db: &DatabaseConnection,
    flow_id: &str,
    enabled: bool,
    now: NaiveDateTime,
) -> AppResult<Flow> {
    let flow_id = flow_key("flow_id", flow_id)?;
    store::update(
        db,
        flow_id,
        |flow| {
            if !enabled && flow.system_critical.unwrap_or(false) {
                return Err(AppError::precondition(
                    Reason::FlowSystemCritical,
                    format!(
                        "flow {flow_id} is system-critical and cannot be disabled; unmark it first"
                    ),
                ));
            }
            Ok(store::Change::Enabled(enabled))
        },
        now,
    )
    .await
}

/// Marks or unmarks a flow as system-critical. Marking a disabled flow is
/// refused: a critical flow must be running.
#[tracing::instrument(skip_all, err(level = "debug"), fields(flow_id, system_critical))]
pub async fn set_system_critical(
    db: &DatabaseConnection,
    flow_id: &str,
    system_critical: bool,
    now: NaiveDateTime,
) -> AppResult<Flow> {
    let flow_id = flow_key("flow_id", flow_id)?;
    store::update(
        db,
        flow_id,
        |flow| {
            if system_critical && !flow.enabled {
                return Err(AppError::precondition(
                    Reason::FlowDisabled,
                    format!(
                        "flow {flow_id} is disabled; enable it before marking it system-critical"
                    ),
                ));
            }
            Ok(store::Change::SystemCritical(system_critical))
        },
        now,
    )
    .await
}

/// A flow's id, as the chat backend names it: required.
fn flow_key<'a>(field: &str, value: &'a str) -> Result<&'a str, Violation> {
    if value.trim().is_empty() {
        return Err(Violation::new(field, "is required"));
    }
    Ok(value)
}
