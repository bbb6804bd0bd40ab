//! The delivery worker: runs in the server process, numbers new rewards for
//! WatchRewards and, in push mode, posts due rewards to the wallet.
//!
//! Exactly once: each reward is posted with an idempotency key of its game
//! session, so a post repeated after a timeout, a crash or an expired lease
//! gets the wallet's first transaction id back; recording it is guarded by
//! the status, so the user's total grows once whatever the races.
use std::{sync::Arc, time::Duration};

use chrono::NaiveDateTime;
use sea_orm::{DatabaseConnection, EntityTrait};
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

use super::{
    idempotency_key, now, queue,
    store::Delivery,
    wallet::{CreditRequest, Outcome, WalletClient},
};
use crate::{config::Config, entity::users, settings::SettingsCache};

/// Extra lease time beyond the wallet timeout, for recording the answer.
/// Correctness does not depend on it (a second post gets the same
/// transaction id back); it only keeps a slow instance from being doubled.
const LEASE_MARGIN: Duration = Duration::from_secs(5);
/// How often the worker logs the delivery metrics.
const METRICS_EVERY: Duration = Duration::from_secs(60);
/// The longest wait between two attempts.
const MAX_BACKOFF_MS: u64 = 3_600_000;

#[derive(Clone)]
pub struct Worker {
    db: DatabaseConnection,
    settings: SettingsCache,
    wallet: Option<WalletClient>,
    instance: Arc<str>,
    poll: Duration,
    batch: u64,
    lease: Duration,
    retry_base_override: Option<u64>,
}

impl Worker {
    pub fn new(db: DatabaseConnection, settings: SettingsCache, config: &Config) -> Worker {
        let wallet = config.wallet_url.as_deref().map(|url| {
            WalletClient::new(url, config.wallet_token.clone(), config.wallet_timeout())
        });
        Worker {
            db,
            settings,
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
            if let Err(error) = queue::sequence(&self.db, now()).await {
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
        let at = now();
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
        let outcome = match users::Entity::find_by_id(delivery.user_id)
            .one(&self.db)
            .await
        {
            Ok(user) => {
                let php_user_id = user.and_then(|user| user.php_user_id);
                wallet.credit(&credit_request(&delivery, php_user_id)).await
            }
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
        let at = now();
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
            Outcome::Transient(error) => {
                let max_attempts = self.settings.current().await.reward_max_attempts;
                if delivery.attempts >= max_attempts {
                    let error = format!("gave up after {} attempts: {error}", delivery.attempts);
                    queue::fail(&self.db, delivery, &error, at).await?;
                    tracing::warn!(error, "reward failed");
                } else {
                    let next = self.next_attempt(delivery.attempts, at).await;
                    queue::reschedule(&self.db, &self.instance, delivery, error, next, at).await?;
                    tracing::info!(error, %next, "reward delivery will be retried");
                }
            }
        }
        Ok(())
    }

    async fn next_attempt(&self, attempts: i32, at: NaiveDateTime) -> NaiveDateTime {
        let base_ms = match self.retry_base_override {
            Some(ms) => ms,
            None => {
                let seconds = self.settings.current().await.reward_retry_base_seconds;
                u64::try_from(seconds).unwrap_or(0).saturating_mul(1000)
            }
        };
        let delay = backoff_ms(base_ms, attempts, fastrand::f64());
        at + chrono::Duration::milliseconds(delay as i64)
    }
}

fn credit_request(delivery: &Delivery, php_user_id: Option<i32>) -> CreditRequest {
    CreditRequest {
        user_id: delivery.user_id,
        php_user_id,
        amount: format!("{:.2}", delivery.amount.0),
        currency: delivery.currency.clone(),
        idempotency_key: idempotency_key(delivery.game_session_id),
        game_session_id: delivery.game_session_id,
        description: format!("Game reward, session {}", delivery.game_session_id),
    }
}

/// Exponential backoff with jitter: base · 2^(attempts − 1), capped, then a
/// random point in its upper half so instances that failed together do not
/// retry together.
pub fn backoff_ms(base_ms: u64, attempts: i32, random: f64) -> u64 {
    let exponent = u32::try_from(attempts.saturating_sub(1))
        .unwrap_or(0)
        .min(30);
    let full = base_ms.saturating_mul(1u64 << exponent).min(MAX_BACKOFF_MS);
    let half = full / 2;
    half + ((full - half) as f64 * random.clamp(0.0, 1.0)) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_with_jitter_and_is_capped() {
        assert_eq!(backoff_ms(1000, 1, 1.0), 1000);
        assert_eq!(backoff_ms(1000, 1, 0.0), 500);
        assert_eq!(backoff_ms(1000, 3, 1.0), 4000);
        assert!((2000..=4000).contains(&backoff_ms(1000, 3, 0.3)));
        assert_eq!(backoff_ms(30_000, 40, 1.0), MAX_BACKOFF_MS);
        assert_eq!(backoff_ms(0, 5, 0.7), 0);
    }
}
