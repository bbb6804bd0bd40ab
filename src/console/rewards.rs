//! Rewards: the pending and failed lists with their errors and attempts,
//! retry of a failed one (`rewards::retry`), and one user's summary.
use axum::{
    Form,
    extract::{Path, Query, State},
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
use crate::rewards::{self, Reward, RewardStatus};

#[derive(Deserialize)]
pub struct ListQuery {
    status: Option<String>,
    #[serde(default)]
    after: String,
    done: Option<String>,
}

pub async fn list(
    State(console): State<Console>,
    Admin(session): Admin,
    Query(query): Query<ListQuery>,
) -> Response {
    let status = match query.status.as_deref() {
        Some("pending") => RewardStatus::Pending,
        Some("credited") => RewardStatus::Credited,
        _ => RewardStatus::Failed,
    };
    let db = &console.state.db;
    let found = rewards::list(db, 0, Some(status), 50, &query.after).await;
    let (rows, next) = match found {
        Ok(found) => found,
        Err(error) => return form::error_response(&session, &error),
    };
    let stats = match rewards::stats(db).await {
        Ok(stats) => stats,
        Err(error) => return form::error_response(&session, &error),
    };
    let body = html! {
        (layout::notice(query.done.as_deref()))
        dl.facts.inline {
            dt { "Pending" } dd { (stats.pending) @if stats.retrying > 0 { " (" (stats.retrying) " retrying)" } }
            dt { "Failed" } dd { (stats.failed) }
            dt { "Credited" } dd { (stats.credited) }
            dt { "Mean delivery" } dd { (stats.average_latency_ms) " ms" }
        }
        nav.tabs aria-label="Reward status" {
            @for (s, label) in [(RewardStatus::Failed, "Failed"), (RewardStatus::Pending, "Pending"), (RewardStatus::Credited, "Credited")] {
                a href={ "/rewards?status=" (s.as_str()) } aria-current=[(s == status).then_some("page")] { (label) }
            }
        }
        (user_form(""))
        @if rows.is_empty() {
            p #no-rewards { "No " (status.as_str()) " rewards." }
        } @else {
            table #rewards {
                thead { tr {
                    th { "Game" } th { "User" } th { "Game type" } th { "Amount" } th { "Points" }
                    th { "Attempts" } th { "Last error" } th { "Completed" } th { "Next try / credited" } th { "" }
                } }
                tbody { @for r in &rows { (row(&session, r)) } }
            }
        }
        @if let Some(next) = next {
            p { a href={ "/rewards?status=" (status.as_str()) "&after=" (next) } rel="next" { "Next page" } }
        }
    };
    layout::render(layout::page("Rewards", Some(&session), Nav::Rewards, body))
}

fn amount(r: &Reward) -> String {
    match r.amount {
        Some(a) => format!("{a} {}", r.currency),
        None => "unreadable".into(),
    }
}

fn row(session: &Session, r: &Reward) -> Markup {
    html! {
        tr data-game=(r.game_session_id) {
            td { (r.game_session_id) }
            td { a href={ "/rewards/user?user_id=" (r.user_id) } { (r.user_id) } }
            td { (r.game_type) }
            td.num { (amount(r)) }
            td.num { (r.loyalty_points) }
            td.num { (r.attempts) }
            td.error-text { (r.last_error.as_deref().unwrap_or("")) }
            td { (when(r.completed_at)) }
            td { (when(r.credited_at.or(r.next_attempt_at))) }
            td {
                @if r.status == RewardStatus::Failed {
                    form.inline method="post" action={ "/rewards/" (r.game_session_id) "/retry" } {
                        (layout::csrf(session))
                        button type="submit" aria-label={ "Retry the reward of game " (r.game_session_id) } { "Retry" }
                    }
                }
            }
        }
    }
}

fn user_form(user_id: &str) -> Markup {
    html! {
        form.filters method="get" action="/rewards/user" role="search" {
            label for="user_id" { "User's summary: user id " }
            input #user_id type="text" inputmode="numeric" name="user_id" value=(user_id) size="8";
            button type="submit" { "Show" }
        }
    }
}

#[derive(Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

pub async fn retry(
    State(console): State<Console>,
    Admin(session): Admin,
    Path(id): Path<i32>,
    Form(input): Form<CsrfForm>,
) -> Response {
    if let Some(refused) = form::csrf_refusal(&session, &input.csrf) {
        return refused;
    }
    match rewards::retry(&console.state.db, id, console.state.clock.now()).await {
        Ok(_) => Redirect::to("/rewards?status=failed&done=retried").into_response(),
        Err(error) => form::error_response(&session, &error),
    }
}

#[derive(Deserialize)]
pub struct UserQuery {
    #[serde(default)]
    user_id: String,
}

pub async fn user(
    State(console): State<Console>,
    Admin(session): Admin,
    Query(query): Query<UserQuery>,
) -> Response {
    let mut errors = Errors::default();
    let parsed = query.user_id.trim().parse::<i32>().unwrap_or(0);
    let summary = match rewards::summary(&console.state.db, parsed).await {
        Ok(summary) => Some(summary),
        Err(error) => {
            errors = Errors::from_error(&error);
            None
        }
    };
    let body = html! {
        (user_form(query.user_id.trim()))
        (errors.summary(&[]))
        @if let Some(s) = summary {
            table #summary {
                caption { "Rewards of user " (s.user_id) }
                thead { tr { th { "Status" } th { "Rewards" } th { "Amount" } } }
                tbody {
                    tr { td { "Pending" } td.num { (s.pending.0) } td.num { (s.pending.1) } }
                    tr { td { "Credited" } td.num { (s.credited.0) } td.num { (s.credited.1) } }
                    tr { td { "Failed" } td.num { (s.failed.0) } td.num { (s.failed.1) } }
                }
            }
            dl.facts {
                dt { "Loyalty points" } dd { (s.loyalty_points) }
                dt { "Total rewards earned" } dd { (s.total_rewards_earned) }
                dt { "Last credited" } dd { (when(s.last_credited_at)) }
            }
            p { a href={ "/rewards?status=failed" } { "Failed rewards" } }
        }
    };
    layout::render(layout::page(
        "User rewards",
        Some(&session),
        Nav::Rewards,
        body,
    ))
}
