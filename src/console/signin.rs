//! Sign-in with an admin token, sign-out. A service token cannot sign in;
//! with no token configured at all (open development mode of the gRPC
//! port) the console cannot be signed in to and says how to configure one:
//! it is never an open admin UI.
use axum::{
    Form,
    extract::{Query, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};
use maud::{Markup, html};
use serde::Deserialize;

use super::{
    Console,
    form::{self, Errors},
    layout::{self, Nav},
    session::{self, Admin},
};
use crate::auth::Role;

/// The cookie of the sign-in form's own CSRF token (double submit): a
/// forged sign-in into someone else's session is refused.
const SIGNIN_COOKIE: &str = "gamification_console_signin";

#[derive(Deserialize)]
pub struct SigninQuery {
    done: Option<String>,
}

pub async fn form(
    State(console): State<Console>,
    Query(query): Query<SigninQuery>,
    headers: HeaderMap,
) -> Response {
    let notice = (query.done.as_deref() == Some("signedout")).then_some("You are signed out.");
    show(
        &console,
        &headers,
        "",
        &Errors::default(),
        notice,
        StatusCode::OK,
    )
}

fn show(
    console: &Console,
    headers: &HeaderMap,
    name: &str,
    errors: &Errors,
    notice: Option<&str>,
    status: StatusCode,
) -> Response {
    let token = uuid::Uuid::new_v4().simple().to_string();
    let body = if console.auth.has_admin() {
        signin_form(&token, name, errors, notice)
    } else {
        no_tokens()
    };
    let page = layout::page("Sign in", None, Nav::None, body);
    let cookie = format!(
        "{SIGNIN_COOKIE}={token}; Path=/signin; HttpOnly; SameSite=Strict; Max-Age=3600{}",
        if session::over_tls(headers) {
            "; Secure"
        } else {
            ""
        }
    );
    let mut response = layout::render_status(status, page);
    if let Ok(value) = cookie.parse() {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

fn signin_form(token: &str, name: &str, errors: &Errors, notice: Option<&str>) -> Markup {
    html! {
        @if let Some(notice) = notice { p.notice role="status" { (notice) } }
        (errors.summary(&["name", "token"]))
        form.stack method="post" action="/signin" {
            input type="hidden" name="signin" value=(token);
            label for="name" { "Your name" }
            span.hint { "Recorded as who made each change (settings history, reviews)." }
            input #name type="text" name="name" value=(name) required autocomplete="name"
                maxlength="100" autofocus aria-describedby=[errors.describedby("name")];
            (errors.at("name"))
            label for="token" { "Admin token" }
            span.hint { "One of the admin tokens of AUTH_TOKENS or AUTH_TOKENS_FILE." }
            input #token type="password" name="token" required autocomplete="off"
                aria-describedby=[errors.describedby("token")];
            (errors.at("token"))
            button type="submit" { "Sign in" }
        }
    }
}

fn no_tokens() -> Markup {
    html! {
        div.error role="alert" {
            p { "No admin token is configured, so nobody can sign in to the console." }
        }
        p { "Start the server with an admin token (16 characters or more), for example:" }
        pre { "AUTH_TOKENS=\"admin:$(openssl rand -hex 16)\" cargo run --release" }
        p { "or list " code { "admin:TOKEN" } " lines in the file named by " code { "AUTH_TOKENS_FILE" } ". Then paste that token here." }
    }
}

#[derive(Deserialize)]
pub struct SigninForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    token: String,
    #[serde(default)]
    signin: String,
}

pub async fn submit(
    State(console): State<Console>,
    headers: HeaderMap,
    Form(input): Form<SigninForm>,
) -> Response {
    let mut errors = Errors::default();
    let expected = signin_cookie(&headers);
    let name = input.name.trim();
    if !console.auth.has_admin() {
        return show(
            &console,
            &headers,
            name,
            &errors,
            None,
            StatusCode::FORBIDDEN,
        );
    }
    if expected.is_none_or(|e| !session::constant_time_eq(e.as_bytes(), input.signin.as_bytes())) {
        errors
            .general
            .push("The sign-in form expired or did not come from this console; try again.".into());
        return show(
            &console,
            &headers,
            name,
            &errors,
            None,
            StatusCode::FORBIDDEN,
        );
    }
    let mut violations = crate::error::Violations::new();
    let name = violations.check(crate::fields::label::line("name", name, 100));
    if let Err(crate::error::AppError::InvalidArgument(v)) = violations.finish() {
        errors.add_all(&v);
    }
    match console.auth.role(input.token.trim()) {
        Some(Role::Admin) => {}
        Some(Role::Service) => errors.add_all(&[crate::error::Violation::new(
            "token",
            "is a service token: the console needs an admin token",
        )]),
        None => errors.add_all(&[crate::error::Violation::new(
            "token",
            "is not a token this server knows",
        )]),
    }
    let Some(name) = name.filter(|_| errors.is_empty()) else {
        let status = if errors.has("token") {
            StatusCode::UNAUTHORIZED
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        };
        return show(&console, &headers, input.name.trim(), &errors, None, status);
    };
    let session = console.sessions.create(&name);
    tracing::info!(admin = %name, "console sign-in");
    let secure = session::over_tls(&headers);
    let mut response = Redirect::to("/").into_response();
    *response.status_mut() = StatusCode::SEE_OTHER;
    if let Ok(value) = session::set_cookie(&session, secure).parse() {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

fn signin_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SIGNIN_COOKIE)
        .map(|(_, value)| value.to_string())
}

#[derive(Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

pub async fn signout(
    State(console): State<Console>,
    Admin(session): Admin,
    headers: HeaderMap,
    Form(input): Form<CsrfForm>,
) -> Response {
    if let Some(refused) = form::csrf_refusal(&session, &input.csrf) {
        return refused;
    }
    console.sessions.remove(&session.id);
    let mut response = Redirect::to("/signin?done=signedout").into_response();
    *response.status_mut() = StatusCode::SEE_OTHER;
    if let Ok(value) = session::clear_cookie(session::over_tls(&headers)).parse() {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}
