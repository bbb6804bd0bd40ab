//! After the chaos: waits for every reward to settle, then checks that each
//! completed game was credited exactly once and that the wallet's ledger,
//! the reward summaries and the users' totals agree.
use std::{
    collections::BTreeMap,
    io::Write,
    time::{Duration, Instant},
};

use gamification::proto::{GetRewardSummaryRequest, reward_service_client::RewardServiceClient};
use rust_decimal::Decimal;
use sea_orm::{ConnectionTrait, DatabaseConnection, QueryResult, Statement};

use super::{Disruptions, Table, failover};
use crate::{
    helpers::SERVICE_TOKEN,
    rewards::wallet::{Act, Entry, TestWallet},
};

#[derive(Debug, Default)]
pub struct Figures {
    pub games: usize,
    pub credited: usize,
    /// Completed games that earned nothing (nothing to pay).
    pub unpaid: usize,
    pub ledger_total: Decimal,
    pub summaries_total: Decimal,
    pub users_total: Decimal,
    pub attempts: i64,
}

async fn rows(db: &DatabaseConnection, sql: &str) -> Vec<QueryResult> {
    let statement = Statement::from_string(db.get_database_backend(), sql.to_string());
    db.query_all_raw(statement)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

async fn number(db: &DatabaseConnection, sql: &str) -> i64 {
    rows(db, sql).await[0]
        .try_get_by_index::<Option<i64>>(0)
        .expect("a number")
        .unwrap_or(0)
}

fn money(text: &str) -> Decimal {
    text.parse()
        .unwrap_or_else(|_| panic!("{text:?} is not money"))
}

/// Waits until no reward is pending, within a bounded time.
pub async fn wait_until_settled(db: &DatabaseConnection) {
    let pending = "SELECT (SELECT COUNT(*) FROM reward_deliveries WHERE status = 'pending') \
        + (SELECT COUNT(*) FROM game_sessions WHERE reward_status = 'pending')";
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        let left = number(db, pending).await;
        if left == 0 {
            return;
        }
        assert!(Instant::now() < deadline, "{left} rewards still pending");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Every completed game: credited once, under the ledger's transaction id
/// and amount; nothing in the ledger that is not a credited game; per user
/// and in total, ledger = GetRewardSummary = users.total_rewards_earned.
pub async fn check(table: &Table, wallet: &TestWallet, users: &[i32]) -> Figures {
    let db = &table.db;
    let ledger: BTreeMap<i64, Entry> = wallet
        .ledger()
        .into_iter()
        .map(|e| (e.game_session_id, e))
        .collect();
    let (mut figures, paid) = check_games(db, &ledger).await;
    figures.ledger_total = ledger.values().map(|e| money(&e.amount)).sum();
    figures.summaries_total = check_summaries(table, users, &paid).await;
    let total = rows(
        db,
        "SELECT CAST(SUM(total_rewards_earned) AS TEXT) FROM users",
    )
    .await;
    let total: Option<String> = total[0].try_get_by_index(0).expect("a total");
    figures.users_total = total.as_deref().map(money).unwrap_or_default();
    figures.attempts = number(db, "SELECT SUM(attempts) FROM reward_deliveries").await;

    assert_eq!(
        figures.ledger_total, figures.summaries_total,
        "ledger = summaries"
    );
    assert_eq!(
        figures.ledger_total, figures.users_total,
        "ledger = users' totals"
    );
    assert!(figures.ledger_total > Decimal::ZERO, "some games paid");
    let acts = wallet.acts();
    let lost = acts.get(&Act::CreditThen500).copied().unwrap_or(0)
        + acts.get(&Act::CreditThenHang).copied().unwrap_or(0);
    assert!(
        lost > 0,
        "some credits lost their answer, so were posted again"
    );
    figures
}

/// Each completed game against the ledger; returns the counts and what
/// each user was paid.
async fn check_games(
    db: &DatabaseConnection,
    ledger: &BTreeMap<i64, Entry>,
) -> (Figures, BTreeMap<i32, Decimal>) {
    let games = rows(
        db,
        "SELECT gs.id, gs.user_id, gs.reward_status, gs.reward_transaction_id, \
         CAST(d.amount AS TEXT), d.status FROM game_sessions gs \
         LEFT JOIN reward_deliveries d ON d.game_session_id = gs.id \
         WHERE gs.status = 'completed' ORDER BY gs.id",
    )
    .await;
    let mut figures = Figures {
        games: games.len(),
        ..Figures::default()
    };
    let mut paid: BTreeMap<i32, Decimal> = BTreeMap::new();
    for row in &games {
        let id: i32 = row.try_get_by_index(0).expect("id");
        let entry = ledger.get(&i64::from(id));
        let status: Option<String> = row.try_get_by_index(2).expect("status");
        let Some(status) = status else {
            assert!(entry.is_none(), "game {id} earned nothing yet was paid");
            figures.unpaid += 1;
            continue;
        };
        let delivery: String = row.try_get_by_index(5).expect("delivery status");
        assert_eq!(
            (status.as_str(), delivery.as_str()),
            ("credited", "credited"),
            "game {id}"
        );
        let entry = entry.unwrap_or_else(|| panic!("game {id} was never paid"));
        let transaction: Option<String> = row.try_get_by_index(3).expect("transaction");
        assert_eq!(
            transaction.as_deref(),
            Some(entry.transaction_id.as_str()),
            "game {id}"
        );
        let amount: String = row.try_get_by_index(4).expect("an amount");
        assert_eq!(
            money(&entry.amount),
            money(&amount),
            "game {id} paid its amount"
        );
        let user: i32 = row.try_get_by_index(1).expect("user");
        *paid.entry(user).or_default() += money(&amount);
        figures.credited += 1;
    }
    assert_eq!(
        ledger.len(),
        figures.credited,
        "the ledger holds the credited games only"
    );
    (figures, paid)
}

/// Each player's GetRewardSummary: credited and total both what the wallet
/// paid them, nothing pending or failed; returns the credited sum.
async fn check_summaries(table: &Table, users: &[i32], paid: &BTreeMap<i32, Decimal>) -> Decimal {
    let mut credited = Decimal::ZERO;
    for &user_id in users {
        let summary = failover(
            &table.cluster,
            0,
            SERVICE_TOKEN,
            "summary",
            |a| async move {
                let request = GetRewardSummaryRequest { user_id };
                RewardServiceClient::new(a)
                    .get_reward_summary(request)
                    .await
            },
        )
        .await;
        let expected = paid.get(&user_id).copied().unwrap_or_default();
        assert_eq!(
            money(&summary.credited_amount),
            expected,
            "user {user_id} summary"
        );
        assert_eq!(
            money(&summary.total_rewards_earned),
            expected,
            "user {user_id} total"
        );
        assert_eq!(
            (summary.pending_count, summary.failed_count),
            (0, 0),
            "user {user_id}"
        );
        credited += money(&summary.credited_amount);
    }
    credited
}

/// The run's figures, where a CI log shows them (past the output capture).
pub fn print(
    figures: &Figures,
    wallet: &TestWallet,
    disruptions: &Disruptions,
    repeated_calls: usize,
    seed: u64,
    elapsed: Duration,
) {
    let acts: Vec<String> = wallet
        .acts()
        .iter()
        .map(|(act, n)| format!("{act:?} {n}"))
        .collect();
    let text = format!(
        "chaos (seed {seed}, {:.1} s): {} games completed, {} credited, {} earned nothing; \
         {} delivery attempts; wallet: {} posts ({}), down {} times; \
         {} instance killed with SIGKILL and restarted, {} database connections terminated, \
         {} player calls repeated; \
         ledger {} credits = {} INR, summaries {} INR, users' totals {} INR",
        elapsed.as_secs_f64(),
        figures.games,
        figures.credited,
        figures.unpaid,
        figures.attempts,
        wallet.calls(),
        acts.join(", "),
        disruptions.wallet_down_periods,
        disruptions.killed,
        disruptions.backends_terminated,
        repeated_calls,
        wallet.ledger().len(),
        figures.ledger_total,
        figures.summaries_total,
        figures.users_total,
    );
    let _ = writeln!(std::io::stderr(), "{text}");
}
