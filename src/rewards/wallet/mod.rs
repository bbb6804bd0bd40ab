//! The PHP wallet's HTTP API: `POST {WALLET_URL}/wallet/credits` with an
//! `Idempotency-Key` header (the wallet returns the same transaction id for
//! the same key, so a retried post never pays twice), over http:// or
//! https:// (see [`tls`]).
mod tls;

use std::{path::Path, time::Duration};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_rustls::{HttpsConnector, HttpsConnectorBuilder};
use hyper_util::{
    client::legacy::{Client, connect::HttpConnector},
    rt::TokioExecutor,
};
use serde::{Deserialize, Serialize};

use crate::config::Config;

/// What is posted for one reward.
#[derive(Debug, Serialize)]
pub struct CreditRequest {
    pub user_id: i32,
    pub php_user_id: Option<i32>,
    /// Decimal string, e.g. "12.00".
    pub amount: String,
    pub currency: String,
    pub idempotency_key: String,
    pub game_session_id: i32,
    pub description: String,
}

#[derive(Debug, Deserialize)]
struct CreditResponse {
    transaction_id: String,
}

/// How one post ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The wallet credited the reward under this transaction id.
    Credited(String),
    /// Worth retrying: a timeout, a refused connection, a 5xx, 408 or 429.
    Transient(String),
    /// The wallet says the request itself is wrong (another 4xx): never retried.
    Permanent(String),
}

#[derive(Clone)]
pub struct WalletClient {
    client: Client<HttpsConnector<HttpConnector>, Full<Bytes>>,
    url: String,
    token: Option<String>,
    timeout: Duration,
}

impl WalletClient {
    /// The client of the configured wallet; none in pull mode. An unusable
    /// WALLET_CA_FILE is an error here, at startup, not at the first post.
    pub fn from_config(config: &Config) -> Result<Option<WalletClient>, String> {
        let Some(url) = config.wallet_url.as_deref() else {
            return Ok(None);
        };
        let client = WalletClient::new(
            url,
            config.wallet_token.clone(),
            config.wallet_timeout(),
            config.wallet_ca_file.as_deref(),
        )?;
        Ok(Some(client))
    }

    /// A client of the wallet at `base_url` (http:// or https://).
    pub fn new(
        base_url: &str,
        token: Option<String>,
        timeout: Duration,
        ca_file: Option<&Path>,
    ) -> Result<WalletClient, String> {
        let mut http = HttpConnector::new();
        http.set_connect_timeout(Some(timeout));
        http.set_nodelay(true);
        // The TLS layer below takes https:// URLs; plain ones pass through.
        http.enforce_http(false);
        let connector = HttpsConnectorBuilder::new()
            .with_tls_config(tls::client_config(ca_file)?)
            .https_or_http()
            .enable_http1()
            .wrap_connector(http);
        Ok(WalletClient {
            client: Client::builder(TokioExecutor::new()).build(connector),
            url: format!("{}/wallet/credits", base_url.trim_end_matches('/')),
            token,
            timeout,
        })
    }

    /// Posts one credit; the whole exchange (connect, answer, body) is
    /// bounded by the timeout.
    pub async fn credit(&self, credit: &CreditRequest) -> Outcome {
        match tokio::time::timeout(self.timeout, self.post(credit)).await {
            Ok(outcome) => outcome,
            Err(_) => Outcome::Transient(format!(
                "the wallet did not answer within {}s",
                self.timeout.as_secs()
            )),
        }
    }

    async fn post(&self, credit: &CreditRequest) -> Outcome {
        let body = match serde_json::to_vec(credit) {
            Ok(body) => body,
            Err(e) => return Outcome::Permanent(format!("cannot encode the request: {e}")),
        };
        let mut builder = http::Request::post(&self.url)
            .header(http::header::CONTENT_TYPE, "application/json")
            .header("idempotency-key", &credit.idempotency_key);
        if let Some(token) = &self.token {
            builder = builder.header(http::header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let request = match builder.body(Full::new(Bytes::from(body))) {
            Ok(request) => request,
            Err(e) => return Outcome::Permanent(format!("cannot build the request: {e}")),
        };
        let response = match self.client.request(request).await {
            Ok(response) => response,
            // Refused, reset, DNS, a failed TLS handshake: all may pass.
            Err(e) => return Outcome::Transient(format!("wallet unreachable: {}", chain(&e))),
        };
        let status = response.status();
        let body = match response.into_body().collect().await {
            Ok(collected) => collected.to_bytes(),
            Err(e) => return Outcome::Transient(format!("wallet answer cut off: {}", chain(&e))),
        };
        classify(status, &body)
    }
}

/// An error with its causes ("client error (Connect): tcp connect error:
/// Connection refused"): the top level alone says too little to act on.
fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// Sorts an answer into credited, transient or permanent.
pub fn classify(status: http::StatusCode, body: &[u8]) -> Outcome {
    let text = String::from_utf8_lossy(&body[..body.len().min(300)]).into_owned();
    if status.is_success() {
        return match serde_json::from_slice::<CreditResponse>(body) {
            Ok(answer) if valid_transaction_id(&answer.transaction_id) => {
                Outcome::Credited(answer.transaction_id)
            }
            // The wallet may have credited: retrying with the same key is
            // safe and will bring the id.
            _ => Outcome::Transient(format!("wallet answered {status} without a transaction id")),
        };
    }
    let message = format!("wallet answered {status}: {text}");
    if status.is_server_error()
        || status == http::StatusCode::REQUEST_TIMEOUT
        || status == http::StatusCode::TOO_MANY_REQUESTS
    {
        Outcome::Transient(message)
    } else {
        Outcome::Permanent(message)
    }
}

pub fn valid_transaction_id(id: &str) -> bool {
    !id.trim().is_empty() && id.len() <= 100
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::StatusCode;

    #[test]
    fn answers_are_sorted_into_credited_transient_and_permanent() {
        let ok = br#"{"transaction_id":"wt-1"}"#;
        assert_eq!(
            classify(StatusCode::OK, ok),
            Outcome::Credited("wt-1".into())
        );
        let cases = [
            (StatusCode::OK, &b"{}"[..], "transient"),
            (StatusCode::SERVICE_UNAVAILABLE, b"", "transient"),
            (StatusCode::TOO_MANY_REQUESTS, b"", "transient"),
            (StatusCode::REQUEST_TIMEOUT, b"", "transient"),
            (StatusCode::INTERNAL_SERVER_ERROR, b"", "transient"),
            (StatusCode::BAD_GATEWAY, b"", "transient"),
            (StatusCode::BAD_REQUEST, b"bad amount", "permanent"),
            (StatusCode::UNAUTHORIZED, b"", "permanent"),
            (StatusCode::NOT_FOUND, b"", "permanent"),
            (StatusCode::CONFLICT, b"", "permanent"),
            (StatusCode::UNPROCESSABLE_ENTITY, b"", "permanent"),
        ];
        for (status, body, expected) in cases {
            let kind = match classify(status, body) {
                Outcome::Credited(_) => "credited",
                Outcome::Transient(_) => "transient",
                Outcome::Permanent(_) => "permanent",
            };
            assert_eq!(kind, expected, "{status}");
        }
    }
}
