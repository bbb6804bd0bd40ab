//! Console sessions: an admin token pasted once buys a random session id
//! (the cookie) and a CSRF token (in every form). Kept in memory, per
//! instance: a restart signs everybody out.
use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use axum::{
    extract::FromRequestParts,
    http::{HeaderMap, header, request::Parts},
    response::{IntoResponse, Redirect, Response},
};

use super::Console;

/// The session cookie's name.
pub const COOKIE: &str = "gamification_console";

/// How long a session lives after sign-in.
pub const LIFETIME: Duration = Duration::from_secs(8 * 60 * 60);

/// The most sessions kept at once (the oldest go first).
const MAX_SESSIONS: usize = 10_000;

/// One signed-in admin.
#[derive(Debug)]
pub struct Session {
    pub id: String,
    /// Who signed in, as they wrote it: the `updated_by` and `reviewer` of
    /// their changes.
    pub name: String,
    pub csrf: String,
    expires: Instant,
}

impl Session {
    /// Whether `presented` is this session's CSRF token (constant time).
    pub fn csrf_ok(&self, presented: &str) -> bool {
        constant_time_eq(self.csrf.as_bytes(), presented.as_bytes())
    }
}

#[derive(Clone, Default)]
pub struct Sessions {
    inner: Arc<Mutex<HashMap<String, Arc<Session>>>>,
}

impl Sessions {
    /// A new session for `name`.
    pub fn create(&self, name: &str) -> Arc<Session> {
        let session = Arc::new(Session {
            id: random_token(),
            name: name.to_string(),
            csrf: random_token(),
            expires: Instant::now() + LIFETIME,
        });
        let mut map = self.lock();
        let now = Instant::now();
        map.retain(|_, s| s.expires > now);
        if map.len() >= MAX_SESSIONS
            && let Some(oldest) = map.values().min_by_key(|s| s.expires).map(|s| s.id.clone())
        {
            map.remove(&oldest);
        }
        map.insert(session.id.clone(), session.clone());
        session
    }

    /// The live session of this id (an expired one is forgotten).
    pub fn get(&self, id: &str) -> Option<Arc<Session>> {
        let mut map = self.lock();
        let session = map.get(id)?.clone();
        if session.expires <= Instant::now() {
            map.remove(id);
            return None;
        }
        Some(session)
    }

    pub fn remove(&self, id: &str) {
        self.lock().remove(id);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<Session>>> {
        // A panic while holding the lock leaves the map usable.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// 256 random bits (two v4 UUIDs from the OS generator) as hex.
fn random_token() -> String {
    format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    )
}

pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The session cookie's value in the request, if any.
pub fn cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value.to_string())
}

/// Whether the browser reached us over TLS (a terminating proxy says so).
pub fn over_tls(headers: &HeaderMap) -> bool {
    headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("https"))
}

/// The Set-Cookie of a new session.
pub fn set_cookie(session: &Session, secure: bool) -> String {
    format!(
        "{COOKIE}={}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{}",
        session.id,
        LIFETIME.as_secs(),
        if secure { "; Secure" } else { "" }
    )
}

/// The Set-Cookie that deletes the session cookie.
pub fn clear_cookie(secure: bool) -> String {
    format!(
        "{COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{}",
        if secure { "; Secure" } else { "" }
    )
}

/// A signed-in admin: handlers that take one are only reached with a live
/// session; anybody else is sent to the sign-in page.
pub struct Admin(pub Arc<Session>);

impl FromRequestParts<Console> for Admin {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, console: &Console) -> Result<Self, Response> {
        cookie(&parts.headers)
            .and_then(|id| console.sessions.get(&id))
            .map(Admin)
            .ok_or_else(|| Redirect::to("/signin").into_response())
    }
}

/// A page that shows more to a signed-in admin but serves anybody.
impl axum::extract::OptionalFromRequestParts<Console> for Admin {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        console: &Console,
    ) -> Result<Option<Self>, Self::Rejection> {
        Ok(cookie(&parts.headers)
            .and_then(|id| console.sessions.get(&id))
            .map(Admin))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sessions_are_found_by_id_until_removed() {
        let sessions = Sessions::default();
        let session = sessions.create("asha");
        assert_eq!(session.id.len(), 64);
        assert_ne!(session.id, session.csrf);
        assert!(sessions.get(&session.id).is_some());
        assert!(session.csrf_ok(&session.csrf));
        assert!(!session.csrf_ok("forged"));
        sessions.remove(&session.id);
        assert!(sessions.get(&session.id).is_none());
    }

    #[test]
    fn the_cookie_is_read_among_others() {
        let mut headers = HeaderMap::new();
        let value = format!("a=1; {COOKIE}=abc; b=2");
        headers.insert(header::COOKIE, value.parse().expect("header"));
        assert_eq!(cookie(&headers).as_deref(), Some("abc"));
    }
}
