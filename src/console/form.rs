//! Form plumbing: the CSRF check of every change, field violations shown
//! next to their fields, and the other errors of the domain as messages.
use std::collections::HashMap;

use axum::{http::StatusCode, response::Response};
use maud::{Markup, html};
use serde::Deserialize;

use super::{layout, session::Session};
use crate::error::{AppError, Violation};

/// The refusal of a form whose CSRF token is not the session's (None: the
/// token is right).
pub fn csrf_refusal(session: &Session, presented: &str) -> Option<Response> {
    if session.csrf_ok(presented) {
        return None;
    }
    Some(layout::error_page(
        StatusCode::FORBIDDEN,
        Some(session),
        "Form refused",
        "This form did not come from this console session (its CSRF token is missing or wrong). \
         Reload the page and try again.",
    ))
}

/// Violations by field, for the form to show next to each field.
#[derive(Debug, Default)]
pub struct Errors {
    fields: HashMap<String, Vec<String>>,
    /// Errors that belong to no field (a conflict, a state that forbids it).
    pub general: Vec<String>,
}

impl Errors {
    pub fn from_error(error: &AppError) -> Errors {
        let mut errors = Errors::default();
        match error {
            AppError::InvalidArgument(violations) => errors.add_all(violations),
            AppError::Internal(cause) => {
                tracing::error!(%cause, "console: internal error");
                errors
                    .general
                    .push("Something went wrong on the server; see its log.".into());
            }
            other => errors.general.push(other.to_string()),
        }
        errors
    }

    pub fn add_all(&mut self, violations: &[Violation]) {
        for v in violations {
            // `question.question_text` (a streamed item) is the field
            // `question_text` of the form.
            let field = v.field.rsplit('.').next().unwrap_or(&v.field);
            self.fields
                .entry(field.to_string())
                .or_default()
                .push(v.description.clone());
        }
    }

    pub fn is_empty(&self) -> bool {
        self.fields.is_empty() && self.general.is_empty()
    }

    pub fn has(&self, field: &str) -> bool {
        self.fields.contains_key(field)
    }

    /// The messages of `field`, with the id its input points at.
    pub fn at(&self, field: &str) -> Markup {
        match self.fields.get(field) {
            Some(messages) => html! {
                span.field-error id={ (field) "-error" } role="alert" {
                    @for m in messages { (m) " " }
                }
            },
            None => html! {},
        }
    }

    /// The `aria-describedby` of `field`'s input when it has errors.
    pub fn describedby(&self, field: &str) -> Option<String> {
        self.has(field).then(|| format!("{field}-error"))
    }

    /// Errors of fields the form has no input for, and the general ones.
    pub fn summary(&self, shown: &[&str]) -> Markup {
        let other: Vec<(&String, &Vec<String>)> = self
            .fields
            .iter()
            .filter(|(f, _)| !shown.contains(&f.as_str()))
            .collect();
        if self.general.is_empty() && other.is_empty() && self.fields.is_empty() {
            return html! {};
        }
        html! {
            div.error role="alert" {
                @if !self.fields.is_empty() {
                    p { "Please correct the fields marked below." }
                }
                @for g in &self.general { p { (g) } }
                @for (field, messages) in other {
                    p { strong { (field) } ": " @for m in messages { (m) " " } }
                }
            }
        }
    }
}

/// The HTTP status of a form re-shown with its errors.
pub fn status_of(error: &AppError) -> StatusCode {
    match error {
        AppError::InvalidArgument(_) => StatusCode::UNPROCESSABLE_ENTITY,
        AppError::NotFound(_) => StatusCode::NOT_FOUND,
        AppError::Aborted(_) | AppError::AlreadyExists(_) => StatusCode::CONFLICT,
        AppError::FailedPrecondition(_) => StatusCode::CONFLICT,
        AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
        AppError::PermissionDenied(_) | AppError::Unauthenticated(_) => StatusCode::FORBIDDEN,
        AppError::ResourceExhausted(_) => StatusCode::TOO_MANY_REQUESTS,
        AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// A page for an error outside a form (a list that could not be read).
pub fn error_response(session: &Session, error: &AppError) -> Response {
    let errors = Errors::from_error(error);
    let message = errors
        .general
        .first()
        .cloned()
        .unwrap_or_else(|| error.to_string());
    layout::error_page(status_of(error), Some(session), "Error", &message)
}

/// A button that switches something on or off. `enabled` must be `true` or
/// `false`: anything else (or nothing) is refused by the extractor, never
/// read as "off".
#[derive(Deserialize)]
pub struct EnabledForm {
    #[serde(default)]
    pub csrf: String,
    pub enabled: bool,
}
