//! The admin console: server-rendered HTML (maud) on ADMIN_LISTEN, over the
//! same domain functions as the gRPC handlers, so a change made here obeys
//! the same validation, etags and history. Sign in with an admin token; a
//! session cookie and a per-session CSRF token guard every change. Static
//! files (CSS, a few lines of JavaScript) are compiled into the binary.
mod achievement_form;
mod achievements;
mod chart;
mod dashboard;
mod flows;
mod form;
mod layout;
mod leagues;
mod players;
mod questions;
mod review;
mod rewards;
pub mod session;
mod settings;
mod signin;

use std::net::SocketAddr;

use axum::{
    Router,
    extract::Request,
    http::{HeaderValue, header},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

use crate::{auth::Authenticator, config::Config, state::AppState};
use session::Sessions;

/// What every console handler shares.
#[derive(Clone)]
pub struct Console {
    pub state: AppState,
    pub auth: Authenticator,
    pub sessions: Sessions,
}

/// The console, bound but not serving yet.
pub struct ConsoleServer {
    listener: TcpListener,
}

impl ConsoleServer {
    /// Binds ADMIN_LISTEN (None when `off`). An address other hosts can
    /// reach needs an admin token configured: the console is never open.
    pub async fn bind(
        config: &Config,
        auth: &Authenticator,
    ) -> Result<Option<ConsoleServer>, Box<dyn std::error::Error + Send + Sync>> {
        let Some(addr) = config.admin_addr()? else {
            return Ok(None);
        };
        check_exposure(addr, auth)?;
        let listener = TcpListener::bind(addr).await?;
        Ok(Some(ConsoleServer { listener }))
    }

    pub fn local_addr(&self) -> Option<SocketAddr> {
        self.listener.local_addr().ok()
    }

    /// Serves until `stop`.
    pub async fn run(self, state: AppState, auth: Authenticator, stop: CancellationToken) {
        if let Ok(addr) = self.listener.local_addr() {
            tracing::info!(%addr, "admin console served");
        }
        let console = Console {
            state,
            auth,
            sessions: Sessions::default(),
        };
        let served = axum::serve(self.listener, router(console))
            .with_graceful_shutdown(stop.cancelled_owned())
            .await;
        if let Err(error) = served {
            tracing::error!(%error, "the admin console stopped");
        }
    }
}

/// A console other hosts can reach must have an admin token to sign in with.
pub fn check_exposure(addr: SocketAddr, auth: &Authenticator) -> Result<(), String> {
    if !addr.ip().is_loopback() && !auth.has_admin() {
        return Err(format!(
            "ADMIN_LISTEN {addr} is not a loopback address and no admin token is configured \
             (AUTH_TOKENS or AUTH_TOKENS_FILE): refusing to serve the admin console"
        ));
    }
    Ok(())
}

/// Every page and action of the console.
pub fn router(console: Console) -> Router {
    Router::new()
        .route("/", get(dashboard::page))
        .route("/signin", get(signin::form).post(signin::submit))
        .route("/signout", post(signin::signout))
        .route("/settings", get(settings::list))
        .route(
            "/settings/{key}",
            get(settings::detail).post(settings::update),
        )
        .route("/questions", get(questions::list))
        .route(
            "/questions/new",
            get(questions::new_form).post(questions::create),
        )
        .route(
            "/questions/import",
            get(questions::import_form).post(questions::import),
        )
        .route(
            "/questions/{id}",
            get(questions::edit_form).post(questions::update),
        )
        .route("/questions/{id}/enabled", post(questions::set_enabled))
        .route("/review", get(review::page))
        .route("/review/{id}", post(review::decide))
        .route("/flows", get(flows::list))
        .route("/flows/{id}/enabled", post(flows::set_enabled))
        .route("/rewards", get(rewards::list))
        .route("/rewards/{id}/retry", post(rewards::retry))
        .route("/rewards/user", get(rewards::user))
        .route("/achievements", get(achievements::list))
        .route(
            "/achievements/new",
            get(achievement_form::new_form).post(achievement_form::create),
        )
        .route(
            "/achievements/{id}",
            get(achievement_form::edit_form).post(achievement_form::update),
        )
        .route(
            "/achievements/{id}/enabled",
            post(achievements::set_enabled),
        )
        .route("/players", get(players::page))
        .route("/leagues", get(leagues::page))
        .route("/static/console.css", get(css))
        .route("/static/console.js", get(js))
        .fallback(not_found)
        .layer(middleware::from_fn(headers))
        .with_state(console)
}

const CSS: &str = include_str!("static/console.css");
const JS: &str = include_str!("static/console.js");

async fn css() -> Response {
    static_file("text/css; charset=utf-8", CSS)
}

async fn js() -> Response {
    static_file("text/javascript; charset=utf-8", JS)
}

fn static_file(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
        .into_response()
}

async fn not_found(session: Option<session::Admin>) -> Response {
    let admin = session.map(|a| a.0);
    layout::error_page(
        axum::http::StatusCode::NOT_FOUND,
        admin.as_deref(),
        "Not found",
        "There is no page at this address.",
    )
}

/// Security headers on every response; nothing but the static files may
/// be cached, so no page outlives a sign-out in a cache.
async fn headers(request: Request, next: Next) -> Response {
    let is_static = request.uri().path().starts_with("/static/");
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if !is_static {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        headers.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    }
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; \
             font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}
