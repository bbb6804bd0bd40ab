//! The page shell: one stylesheet and one script (both embedded), UTF-8,
//! a font stack with Devanagari, the navigation and the sign-out form.
use axum::{
    http::StatusCode,
    response::{Html, IntoResponse, Response},
};
use maud::{DOCTYPE, Markup, html};

use super::session::Session;

/// Which section of the navigation is current.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Nav {
    Dashboard,
    Settings,
    Questions,
    Review,
    Flows,
    Rewards,
    Achievements,
    Players,
    Leagues,
    None,
}

const SECTIONS: [(Nav, &str, &str); 9] = [
    (Nav::Dashboard, "/", "Dashboard"),
    (Nav::Settings, "/settings", "Settings"),
    (Nav::Questions, "/questions", "Questions"),
    (Nav::Review, "/review", "Review queue"),
    (Nav::Flows, "/flows", "Flows"),
    (Nav::Rewards, "/rewards", "Rewards"),
    (Nav::Achievements, "/achievements", "Achievements"),
    (Nav::Players, "/players", "Players"),
    (Nav::Leagues, "/leagues", "Leagues"),
];

/// A whole page.
pub fn page(title: &str, session: Option<&Session>, nav: Nav, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · Gamification console" }
                link rel="stylesheet" href="/static/console.css";
                script src="/static/console.js" defer {}
            }
            body {
                a.skip href="#main" { "Skip to content" }
                header.top {
                    span.brand { "Gamification console" }
                    @if let Some(session) = session {
                        nav aria-label="Sections" {
                            ul {
                                @for (section, href, label) in SECTIONS {
                                    li {
                                        a href=(href) aria-current=[(section == nav).then_some("page")] { (label) }
                                    }
                                }
                            }
                        }
                        form.signout method="post" action="/signout" {
                            (csrf(session))
                            span.who { "Signed in as " strong { (session.name) } }
                            button type="submit" id="signout" { "Sign out" }
                        }
                    }
                }
                main #main tabindex="-1" {
                    h1 { (title) }
                    (body)
                }
            }
        }
    }
}

/// The hidden CSRF field every form carries.
pub fn csrf(session: &Session) -> Markup {
    html! { input type="hidden" name="csrf" value=(session.csrf); }
}

pub fn render(markup: Markup) -> Response {
    Html(markup.into_string()).into_response()
}

pub fn render_status(status: StatusCode, markup: Markup) -> Response {
    (status, Html(markup.into_string())).into_response()
}

/// A page that only says what went wrong.
pub fn error_page(
    status: StatusCode,
    session: Option<&Session>,
    title: &str,
    message: &str,
) -> Response {
    let body = html! {
        p.error role="alert" { (message) }
        p { a href="/" { "Back to the dashboard" } }
    };
    render_status(status, page(title, session, Nav::None, body))
}

/// A notice after a redirect (`?done=…`), from a fixed list so nothing a
/// link carries is shown as it is.
pub fn notice(done: Option<&str>) -> Markup {
    let text = match done {
        Some("saved") => "Saved.",
        Some("created") => "Question created.",
        Some("enabled") => "Enabled.",
        Some("disabled") => "Disabled.",
        Some("approved") => "Approved.",
        Some("rejected") => "Rejected.",
        Some("corrected") => "Relabelled and approved.",
        Some("retried") => "The reward is pending again and will be retried.",
        _ => return html! {},
    };
    html! { p.notice role="status" { (text) } }
}

/// Local time for people: `2025-11-25 14:03`.
pub fn when(at: Option<chrono::NaiveDateTime>) -> String {
    at.map(|t| t.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_else(|| "—".into())
}
