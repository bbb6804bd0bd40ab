//! A stand-in for the PHP wallet: `POST /wallet/credits`, a ledger keyed by
//! idempotency key (the same key again returns the same transaction id), and
//! switches to misbehave the way real wallets do.
use std::{
    collections::HashMap,
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, AtomicUsize, Ordering},
    },
    time::Duration,
};

use axum::{
    Json, Router,
    extract::State,
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    routing::post,
};
use serde_json::{Value, json};

pub const WALLET_TOKEN: &str = "wallet-secret-0123456789";

#[derive(Debug, Clone)]
pub struct Entry {
    pub transaction_id: String,
    pub game_session_id: i64,
    pub amount: String,
}

#[derive(Default)]
pub struct Switches {
    /// Answer 503 to this many calls before anything else.
    pub fail_first: AtomicUsize,
    /// Credit, then hang (past any timeout) on this many calls.
    pub hang_first: AtomicUsize,
    /// Credit, then answer 500 on this many calls.
    pub error_after_credit_first: AtomicUsize,
    /// Answer 400 to every call while set.
    pub bad_request: AtomicBool,
}

#[derive(Default)]
pub struct WalletState {
    pub switches: Switches,
    ledger: Mutex<HashMap<String, Entry>>,
    calls: AtomicUsize,
}

pub struct TestWallet {
    pub url: String,
    pub state: Arc<WalletState>,
}

impl TestWallet {
    pub async fn start() -> TestWallet {
        let state = Arc::new(WalletState::default());
        let router = Router::new()
            .route("/wallet/credits", post(credit))
            .with_state(state.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind wallet");
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        tokio::spawn(async move {
            axum::serve(listener, router).await.expect("wallet serves");
        });
        TestWallet { url, state }
    }

    pub fn switches(&self) -> &Switches {
        &self.state.switches
    }

    /// The ledger, one entry per idempotency key.
    pub fn ledger(&self) -> Vec<Entry> {
        let ledger = self.state.ledger.lock().expect("ledger");
        let mut entries: Vec<Entry> = ledger.values().cloned().collect();
        entries.sort_by_key(|e| e.game_session_id);
        entries
    }

    pub fn calls(&self) -> usize {
        self.state.calls.load(Ordering::SeqCst)
    }
}

fn take(counter: &AtomicUsize) -> bool {
    counter
        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
        .is_ok()
}

async fn credit(
    State(state): State<Arc<WalletState>>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Response {
    state.calls.fetch_add(1, Ordering::SeqCst);
    let bearer = headers.get("authorization").and_then(|v| v.to_str().ok());
    if bearer != Some(&format!("Bearer {WALLET_TOKEN}")) {
        return (StatusCode::UNAUTHORIZED, "bad token").into_response();
    }
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    if key.is_empty() || body["idempotency_key"] != json!(key) {
        return (StatusCode::BAD_REQUEST, "idempotency key missing").into_response();
    }
    let switches = &state.switches;
    if take(&switches.fail_first) {
        return (StatusCode::SERVICE_UNAVAILABLE, "try later").into_response();
    }
    if switches.bad_request.load(Ordering::SeqCst) {
        return (StatusCode::BAD_REQUEST, "amount refused").into_response();
    }
    let transaction_id = record(&state, key, &body);
    if take(&switches.hang_first) {
        tokio::time::sleep(Duration::from_secs(3600)).await;
    }
    if take(&switches.error_after_credit_first) {
        return (StatusCode::INTERNAL_SERVER_ERROR, "oops").into_response();
    }
    Json(json!({ "transaction_id": transaction_id })).into_response()
}

/// Credits once per key; the same key again returns the first id.
fn record(state: &WalletState, key: String, body: &Value) -> String {
    let mut ledger = state.ledger.lock().expect("ledger");
    let next = ledger.len() + 1;
    ledger
        .entry(key)
        .or_insert_with(|| Entry {
            transaction_id: format!("wt-{next}"),
            game_session_id: body["game_session_id"].as_i64().unwrap_or_default(),
            amount: body["amount"].as_str().unwrap_or_default().to_string(),
        })
        .transaction_id
        .clone()
}
