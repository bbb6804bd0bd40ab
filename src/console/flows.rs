//! Flows: enable and disable; system-critical flows are shown locked (and
//! `flows::set_enabled` refuses to disable them anyway).
use axum::{
    Form,
    extract::{Path, Query, State},
    response::{IntoResponse, Redirect, Response},
};
use maud::html;
use serde::Deserialize;

use super::{
    Console, form,
    layout::{self, Nav, when},
    session::Admin,
};
use crate::flows::{self, FlowFilter};

#[derive(Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    after: String,
    done: Option<String>,
    error: Option<String>,
}

pub async fn list(
    State(console): State<Console>,
    Admin(session): Admin,
    Query(query): Query<ListQuery>,
) -> Response {
    let found = flows::list(&console.state.db, FlowFilter::default(), 100, &query.after).await;
    let (rows, next) = match found {
        Ok(found) => found,
        Err(error) => return form::error_response(&session, &error),
    };
    let body = html! {
        (layout::notice(query.done.as_deref()))
        @if query.error.as_deref() == Some("critical") {
            p.error role="alert" { "A system-critical flow cannot be disabled." }
        }
        @if rows.is_empty() {
            p { "No flows." }
        } @else {
            table #flows {
                thead { tr { th { "Flow" } th { "Name" } th { "Module" } th { "Version" } th { "Updated" } th { "State" } th { "" } } }
                tbody {
                    @for f in &rows {
                        @let critical = f.system_critical.unwrap_or(false);
                        tr data-flow=(f.id) {
                            td { code { (f.id) } }
                            td { (f.name) }
                            td { (f.module) }
                            td { (f.version) }
                            td { (when(f.updated_at.or(Some(f.created_at)))) }
                            td {
                                @if f.enabled { "enabled" } @else { "disabled" }
                                @if critical { " " span.lock title="System-critical: cannot be disabled" { "🔒 system-critical" } }
                            }
                            td {
                                @if critical && f.enabled {
                                    button type="button" disabled aria-disabled="true" title="System-critical flows cannot be disabled" { "Locked" }
                                } @else {
                                    form.inline method="post" action={ "/flows/" (f.id) "/enabled" } {
                                        (layout::csrf(&session))
                                        input type="hidden" name="enabled" value=(if f.enabled { "false" } else { "true" });
                                        button type="submit" aria-label={ (if f.enabled { "Disable " } else { "Enable " }) (f.id) } {
                                            @if f.enabled { "Disable" } @else { "Enable" }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        @if let Some(next) = next {
            p { a href={ "/flows?after=" (next) } rel="next" { "Next page" } }
        }
    };
    layout::render(layout::page("Flows", Some(&session), Nav::Flows, body))
}

pub async fn set_enabled(
    State(console): State<Console>,
    Admin(session): Admin,
    Path(id): Path<String>,
    Form(input): Form<form::EnabledForm>,
) -> Response {
    if let Some(refused) = form::csrf_refusal(&session, &input.csrf) {
        return refused;
    }
    let enabled = input.enabled;
    match flows::set_enabled(&console.state.db, &id, enabled, console.state.clock.now()).await {
        Ok(_) => {
            let done = if enabled { "enabled" } else { "disabled" };
            Redirect::to(&format!("/flows?done={done}")).into_response()
        }
        Err(crate::error::AppError::FailedPrecondition(_)) => {
            Redirect::to("/flows?error=critical").into_response()
        }
        Err(error) => form::error_response(&session, &error),
    }
}
