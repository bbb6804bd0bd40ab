//! The delivery worker: runs in the server process, numbers new rewards for
//! WatchRewards and, in push mode, posts due rewards to the wallet.
//!
//! Exactly once: each reward is posted with an idempotency key of its game
//! session, so a post repeated after a timeout, a crash or an expired lease
//! gets the wallet's first transaction id back; recording it is guarded by
//! the status, so the user's total grows once whatever the races.
use std::{sync::Arc, time::Duration};

use chrono::NaiveDateTime;
use sea_orm::DatabaseConnection;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

use super::{
    idempotency_key,
    schedule::{Next, RetryPolicy},
    store::{self, Delivery, queue},
    wallet::{CreditRequest, Outcome, WalletClient},
};
use crate::{clock::Clock, config::Config, settings::SettingsCache, state::AppState};

/// Extra lease time beyond the wallet timeout, for recording the answer.
/// Correctness does not depend on it (a second post gets the same
/// transaction id back); it only keeps a slow instance from being doubled.
const LEASE_MARGIN: Duration = Duration::from_secs(5);
/// How often the worker logs the delivery metrics.
const METRICS_EVERY: Duration = Duration::from_secs(60);

#[derive(Clone)]
pub struct Worker {
    db: DatabaseConnection,
    settings: SettingsCache,
    /// Due times, leases and the age of rewards are read from it, so tests
    /// move the time instead of waiting for retries.
    clock: Clock,
    wallet: Option<WalletClient>,
    instance: Arc<str>,
    poll: Duration,
    batch: u64,
    lease: Duration,
    retry_base_override: Option<u64>,
}

impl Worker {
    /// `wallet` is the configured wallet's client (push mode) or none (pull).
    pub fn new(state: &AppState, wallet: Option<WalletClient>, config: &Config) -> Worker {
        Worker {
            db: state.db.clone(),
            settings: state.settings.clone(),
            clock: state.clock.clone(),
            wallet,
            instance: config.instance_id().into(),
            poll: Duration::from_millis(config.reward_poll_millis),
            batch: u64::from(config.reward_batch_size),
            lease: config.wallet_timeout() + LEASE_MARGIN,
            retry_base_override: config.reward_retry_base_millis,
        }
    }

    /// Runs until `stop` is cancelled; deliveries in flight then finish
    /// (each is bounded by the wallet timeout) before it returns.
    pub async fn run(self, stop: CancellationToken) {
        let mode = if self.wallet.is_some() {
            "push"
        } else {
            "pull"
        };
        tracing::info!(instance = %self.instance, mode, "reward worker started");
        let mut metrics_due = tokio::time::Instant::now();
        while !stop.is_cancelled() {
            if tokio::time::Instant::now() >= metrics_due {
                self.log_metrics().await;
                metrics_due += METRICS_EVERY;
            }
            if let Err(error) = queue::sequence(&self.db).await {
                tracing::warn!(%error, "numbering rewards failed; trying again");
            }
            let busy = match &self.wallet {
                Some(wallet) => self.deliver_batch(wallet).await,
                None => false,
            };
            if busy {
                continue;
            }
            tokio::select! {
                () = stop.cancelled() => {}
                () = tokio::time::sleep(self.poll) => {}
            }
        }
        tracing::info!(instance = %self.instance, "reward worker stopped");
    }

    /// One log line with the counts and latencies GetRewardStats serves.
    async fn log_metrics(&self) {
        match super::stats(&self.db).await {
            Ok(stats) => tracing::info!(
                pending = stats.pending,
                retrying = stats.retrying,
                credited = stats.credited,
                failed = stats.failed,
                attempts = stats.attempts,
                average_latency_ms = stats.average_latency_ms,
                max_latency_ms = stats.max_latency_ms,
                "reward metrics"
            ),
            Err(error) => tracing::warn!(%error, "reading reward metrics failed"),
        }
    }

