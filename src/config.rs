//! Typed configuration, read from flags and environment variables, with
//! defaults that work on a laptop: `cargo run --release` serves on
//! 127.0.0.1:50051 with an embedded SQLite file.
use std::{net::SocketAddr, path::PathBuf, time::Duration};

use clap::{Parser, ValueEnum};

#[derive(Debug, Clone, Parser)]
#[command(name = "gamification", version, about = "Gamification gRPC service")]
pub struct Config {
    /// Database URL: sqlite://FILE?mode=rwc (embedded) or postgres://USER@HOST/DB.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://gamification.db?mode=rwc"
    )]
    pub database_url: String,

    /// Address the gRPC server listens on.
    #[arg(
        long = "listen",
        env = "LISTEN_ADDR",
        default_value = "127.0.0.1:50051"
    )]
    pub listen_addr: SocketAddr,

    /// Largest number of pooled database connections.
    #[arg(long, env = "DB_POOL_SIZE", default_value_t = 16)]
    pub db_pool_size: u32,

    /// Seconds to wait for a pooled (or new) database connection before
    /// answering UNAVAILABLE. Short, so a database outage fails calls fast.
    #[arg(long, env = "DB_ACQUIRE_TIMEOUT_SECS", default_value_t = 2)]
    pub db_acquire_timeout_secs: u64,

    /// Skip running database migrations at start-up.
    #[arg(long, env = "SKIP_MIGRATIONS", default_value_t = false)]
    pub skip_migrations: bool,

    /// Log format.
    #[arg(long, env = "LOG_FORMAT", value_enum, default_value_t = LogFormat::Pretty)]
    pub log_format: LogFormat,

    /// Log filter in tracing's EnvFilter syntax.
    #[arg(long, env = "RUST_LOG", default_value = "info")]
    pub log_filter: String,

    /// Seconds an RPC may run before it is cancelled with DEADLINE_EXCEEDED.
    #[arg(long, env = "REQUEST_TIMEOUT_SECS", default_value_t = 30)]
    pub request_timeout_secs: u64,

    /// Largest accepted or sent gRPC message, in bytes.
    #[arg(long, env = "MAX_MESSAGE_BYTES", default_value_t = 4 * 1024 * 1024)]
    pub max_message_bytes: usize,

    /// Largest number of RPCs served at once; more wait in line.
    #[arg(long, env = "CONCURRENCY_LIMIT", default_value_t = 256)]
    pub concurrency_limit: usize,

    /// Bearer tokens as ROLE:TOKEN pairs separated by commas (roles: admin, service).
    #[arg(long, env = "AUTH_TOKENS", hide_env_values = true)]
    pub auth_tokens: Option<String>,

    /// File with one ROLE:TOKEN pair per line (# starts a comment).
    #[arg(long, env = "AUTH_TOKENS_FILE")]
    pub auth_tokens_file: Option<PathBuf>,

    /// Seconds between checks of the database for the health service.
    #[arg(long, env = "HEALTH_CHECK_SECS", default_value_t = 5)]
    pub health_check_secs: u64,

    /// Seconds in-flight calls get to finish after SIGINT or SIGTERM.
    #[arg(long, env = "SHUTDOWN_GRACE_SECS", default_value_t = 20)]
    pub shutdown_grace_secs: u64,

    /// Base URL of the PHP wallet (http:// or https://host:port); rewards are POSTed to
    /// {WALLET_URL}/wallet/credits. Unset: pull mode (the PHP backend lists
    /// pending rewards and confirms each with ConfirmReward).
    #[arg(long, env = "WALLET_URL")]
    pub wallet_url: Option<String>,

    /// Bearer token sent to the wallet.
    #[arg(long, env = "WALLET_TOKEN", hide_env_values = true)]
    pub wallet_token: Option<String>,

    /// PEM file of the CA(s) that sign an https:// wallet's certificate (a
    /// private CA); when set, only these are trusted. Unset: the public web roots.
    #[arg(long, env = "WALLET_CA_FILE")]
    pub wallet_ca_file: Option<PathBuf>,

    /// Seconds a wallet call may take before it counts as a transient failure.
    #[arg(long, env = "WALLET_TIMEOUT_SECS", default_value_t = 10)]
    pub wallet_timeout_secs: u64,

    /// Run the reward worker in this process (on/off): adopts pending
    /// rewards, numbers them for WatchRewards and, with WALLET_URL, delivers them.
    #[arg(long, env = "REWARD_WORKER", default_value_t = true,
        value_parser = clap::builder::BoolishValueParser::new(), action = clap::ArgAction::Set)]
    pub reward_worker: bool,

    /// Milliseconds a LogTurn call may wait for others to be written with
    /// it while every writer is busy (group commit); 0 writes each alone.
    #[arg(long, env = "LOG_TURN_GROUP_WINDOW_MS", default_value_t = 2)]
    pub log_turn_group_window_ms: u64,

    /// LogTurn calls written together at most.
    #[arg(long, env = "LOG_TURN_GROUP_MAX_ROWS", default_value_t = 128)]
    pub log_turn_group_max_rows: usize,

    /// Milliseconds a LogTurns chunk without request ids may wait for the
    /// chunks of other streams while every COPY writer is busy (PostgreSQL);
    /// 0 writes each chunk with a COPY of its own.
    #[arg(long, env = "LOG_TURNS_COPY_WINDOW_MS", default_value_t = 5)]
    pub log_turns_copy_window_ms: u64,

    /// Rows gathered into one shared COPY at most (a chunk is never split).
    #[arg(long, env = "LOG_TURNS_COPY_MAX_ROWS", default_value_t = 1000)]
    pub log_turns_copy_max_rows: usize,

    /// Shared COPYs written at the same time (one connection each).
    #[arg(long, env = "LOG_TURNS_COPY_WRITERS", default_value_t = 2)]
    pub log_turns_copy_writers: usize,

    /// Milliseconds between two looks for due rewards.
    #[arg(long, env = "REWARD_POLL_MILLIS", default_value_t = 1000)]
    pub reward_poll_millis: u64,

    /// Rewards claimed (and posted concurrently) at once by one instance.
    #[arg(long, env = "REWARD_BATCH_SIZE", default_value_t = 10)]
    pub reward_batch_size: u32,

    /// Overrides the reward_retry_base_seconds setting with milliseconds
    /// (tests and incident handling).
    #[arg(long, env = "REWARD_RETRY_BASE_MILLIS")]
    pub reward_retry_base_millis: Option<u64>,

    /// This instance's name in reward claims; default hostname-pid.
    #[arg(long, env = "INSTANCE_ID")]
    pub instance_id: Option<String>,

    /// Serve gRPC over TLS with this PEM certificate chain (needs TLS_KEY_FILE).
    #[arg(long, env = "TLS_CERT_FILE")]
    pub tls_cert_file: Option<PathBuf>,

    /// The PEM private key of TLS_CERT_FILE.
    #[arg(long, env = "TLS_KEY_FILE")]
    pub tls_key_file: Option<PathBuf>,

    /// PEM CA certificates for mutual TLS: clients must then present a
    /// certificate signed by one of them.
    #[arg(long, env = "TLS_CLIENT_CA_FILE")]
    pub tls_client_ca_file: Option<PathBuf>,

    /// Address of the Prometheus endpoint (GET /metrics); off when unset.
    #[arg(long, env = "METRICS_LISTEN")]
    pub metrics_listen: Option<SocketAddr>,

    /// Address of the admin console in the browser (sign in with an admin
    /// token); `off` disables it.
    #[arg(long, env = "ADMIN_LISTEN", default_value = "127.0.0.1:8080")]
    pub admin_listen: String,

    /// OTLP/gRPC collector (http://host:4317) to export traces to; off when unset.
    #[arg(long, env = "OTEL_EXPORTER_OTLP_ENDPOINT")]
    pub otlp_endpoint: Option<String>,

    /// The service.name of exported traces.
    #[arg(long, env = "OTEL_SERVICE_NAME", default_value = "gamification")]
    pub otel_service_name: String,

    /// Browser origins allowed to call through grpc-web
    /// (`https://admin.example.com,http://localhost:5173`); empty: none.
    #[arg(long, env = "CORS_ALLOWED_ORIGINS", default_value = "")]
    pub cors_allowed_origins: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Pretty,
    Json,
}

