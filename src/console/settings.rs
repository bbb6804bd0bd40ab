//! Settings by category, each edited with an input that fits its type, with
//! its history; a stale edit shows the conflict and the current value.
use std::collections::BTreeMap;

use axum::{
    Form,
    extract::{Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use maud::{Markup, html};
use serde::Deserialize;

use super::{
    Console,
    form::{self, Errors},
    layout::{self, Nav, when},
    session::{Admin, Session},
};
use crate::{
    error::AppError,
    settings::{self, Setting, SettingType, UpdateRequest},
};

#[derive(Deserialize)]
pub struct ListQuery {
    category: Option<String>,
}

/// Every setting (there are a few dozen: read in pages of 500), grouped by
/// category.
pub async fn list(
    State(console): State<Console>,
    Admin(session): Admin,
    Query(query): Query<ListQuery>,
) -> Response {
    let db = &console.state.db;
    let mut all = Vec::new();
    let mut token = String::new();
    loop {
        match settings::list(db, "", 500, &token).await {
            Ok((rows, next)) => {
                all.extend(rows);
                match next {
                    Some(next) => token = next,
                    None => break,
                }
            }
            Err(error) => return form::error_response(&session, &error),
        }
    }
    let mut by_category: BTreeMap<String, Vec<Setting>> = BTreeMap::new();
    for setting in all {
        let category = setting.category.clone().unwrap_or_else(|| "other".into());
        by_category.entry(category).or_default().push(setting);
    }
    let chosen = query.category.filter(|c| by_category.contains_key(c));
    let body = html! {
        nav.tabs aria-label="Categories" {
            a href="/settings" aria-current=[chosen.is_none().then_some("page")] { "All" }
            @for category in by_category.keys() {
                a href={ "/settings?category=" (category) }
                    aria-current=[(chosen.as_deref() == Some(category.as_str())).then_some("page")] { (category) }
            }
        }
        @for (category, rows) in &by_category {
            @if chosen.as_deref().is_none_or(|c| c == category) {
                section {
                    h2 { (category) }
                    table {
                        thead { tr { th { "Key" } th { "Value" } th { "Type" } th { "Changed" } } }
                        tbody {
                            @for s in rows {
                                tr {
                                    td { a href={ "/settings/" (s.key) } { (s.key) } }
                                    td.value { code { (short(&s.value)) } }
                                    td { (s.r#type) }
                                    td { (when(s.updated_at)) " " (s.updated_by.as_deref().unwrap_or("")) }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    layout::render(layout::page(
        "Settings",
        Some(&session),
        Nav::Settings,
        body,
    ))
}

fn short(value: &str) -> String {
    if value.chars().count() > 80 {
        format!("{}…", value.chars().take(80).collect::<String>())
    } else {
        value.to_string()
    }
}

#[derive(Deserialize)]
pub struct DetailQuery {
    done: Option<String>,
    history: Option<String>,
}

pub async fn detail(
    State(console): State<Console>,
    Admin(session): Admin,
    Path(key): Path<String>,
    Query(query): Query<DetailQuery>,
) -> Response {
    let db = &console.state.db;
    let setting = match settings::get_fresh(db, &key).await {
        Ok(setting) => setting,
        Err(error) => return form::error_response(&session, &error),
    };
    let edit = Edit {
        value: setting.value.clone(),
        etag: settings::etag(&setting),
        reason: String::new(),
    };
    let history_token = query.history.unwrap_or_default();
    show(
        &console,
        &session,
        &setting,
        &edit,
        &Errors::default(),
        None,
        layout::notice(query.done.as_deref()),
        &history_token,
        StatusCode::OK,
    )
    .await
}

/// What the form holds.
struct Edit {
    value: String,
    etag: String,
    reason: String,
}

#[allow(clippy::too_many_arguments)]
async fn show(
    console: &Console,
    session: &Session,
    setting: &Setting,
    edit: &Edit,
    errors: &Errors,
    conflict: Option<Markup>,
    notice: Markup,
    history_token: &str,
    status: StatusCode,
) -> Response {
    let history = settings::history(&console.state.db, &setting.key, 50, history_token).await;
    let (changes, next) = match history {
        Ok(found) => found,
        Err(error) => return form::error_response(session, &error),
    };
    let kind = SettingType::parse(&setting.r#type);
    let body = html! {
        (notice)
        p.lead { (setting.description.as_deref().unwrap_or("")) }
        dl.facts {
            dt { "Category" } dd { (setting.category.as_deref().unwrap_or("other")) }
            dt { "Type" } dd { (setting.r#type) }
            dt { "Current value" } dd { code #current-value { (setting.value) } }
            dt { "Last changed" } dd { (when(setting.updated_at)) " by " (setting.updated_by.as_deref().unwrap_or("—")) }
        }
        @if let Some(conflict) = conflict { (conflict) }
        (errors.summary(&["value", "reason"]))
        form.stack #setting-form method="post" action={ "/settings/" (setting.key) } {
            (layout::csrf(session))
            input type="hidden" name="etag" value=(edit.etag);
            label for="value" { "New value" }
            (value_input(kind, &edit.value, errors))
            (errors.at("value"))
            label for="reason" { "Reason (kept in the history)" }
            input #reason type="text" name="reason" value=(edit.reason) maxlength="500";
            (errors.at("reason"))
            button type="submit" { "Save" }
        }
        section {
            h2 { "History" }
            @if changes.is_empty() {
                p { "No change yet." }
            } @else {
                table #history {
                    thead { tr { th { "When" } th { "Who" } th { "Old → new" } th { "Reason" } } }
                    tbody {
                        @for c in &changes {
                            tr {
                                td { (when(Some(c.changed_at))) }
                                td { (c.changed_by) }
                                td { code { (c.old_value) } " → " code { (c.new_value) } }
                                td { (c.reason.as_deref().unwrap_or("")) }
                            }
                        }
                    }
                }
                @if let Some(next) = next {
                    p { a href={ "/settings/" (setting.key) "?history=" (next) } { "Older changes" } }
                }
            }
        }
        p { a href="/settings" { "All settings" } }
    };
    layout::render_status(
        status,
        layout::page(&setting.key, Some(session), Nav::Settings, body),
    )
}

/// An input that fits the setting's type.
fn value_input(kind: Option<SettingType>, value: &str, errors: &Errors) -> Markup {
    let described = errors.describedby("value");
    let invalid = errors.has("value").then_some("true");
    match kind {
        Some(SettingType::Boolean) => html! {
            select #value name="value" aria-describedby=[described] aria-invalid=[invalid] {
                option value="true" selected[value == "true"] { "true" }
                option value="false" selected[value == "false"] { "false" }
                @if value != "true" && value != "false" {
                    option value=(value) selected { (value) }
                }
            }
        },
        Some(SettingType::Json) => html! {
            textarea #value.code name="value" rows="6" aria-describedby=[described] aria-invalid=[invalid] { (value) }
        },
        Some(SettingType::Number) => html! {
            input #value type="text" inputmode="decimal" name="value" value=(value)
                aria-describedby=[described] aria-invalid=[invalid];
        },
        _ => html! {
            input #value type="text" name="value" value=(value)
                aria-describedby=[described] aria-invalid=[invalid];
        },
    }
}

#[derive(Deserialize)]
pub struct UpdateForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    value: String,
    #[serde(default)]
    etag: String,
    #[serde(default)]
    reason: String,
}

pub async fn update(
    State(console): State<Console>,
    Admin(session): Admin,
    Path(key): Path<String>,
    Form(input): Form<UpdateForm>,
) -> Response {
    if let Some(refused) = form::csrf_refusal(&session, &input.csrf) {
        return refused;
    }
    let state = &console.state;
    let request = UpdateRequest {
        key: key.clone(),
        value: input.value.clone(),
        updated_by: session.name.clone(),
        etag: input.etag.clone(),
        reason: input.reason.clone(),
    };
    let error = match settings::update(&state.db, &state.settings, request, state.clock.now()).await
    {
        Ok(saved) => {
            return Redirect::to(&format!("/settings/{}?done=saved", saved.key)).into_response();
        }
        Err(error) => error,
    };
    let current = match settings::get_fresh(&state.db, &key).await {
        Ok(current) => current,
        Err(error) => return form::error_response(&session, &error),
    };
    let mut edit = Edit {
        value: input.value,
        etag: input.etag,
        reason: input.reason,
    };
    let conflict = matches!(error, AppError::Aborted(_)).then(|| {
        // The form now carries the current etag: saving again is a
        // deliberate overwrite of the value shown.
        edit.etag = settings::etag(&current);
        html! {
            div.conflict #conflict role="alert" {
                h2 { "Conflict: this setting changed while you were editing it" }
                p {
                    "It is now " code { (current.value) } " (changed by "
                    (current.updated_by.as_deref().unwrap_or("—")) " at " (when(current.updated_at)) "). "
                    "Your value " code { (edit.value) } " was not saved."
                }
                p { "Check the current value and the history below; save again to replace it with yours." }
            }
        }
    });
    let errors = if conflict.is_some() {
        Errors::default()
    } else {
        Errors::from_error(&error)
    };
    show(
        &console,
        &session,
        &current,
        &edit,
        &errors,
        conflict,
        html! {},
        "",
        form::status_of(&error),
    )
    .await
}