    /// Claims and posts one batch concurrently; true if the batch was full
    /// (more may be due at once).
    async fn deliver_batch(&self, wallet: &WalletClient) -> bool {
        let at = self.clock.now();
        let lease_until = at + chrono::Duration::from_std(self.lease).unwrap_or_default();
        let claimed =
            match queue::claim(&self.db, &self.instance, lease_until, at, self.batch).await {
                Ok(claimed) => claimed,
                Err(error) => {
                    tracing::warn!(%error, "claiming rewards failed; trying again");
                    return false;
                }
            };
        let full = claimed.len() as u64 == self.batch;
        let mut tasks = JoinSet::new();
        for delivery in claimed {
            let worker = self.clone();
            let wallet = wallet.clone();
            tasks.spawn(async move { worker.deliver(&wallet, delivery).await });
        }
        while tasks.join_next().await.is_some() {}
        full
    }

    #[tracing::instrument(skip_all, fields(game_session_id = delivery.game_session_id, attempt = delivery.attempts))]
    async fn deliver(&self, wallet: &WalletClient, delivery: Delivery) {
        let outcome = match store::php_user_id(&self.db, delivery.user_id).await {
            Ok(php_user_id) => wallet.credit(&credit_request(&delivery, php_user_id)).await,
            // Without the user the wallet cannot be told whom to pay.
            Err(error) => Outcome::Transient(format!("reading the user failed: {error}")),
        };
        crate::metrics::wallet_attempt(&outcome);
        if let Err(error) = self.record(&delivery, &outcome).await {
            // The lease runs out and another pass posts again with the same
            // key; the wallet answers with the same transaction id.
            tracing::warn!(%error, ?outcome, "recording the wallet's answer failed");
        }
    }

    async fn record(&self, delivery: &Delivery, outcome: &Outcome) -> crate::error::AppResult<()> {
        let at = self.clock.now();
        match outcome {
            Outcome::Credited(transaction_id) => {
                let latency_ms = (at - delivery.created_at).num_milliseconds();
                let changed = queue::credit(&self.db, delivery, transaction_id, at).await?;
                tracing::info!(transaction_id, latency_ms, changed, "reward credited");
            }
            Outcome::Permanent(error) => {
                queue::fail(&self.db, delivery, error, at).await?;
                tracing::warn!(error, "reward failed: the wallet refused it");
            }
            Outcome::Transient(error) => self.after_transient(delivery, error, at).await?,
        }
        Ok(())
    }

    /// Tried again later, unless the reward is older than its retry window.
    async fn after_transient(
        &self,
        delivery: &Delivery,
        error: &str,
        at: NaiveDateTime,
    ) -> crate::error::AppResult<()> {
        let settings = self.settings.current().await;
        let policy = RetryPolicy::from_settings(&settings, self.retry_base_override);
        let window_start = delivery.retry_started_at.unwrap_or(delivery.created_at);
        match policy.after_transient(window_start, delivery.attempts, at, fastrand::f64()) {
            Next::RetryAt(next) => {
                queue::reschedule(&self.db, &self.instance, delivery, error, next, at).await?;
                tracing::info!(error, %next, "reward delivery will be retried");
            }
            Next::GiveUp => {
                let error = format!(
                    "gave up after {} attempts over {} hours: {error}",
                    delivery.attempts,
                    (at - window_start).num_hours()
                );
                queue::fail(&self.db, delivery, &error, at).await?;
                tracing::warn!(error, "reward failed");
            }
        }
        Ok(())
    }
}

fn credit_request(delivery: &Delivery, php_user_id: Option<i32>) -> CreditRequest {
    CreditRequest {
        user_id: delivery.user_id,
        php_user_id,
        amount: format!("{:.2}", delivery.amount),
        currency: delivery.currency.clone(),
        idempotency_key: idempotency_key(delivery.game_session_id),
        game_session_id: delivery.game_session_id,
        description: format!("Game reward, session {}", delivery.game_session_id),
    }
}