impl Config {
    /// Defaults for a server embedded in tests or tools: the given database,
    /// an ephemeral loopback port, no tokens.
    pub fn for_database(database_url: impl Into<String>) -> Config {
        let mut config = Config::parse_from(["gamification"]);
        config.database_url = database_url.into();
        config.listen_addr = SocketAddr::from(([127, 0, 0, 1], 0));
        config.admin_listen = "off".into();
        config
    }

    pub fn request_timeout(&self) -> Duration {
        Duration::from_secs(self.request_timeout_secs)
    }

    pub fn wallet_timeout(&self) -> Duration {
        Duration::from_secs(self.wallet_timeout_secs)
    }

    /// The configured instance id, or hostname-pid.
    pub fn instance_id(&self) -> String {
        if let Some(id) = self
            .instance_id
            .as_deref()
            .filter(|id| !id.trim().is_empty())
        {
            return id.trim().to_string();
        }
        let host = std::env::var("HOSTNAME")
            .ok()
            .or_else(|| std::fs::read_to_string("/proc/sys/kernel/hostname").ok())
            .map(|h| h.trim().to_string())
            .filter(|h| !h.is_empty())
            .unwrap_or_else(|| "gamification".into());
        format!("{host}-{}", std::process::id())
    }

    /// The database URL without its password, for the log.
    pub fn database_url_redacted(&self) -> String {
        let url = &self.database_url;
        match (url.find("://"), url.rfind('@')) {
            (Some(scheme_end), Some(at)) if at > scheme_end => {
                let credentials = &url[scheme_end + 3..at];
                let user = credentials.split(':').next().unwrap_or_default();
                format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..])
            }
            _ => url.to_string(),
        }
    }

    pub fn is_sqlite(&self) -> bool {
        self.database_url.starts_with("sqlite:")
    }

    /// Rejects combinations that cannot work, before anything starts.
    pub fn validate(&self) -> Result<(), String> {
        if !(self.is_sqlite() || self.database_url.starts_with("postgres")) {
            return Err("DATABASE_URL must start with sqlite: or postgres:".into());
        }
        if self.db_pool_size == 0 || self.concurrency_limit == 0 {
            return Err("DB_POOL_SIZE and CONCURRENCY_LIMIT must be at least 1".into());
        }
        if self.request_timeout_secs == 0 {
            return Err("REQUEST_TIMEOUT_SECS must be at least 1".into());
        }
        self.validate_wallet()?;
        if self.wallet_timeout_secs == 0 || self.reward_poll_millis == 0 {
            return Err("WALLET_TIMEOUT_SECS and REWARD_POLL_MILLIS must be at least 1".into());
        }
        if self.log_turn_group_window_ms > 100 {
            return Err("LOG_TURN_GROUP_WINDOW_MS must be at most 100".into());
        }
        if self.log_turn_group_max_rows == 0 || self.log_turn_group_max_rows > 1000 {
            return Err("LOG_TURN_GROUP_MAX_ROWS must be between 1 and 1000".into());
        }
        if self.log_turns_copy_window_ms > 100 {
            return Err("LOG_TURNS_COPY_WINDOW_MS must be at most 100".into());
        }
        if self.log_turns_copy_max_rows == 0 || self.log_turns_copy_max_rows > 10_000 {
            return Err("LOG_TURNS_COPY_MAX_ROWS must be between 1 and 10000".into());
        }
        if self.log_turns_copy_writers == 0 || self.log_turns_copy_writers > 16 {
            return Err("LOG_TURNS_COPY_WRITERS must be between 1 and 16".into());
        }
        if self.reward_batch_size == 0 || self.reward_batch_size > 1000 {
            return Err("REWARD_BATCH_SIZE must be between 1 and 1000".into());
        }
        if self.instance_id.as_ref().is_some_and(|id| id.len() > 100) {
            return Err("INSTANCE_ID must be at most 100 characters".into());
        }
        if self.max_message_bytes < 1024 {
            return Err("MAX_MESSAGE_BYTES must be at least 1024".into());
        }
        if let Some(endpoint) = &self.otlp_endpoint
            && !endpoint.starts_with("http://")
        {
            return Err(
                "OTEL_EXPORTER_OTLP_ENDPOINT must start with http:// (a local collector)".into(),
            );
        }
        self.cors_origins()?;
        self.admin_addr()?;
        crate::tls::validate(self)
    }

    /// How unary LogTurn calls, and LogTurns chunks without request ids,
    /// are gathered into shared writes.
    pub fn log_turn_grouping(&self) -> crate::conversations::gather::Grouping {
        use crate::conversations::gather::{Grouping, Rules};
        use std::time::Duration;
        Grouping {
            log_turn: Rules {
                window: Duration::from_millis(self.log_turn_group_window_ms),
                max_rows: self.log_turn_group_max_rows,
                // Each its own transaction on its own connection.
                writers: 4,
            },
            log_turns: Rules {
                window: Duration::from_millis(self.log_turns_copy_window_ms),
                max_rows: self.log_turns_copy_max_rows,
                writers: self.log_turns_copy_writers,
            },
        }
    }

    /// The browser origins of CORS_ALLOWED_ORIGINS, each `scheme://host[:port]`
    /// exactly as a browser sends it in `Origin` (lower case, no path, no
    /// trailing slash); no wildcard.
    pub fn cors_origins(&self) -> Result<Vec<String>, String> {
        let mut origins = Vec::new();
        for origin in self
            .cors_allowed_origins
            .split(',')
            .map(str::trim)
            .filter(|o| !o.is_empty())
        {
            let uri: http::Uri = origin
                .parse()
                .map_err(|e| format!("CORS_ALLOWED_ORIGINS: {origin:?} is not an origin: {e}"))?;
            let scheme = uri.scheme_str().unwrap_or_default();
            let exact = uri
                .authority()
                .is_some_and(|a| origin == format!("{scheme}://{a}") && !a.as_str().contains('@'));
            if !matches!(scheme, "http" | "https")
                || !exact
                || origin != origin.to_ascii_lowercase()
            {
                return Err(format!(
                    "CORS_ALLOWED_ORIGINS: {origin:?} must be http(s)://host[:port] in lower case, \
                     with no path, no trailing slash and no wildcard"
                ));
            }
            origins.push(origin.to_string());
        }
        Ok(origins)
    }

    /// The admin console's address; None when ADMIN_LISTEN is `off`.
    pub fn admin_addr(&self) -> Result<Option<SocketAddr>, String> {
        match self.admin_listen.trim() {
            "off" => Ok(None),
            addr => addr.parse().map(Some).map_err(|_| {
                format!("ADMIN_LISTEN {addr:?} must be an address such as 127.0.0.1:8080, or off")
            }),
        }
    }

    pub fn tls_enabled(&self) -> bool {
        self.tls_cert_file.is_some()
    }

    /// WALLET_URL is an http:// or https:// URL with a host; a CA file
    /// only makes sense for https://.
    fn validate_wallet(&self) -> Result<(), String> {
        let Some(url) = &self.wallet_url else {
            return match self.wallet_ca_file {
                Some(_) => Err("WALLET_CA_FILE is set but WALLET_URL is not".into()),
                None => Ok(()),
            };
        };
        let uri: http::Uri = url
            .parse()
            .map_err(|e| format!("WALLET_URL {url:?} is not a URL: {e}"))?;
        let scheme = uri.scheme_str().unwrap_or_default();
        if !matches!(scheme, "http" | "https") || uri.host().is_none() {
            return Err(format!(
                "WALLET_URL {url:?} must be http://host[:port] or https://host[:port]"
            ));
        }
        if self.wallet_ca_file.is_some() && scheme != "https" {
            return Err("WALLET_CA_FILE needs an https:// WALLET_URL".into());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_logged_database_url_hides_the_password() {
        let mut config = Config::for_database("postgres://app:s3cret@db.internal:5432/chat");
        assert_eq!(
            config.database_url_redacted(),
            "postgres://app:***@db.internal:5432/chat"
        );
        config.database_url = "sqlite://gamification.db?mode=rwc".into();
        assert_eq!(
            config.database_url_redacted(),
            "sqlite://gamification.db?mode=rwc"
        );
    }

    #[test]
    fn reward_settings_parse_and_bad_ones_are_refused() {
        let config = Config::parse_from([
            "gamification",
            "--reward-worker",
            "off",
            "--wallet-url",
            "http://wallet.internal:8080",
            "--instance-id",
            "pod-7",
        ]);
        assert!(!config.reward_worker);
        assert_eq!(config.instance_id(), "pod-7");
        assert!(config.validate().is_ok());
        assert!(
            Config::parse_from(["gamification"]).reward_worker,
            "on by default"
        );
        let mut tls = config.clone();
        tls.wallet_url = Some("https://wallet.internal:8443/".into());
        assert!(tls.validate().is_ok(), "https:// is served");
        tls.wallet_ca_file = Some("/etc/wallet/ca.pem".into());
        assert!(tls.validate().is_ok());
        for bad in [
            "ftp://wallet.internal",
            "wallet.internal:8080",
            "http://",
            "https:///x",
        ] {
            let mut wrong = tls.clone();
            wrong.wallet_url = Some(bad.into());
            let error = wrong.validate().expect_err(bad);
            assert!(error.contains("WALLET_URL"), "{bad}: {error}");
        }
        let mut plain_with_ca = tls.clone();
        plain_with_ca.wallet_url = Some("http://wallet.internal".into());
        assert!(plain_with_ca.validate().is_err(), "a CA file for http://");
        let mut zero = config;
        zero.reward_batch_size = 0;
        assert!(zero.validate().is_err());
    }

    #[test]
    fn cors_origins_are_exact_browser_origins() {
        let mut config = Config::for_database("sqlite::memory:");
        assert_eq!(config.cors_origins(), Ok(vec![]));
        config.cors_allowed_origins = " https://admin.example.com, http://localhost:5173 ,".into();
        assert_eq!(
            config.cors_origins(),
            Ok(vec![
                "https://admin.example.com".to_string(),
                "http://localhost:5173".to_string()
            ])
        );
        for bad in [
            "*",
            "admin.example.com",
            "https://admin.example.com/",
            "https://admin.example.com/dashboard",
            "https://Admin.example.com",
            "ftp://admin.example.com",
            "https://user@admin.example.com",
        ] {
            config.cors_allowed_origins = bad.into();
            assert!(config.cors_origins().is_err(), "{bad} was accepted");
            assert!(config.validate().is_err(), "{bad} passed validate");
        }
    }

    #[test]
    fn the_otlp_endpoint_must_be_plain_http() {
        let mut config = Config::for_database("sqlite::memory:");
        config.otlp_endpoint = Some("http://127.0.0.1:4317".into());
        assert!(config.validate().is_ok());
        config.otlp_endpoint = Some("collector:4317".into());
        assert!(config.validate().is_err());
    }
}
