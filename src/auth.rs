//! Bearer-token roles. The chat backends hold `service` tokens, the admin
//! dashboard `admin` tokens. An interceptor on every application service
//! resolves the caller's role; admin-only RPCs then call [`require_admin`].
//! Health and reflection are mounted without it and stay open.
use std::{fmt, fs, net::SocketAddr, path::Path, sync::Arc};

use tonic::{Request, Status, service::Interceptor};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The flow engine, the NLU backend, the PHP backend.
    Service,
    /// The admin dashboard: everything a service may do, plus configuration and review.
    Admin,
}

/// The authenticated caller, stored in each request's extensions.
#[derive(Debug, Clone, Copy)]
pub struct Caller {
    pub role: Role,
}

#[derive(Clone)]
pub struct Authenticator {
    tokens: Arc<Vec<(String, Role)>>,
}

impl fmt::Debug for Authenticator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never print the tokens themselves.
        write!(f, "Authenticator({} tokens)", self.tokens.len())
    }
}

impl Authenticator {
    /// Reads `ROLE:TOKEN` pairs from the comma-separated list and the file.
    pub fn load(list: Option<&str>, file: Option<&Path>) -> Result<Authenticator, String> {
        let mut tokens = Vec::new();
        if let Some(list) = list {
            for entry in list.split(',').map(str::trim).filter(|e| !e.is_empty()) {
                tokens.push(parse_entry(entry)?);
            }
        }
        if let Some(path) = file {
            let text = fs::read_to_string(path)
                .map_err(|e| format!("cannot read AUTH_TOKENS_FILE {}: {e}", path.display()))?;
            for line in text.lines().map(str::trim) {
                if !line.is_empty() && !line.starts_with('#') {
                    tokens.push(parse_entry(line)?);
                }
            }
        }
        Ok(Authenticator {
            tokens: Arc::new(tokens),
        })
    }

    /// Open development mode: no tokens configured, every caller is admin.
    pub fn is_open(&self) -> bool {
        self.tokens.is_empty()
    }

    /// An open server is only allowed where nobody else can reach it.
    pub fn check_exposure(&self, listen: SocketAddr) -> Result<(), String> {
        if self.is_open() && !listen.ip().is_loopback() {
            return Err(format!(
                "no AUTH_TOKENS configured: refusing to serve unauthenticated on {listen}; \
                 configure tokens or listen on a loopback address"
            ));
        }
        Ok(())
    }

    /// The role of a presented token (constant time per token); None for
    /// an unknown one. The admin console signs in with it.
    pub fn role(&self, presented: &str) -> Option<Role> {
        self.role_of(presented)
    }

    /// Whether any admin token is configured.
    pub fn has_admin(&self) -> bool {
        self.tokens.iter().any(|(_, role)| *role == Role::Admin)
    }

    fn role_of(&self, presented: &str) -> Option<Role> {
        // Compare against every token in constant time per token, so the
        // response time does not reveal how much of a token was right.
        let mut found = None;
        for (token, role) in self.tokens.iter() {
            if constant_time_eq(token.as_bytes(), presented.as_bytes()) {
                found = Some(*role);
            }
        }
        found
    }
}

fn parse_entry(entry: &str) -> Result<(String, Role), String> {
    let (role, token) = entry
        .split_once(':')
        .ok_or_else(|| "auth token entries take the form ROLE:TOKEN".to_string())?;
    let role = match role.trim() {
        "admin" => Role::Admin,
        "service" => Role::Service,
        other => return Err(format!("unknown role {other:?}: use admin or service")),
    };
    let token = token.trim();
    if token.len() < 16 {
        return Err("auth tokens must be at least 16 characters long".into());
    }
    Ok((token.to_string(), role))
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

impl Interceptor for Authenticator {
    fn call(&mut self, mut request: Request<()>) -> Result<Request<()>, Status> {
        let role = if self.is_open() {
            Role::Admin
        } else {
            let header = request
                .metadata()
                .get("authorization")
                .ok_or_else(|| Status::unauthenticated("missing authorization: Bearer <token>"))?;
            let presented = header
                .to_str()
                .ok()
                .and_then(|value| value.strip_prefix("Bearer "))
                .ok_or_else(|| Status::unauthenticated("authorization must be: Bearer <token>"))?;
            self.role_of(presented.trim())
                .ok_or_else(|| Status::unauthenticated("unknown token"))?
        };
        request.extensions_mut().insert(Caller { role });
        Ok(request)
    }
}

/// Refuses callers that are not admins with PERMISSION_DENIED.
pub fn require_admin<T>(request: &Request<T>) -> Result<(), Status> {
    match request.extensions().get::<Caller>() {
        Some(Caller { role: Role::Admin }) => Ok(()),
        Some(_) => Err(Status::permission_denied("this call needs an admin token")),
        None => Err(Status::unauthenticated("no authenticated caller")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_parse_into_roles_and_reject_short_tokens() {
        let auth = Authenticator::load(
            Some("admin:aaaaaaaaaaaaaaaa, service:bbbbbbbbbbbbbbbb"),
            None,
        )
        .expect("valid list");
        assert_eq!(auth.role_of("aaaaaaaaaaaaaaaa"), Some(Role::Admin));
        assert_eq!(auth.role_of("bbbbbbbbbbbbbbbb"), Some(Role::Service));
        assert_eq!(auth.role_of("aaaaaaaaaaaaaaab"), None);
        assert!(Authenticator::load(Some("admin:short"), None).is_err());
        assert!(Authenticator::load(Some("root:aaaaaaaaaaaaaaaa"), None).is_err());
    }

    #[test]
    fn open_mode_is_refused_off_loopback() {
        let open = Authenticator::load(None, None).expect("empty");
        assert!(
            open.check_exposure("127.0.0.1:1".parse().expect("addr"))
                .is_ok()
        );
        assert!(
            open.check_exposure("0.0.0.0:1".parse().expect("addr"))
                .is_err()
        );
    }
}
