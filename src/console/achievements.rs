//! Achievements: the list (enable and disable), and one form to create or
//! edit an achievement through the same domain functions as the gRPC
//! calls (same validation, field by field).
use axum::{
    Form,
    extract::{Path, Query, State},
    response::{IntoResponse, Redirect, Response},
};
use maud::html;
use serde::Deserialize;

use super::{
    Console, form,
    layout::{self, Nav},
    session::Admin,
};
use crate::engagement::achievements::{self, Achievement, Rule};

#[derive(Deserialize)]
pub struct DoneQuery {
    done: Option<String>,
}

pub async fn list(
    State(console): State<Console>,
    Admin(session): Admin,
    Query(query): Query<DoneQuery>,
) -> Response {
    let all = match achievements::list(&console.state.db, 0, true).await {
        Ok(all) => all,
        Err(error) => return form::error_response(&session, &error),
    };
    let body = html! {
        (layout::notice(query.done.as_deref()))
        p { a href="/achievements/new" { "New achievement" } }
        table #achievements {
            thead { tr { th { "Key" } th { "Name" } th { "Rule" } th { "Reward" } th { "State" } th { "" } } }
            tbody {
                @for listed in &all {
                    @let a = &listed.achievement;
                    tr data-achievement=(a.key) {
                        td { a href={ "/achievements/" (a.id) } { code { (a.key) } } }
                        td { (a.name.en) br; span lang="hi" { (a.name.hi) } }
                        td { (describe(&a.rule)) }
                        td { (reward(a)) }
                        td { @if a.enabled { "enabled" } @else { "disabled" } }
                        td {
                            form.inline method="post" action={ "/achievements/" (a.id) "/enabled" } {
                                (layout::csrf(&session))
                                input type="hidden" name="enabled" value=(if a.enabled { "false" } else { "true" });
                                button type="submit" aria-label={ (if a.enabled { "Disable " } else { "Enable " }) (a.key) } {
                                    @if a.enabled { "Disable" } @else { "Enable" }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    layout::render(layout::page(
        "Achievements",
        Some(&session),
        Nav::Achievements,
        body,
    ))
}

/// The rule in words.
pub fn describe(rule: &Rule) -> String {
    match rule {
        Rule::Count { metric, target } => format!("{target} {}", metric.as_str()),
        Rule::InARow { metric, target } => {
            format!("{target} {} in a row", metric.metric().as_str())
        }
        Rule::WithinDays {
            metric,
            target,
            window_days,
        } => format!("{target} {} within {window_days} days", metric.as_str()),
        Rule::GoldAccuracy {
            min_accuracy,
            min_answers,
        } => format!("gold accuracy ≥ {min_accuracy} over ≥ {min_answers} answers"),
        Rule::FirstInLanguage { language } => format!("first game in {language}"),
    }
}

fn reward(a: &Achievement) -> String {
    match a.reward_amount {
        Some(amount) => format!("{} points, {amount:.2}", a.reward_points),
        None => format!("{} points", a.reward_points),
    }
}

pub async fn set_enabled(
    State(console): State<Console>,
    Admin(session): Admin,
    Path(id): Path<i32>,
    Form(input): Form<form::EnabledForm>,
) -> Response {
    if let Some(refused) = form::csrf_refusal(&session, &input.csrf) {
        return refused;
    }
    let now = console.state.clock.now();
    match achievements::set_enabled(&console.state.db, id, input.enabled, now).await {
        Ok(_) => {
            let done = if input.enabled { "enabled" } else { "disabled" };
            Redirect::to(&format!("/achievements?done={done}")).into_response()
        }
        Err(error) => form::error_response(&session, &error),
    }
}
