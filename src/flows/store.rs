//! SQL for flows.
use chrono::NaiveDateTime;
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::Expr,
};

use super::{Flow, FlowFilter};
use crate::{
    db,
    entity::flows,
    error::{AppError, AppResult},
};

pub async fn list(
    db: &DatabaseConnection,
    filter: &FlowFilter,
    after_id: Option<&str>,
    size: u64,
) -> AppResult<Vec<Flow>> {
    let mut query = flows::Entity::find()
        .order_by_asc(flows::Column::Id)
        .limit(size + 1);
    if let Some(module) = &filter.module {
        query = query.filter(flows::Column::Module.eq(module.as_str()));
    }
    if let Some(enabled) = filter.enabled {
        query = query.filter(flows::Column::Enabled.eq(enabled));
    }
    if let Some(critical) = filter.system_critical {
        // NULL (rows written before the column existed) counts as not critical.
        query = query.filter(if critical {
            Condition::all().add(flows::Column::SystemCritical.eq(true))
        } else {
            Condition::any()
                .add(flows::Column::SystemCritical.eq(false))
                .add(flows::Column::SystemCritical.is_null())
        });
    }
    if let Some(after) = after_id {
        query = query.filter(flows::Column::Id.gt(after));
    }
    Ok(query.all(db).await?)
}

pub enum Change {
    Enabled(bool),
    SystemCritical(bool),
}

/// Locks the flow, lets `decide` check it and choose the change, and writes
/// it, all in one transaction: a concurrent mark and disable cannot both pass.
pub async fn update(
    db: &DatabaseConnection,
    flow_id: &str,
    decide: impl FnOnce(&Flow) -> AppResult<Change>,
    now: NaiveDateTime,
) -> AppResult<Flow> {
    let txn = db::begin_write(db).await?;
    let flow = flows::Entity::find_by_id(flow_id)
        .lock_exclusive()
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::not_found(format!("flow {flow_id}")))?;
    let (column, value) = match decide(&flow)? {
        Change::Enabled(enabled) => (flows::Column::Enabled, enabled),
        Change::SystemCritical(critical) => (flows::Column::SystemCritical, critical),
    };
    flows::Entity::update_many()
        .col_expr(column, Expr::value(value))
        .col_expr(flows::Column::UpdatedAt, Expr::value(now))
        .filter(flows::Column::Id.eq(flow_id))
        .exec(&txn)
        .await?;
    let saved = flows::Entity::find_by_id(flow_id)
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::not_found(format!("flow {flow_id}")))?;
    txn.commit().await?;
    Ok(saved)
}
