//! A stand-in for the PHP wallet: `POST /wallet/credits`, a ledger keyed by
//! idempotency key (the same key again returns the same transaction id and
//! pays nothing more: the wallet's contract), and switches to misbehave the
//! way real wallets do: answer 503, hang, credit and then answer 500 or
//! hang, refuse connections (stop listening), or all of it at random.
mod certs;
mod listener;

use std::{
    collections::{BTreeMap, HashMap},
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

pub use certs::TestCa;
use listener::Listener;

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

/// What the wallet does with one post.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Act {
    Unavailable,
    HangWithoutCredit,
    CreditThenHang,
    CreditThen500,
    Credit,
}

#[derive(Default)]
pub struct WalletState {
    pub switches: Switches,
    /// Set: each post's act is drawn from this seeded generator.
    chaos: Mutex<Option<fastrand::Rng>>,
    ledger: Mutex<HashMap<String, Entry>>,
    acts: Mutex<BTreeMap<Act, usize>>,
    calls: AtomicUsize,
}

pub struct TestWallet {
    pub url: String,
    pub state: Arc<WalletState>,
    listener: Arc<Listener>,
}

impl TestWallet {
    /// A wallet at http://127.0.0.1:PORT.
    pub async fn start() -> TestWallet {
        TestWallet::listen(None).await
    }

    /// A wallet at https://127.0.0.1:PORT, its certificate signed by `ca`.
    pub async fn start_tls(ca: &TestCa) -> TestWallet {
        TestWallet::listen(Some(ca)).await
    }

    async fn listen(ca: Option<&TestCa>) -> TestWallet {
        let state = Arc::new(WalletState::default());
        let router = Router::new()
            .route("/wallet/credits", post(credit))
            .with_state(state.clone());
        let listener = Listener::start(router, ca.map(|ca| ca.acceptor.clone())).await;
        let scheme = if ca.is_some() { "https" } else { "http" };
        let url = format!("{scheme}://{}", listener.addr);
        TestWallet {
            url,
            state,
            listener,
        }
    }

    pub fn switches(&self) -> &Switches {
        &self.state.switches
    }

    /// Stops listening: connections are refused, open ones cut.
    pub fn down(&self) {
        self.listener.down();
    }

    /// Listens again, on the same port.
    pub async fn up(&self) {
        self.listener.up().await;
    }

    /// From now on each post's act is drawn at random (seeded).
    pub fn chaos(&self, seed: u64) {
        *self.state.chaos.lock().expect("chaos") = Some(fastrand::Rng::with_seed(seed));
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

    /// How many authorised posts got each act.
    pub fn acts(&self) -> BTreeMap<Act, usize> {
        self.state.acts.lock().expect("acts").clone()
    }
}

fn take(counter: &AtomicUsize) -> bool {
    counter
        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
        .is_ok()
}

/// The switches first, then chance if chaos is on, else a plain credit.
fn choose(state: &WalletState) -> Act {
    let switches = &state.switches;
    if take(&switches.fail_first) {
        return Act::Unavailable;
    }
    if take(&switches.hang_first) {
        return Act::CreditThenHang;
    }
    if take(&switches.error_after_credit_first) {
        return Act::CreditThen500;
    }
    let mut chaos = state.chaos.lock().expect("chaos");
    let Some(rng) = chaos.as_mut() else {
        return Act::Credit;
    };
    match rng.u32(0..100) {
        0..15 => Act::Unavailable,
        15..19 => Act::HangWithoutCredit,
        19..23 => Act::CreditThenHang,
        23..33 => Act::CreditThen500,
        _ => Act::Credit,
    }
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
    if state.switches.bad_request.load(Ordering::SeqCst) {
        return (StatusCode::BAD_REQUEST, "amount refused").into_response();
    }
    let act = choose(&state);
    *state.acts.lock().expect("acts").entry(act).or_default() += 1;
    let hang = || tokio::time::sleep(Duration::from_secs(3600));
    match act {
        Act::Unavailable => return (StatusCode::SERVICE_UNAVAILABLE, "try later").into_response(),
        Act::HangWithoutCredit => hang().await,
        _ => {}
    }
    let transaction_id = record(&state, key, &body);
    match act {
        Act::CreditThenHang => hang().await,
        Act::CreditThen500 => return (StatusCode::INTERNAL_SERVER_ERROR, "oops").into_response(),
        _ => {}
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
