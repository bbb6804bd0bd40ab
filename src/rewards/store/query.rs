//! SQL that reads rewards: the game session (the truth other apps read)
//! joined with its delivery state. A session still 'pending' without a
//! delivery is not a reward yet: another application wrote it, and it
//! waits for an admin's approval (`games::approve_foreign`), so neither
//! ListRewards nor the summaries show it to the wallet.
use chrono::NaiveDateTime;
use rust_decimal::Decimal;
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, FromQueryResult, Order,
    sea_query::{
        Alias, Asterisk, Condition, Expr, ExprTrait, Func, JoinType, Query, SelectStatement,
    },
};

use super::super::{Reward, RewardFilter, RewardStatus};
use crate::{
    domain::{SessionStatus, reward::Earned},
    entity::{
        game_sessions::{self, Column as S},
        reward_deliveries::{self, Column as D},
        users,
    },
    error::AppResult,
};

/// Aliases of the joined tables.
fn gs(column: S) -> Expr {
    Expr::col((Alias::new("gs"), column))
}

fn d(column: D) -> Expr {
    Expr::col((Alias::new("d"), column))
}

/// The rewards the wallet may see, the session joined with its delivery,
/// narrowed by `filter`. A session needs a reward and a reward status, and
/// must be completed or have a delivery; a 'pending' one without a delivery
/// is foreign and not shown.
fn select(filter: Condition) -> SelectStatement {
    let visible = Condition::all()
        .add(gs(S::RewardsEarned).is_not_null())
        .add(gs(S::RewardStatus).is_not_null())
        .add(
            Condition::any()
                .add(gs(S::Status).eq(SessionStatus::Completed.as_str()))
                .add(d(D::Id).is_not_null()),
        )
        .add(
            Condition::any()
                .add(d(D::Id).is_not_null())
                .add(gs(S::RewardStatus).ne(RewardStatus::Pending.as_str())),
        );
    Query::select()
        .expr_as(gs(S::Id), Alias::new("game_session_id"))
        .exprs([gs(S::SessionId), gs(S::UserId), gs(S::GameType)])
        .exprs([gs(S::RewardStatus), gs(S::RewardTransactionId)])
        // Text on both backends: a legacy value that is not JSON is read as
        // unreadable, not a failed query.
        .expr_as(
            gs(S::RewardsEarned).cast_as("TEXT"),
            Alias::new("rewards_json"),
        )
        .expr(gs(S::CompletedAt))
        .exprs([d(D::Attempts), d(D::LastError), d(D::NextAttemptAt)])
        .exprs([d(D::CreditedAt), d(D::Seq)])
        .from_as(game_sessions::Entity, Alias::new("gs"))
        .join_as(
            JoinType::LeftJoin,
            reward_deliveries::Entity,
            Alias::new("d"),
            d(D::GameSessionId).eq(gs(S::Id)),
        )
        .cond_where(visible.add(filter))
        .to_owned()
}

#[derive(Debug, FromQueryResult)]
struct Row {
    game_session_id: i32,
    session_id: String,
    user_id: i32,
    game_type: String,
    reward_status: String,
    reward_transaction_id: Option<String>,
    rewards_json: Option<String>,
    completed_at: Option<NaiveDateTime>,
    attempts: Option<i32>,
    last_error: Option<String>,
    next_attempt_at: Option<NaiveDateTime>,
    credited_at: Option<NaiveDateTime>,
    seq: Option<i64>,
}

impl Row {
    fn into_reward(self) -> Reward {
        let earned = Earned::parse_text(self.rewards_json.as_deref()).ok();
        let status = RewardStatus::parse(&self.reward_status).unwrap_or(RewardStatus::Pending);
        Reward {
            game_session_id: self.game_session_id,
            session_id: self.session_id,
            user_id: self.user_id,
            game_type: self.game_type,
            amount: earned.as_ref().map(|e| e.amount),
            currency: earned
                .as_ref()
                .map_or_else(String::new, |e| e.currency.clone()),
            loyalty_points: earned.as_ref().map_or(0, |e| e.loyalty_points),
            status,
            reward_transaction_id: self.reward_transaction_id,
            attempts: self.attempts.unwrap_or(0),
            last_error: self.last_error,
            completed_at: self.completed_at,
            next_attempt_at: (status == RewardStatus::Pending)
                .then_some(self.next_attempt_at)
                .flatten(),
            credited_at: self.credited_at,
            cursor: self.seq,
        }
    }
}

async fn rows(db: &DatabaseConnection, select: &SelectStatement) -> AppResult<Vec<Reward>> {
    let rows = Row::find_by_statement(db.get_database_backend().build(select))
        .all(db)
        .await?;
    Ok(rows.into_iter().map(Row::into_reward).collect())
}

/// One page (plus one row, to tell whether more follow), by game session id.
pub async fn list(
    db: &DatabaseConnection,
    filter: &RewardFilter,
    after: i64,
    size: u64,
) -> AppResult<Vec<Reward>> {
    let narrow = Condition::all()
        .add(gs(S::Id).gt(after))
        .add_option(filter.user_id.map(|id| gs(S::UserId).eq(id)))
        .add_option(filter.status.map(|s| gs(S::RewardStatus).eq(s.as_str())));
    let select = select(narrow)
        .order_by_expr(gs(S::Id), Order::Asc)
        .limit(size + 1)
        .to_owned();
    rows(db, &select).await
}

pub async fn get(db: &DatabaseConnection, game_session_id: i32) -> AppResult<Option<Reward>> {
    let select = select(Condition::all().add(gs(S::Id).eq(game_session_id)));
    Ok(rows(db, &select).await?.into_iter().next())
}

/// Numbered rewards after `cursor`, in cursor order.
pub async fn after_cursor(
    db: &DatabaseConnection,
    cursor: i64,
    user_id: Option<i32>,
    limit: u64,
) -> AppResult<Vec<Reward>> {
    let narrow = Condition::all()
        .add(d(D::Seq).gt(cursor))
        .add_option(user_id.map(|id| gs(S::UserId).eq(id)));
    let select = select(narrow)
        .order_by_expr(d(D::Seq), Order::Asc)
        .limit(limit)
        .to_owned();
    rows(db, &select).await
}

/// Totals of one user's rewards, by status.
#[derive(Debug, Clone, Default)]
pub struct RewardSummary {
    pub user_id: i32,
    pub pending: (i64, Decimal),
    pub credited: (i64, Decimal),
    pub failed: (i64, Decimal),
    pub loyalty_points: i32,
    pub total_rewards_earned: Decimal,
    pub last_credited_at: Option<NaiveDateTime>,
}

pub async fn summary(db: &DatabaseConnection, user_id: i32) -> AppResult<RewardSummary> {
    let user = users::Entity::find_by_id(user_id)
        .one(db)
        .await?
        .ok_or_else(|| crate::error::AppError::not_found(format!("user {user_id}")))?;
    let all = rows(db, &select(Condition::all().add(gs(S::UserId).eq(user_id)))).await?;
    let mut summary = RewardSummary {
        user_id,
        loyalty_points: user.loyalty_points,
        total_rewards_earned: user.total_rewards_earned.0,
        ..RewardSummary::default()
    };
    for reward in all {
        let bucket = match reward.status {
            RewardStatus::Pending => &mut summary.pending,
            RewardStatus::Credited => &mut summary.credited,
            RewardStatus::Failed => &mut summary.failed,
        };
        bucket.0 += 1;
        // An unreadable amount is counted, but adds no money.
        bucket.1 += reward.amount.unwrap_or(Decimal::ZERO);
        if reward.credited_at > summary.last_credited_at {
            summary.last_credited_at = reward.credited_at;
        }
    }
    Ok(summary)
}

/// Delivery metrics over all rewards with a delivery row.
#[derive(Debug, Clone, Default, FromQueryResult)]
pub struct RewardStats {
    pub pending: i64,
    pub retrying: i64,
    pub credited: i64,
    pub failed: i64,
    pub attempts: i64,
    pub average_latency_ms: i64,
    pub max_latency_ms: i64,
}

/// `COALESCE(SUM(CASE WHEN condition THEN 1 ELSE 0 END), 0)`.
fn count_where(condition: Condition) -> Expr {
    let ones = Expr::case(condition, 1).finally(0);
    Func::coalesce([Func::sum(ones).into(), Expr::val(0)]).into()
}

/// `COALESCE(aggregate, 0)` as a BIGINT (AVG and SUM differ by backend).
fn or_zero(aggregate: impl Into<Expr>) -> Expr {
    Expr::from(Func::coalesce([aggregate.into(), Expr::val(0)])).cast_as("BIGINT")
}

pub async fn stats(db: &DatabaseConnection) -> AppResult<RewardStats> {
    let status = |s: RewardStatus| Condition::all().add(D::Status.eq(s.as_str()));
    let retrying = status(RewardStatus::Pending).add(D::Attempts.gt(0));
    let select = Query::select()
        .expr_as(
            count_where(status(RewardStatus::Pending)),
            Alias::new("pending"),
        )
        .expr_as(count_where(retrying), Alias::new("retrying"))
        .expr_as(
            count_where(status(RewardStatus::Credited)),
            Alias::new("credited"),
        )
        .expr_as(
            count_where(status(RewardStatus::Failed)),
            Alias::new("failed"),
        )
        .expr_as(
            or_zero(Func::sum(Expr::col(D::Attempts))),
            Alias::new("attempts"),
        )
        .expr_as(
            or_zero(Func::avg(Expr::col(D::LatencyMs))),
            Alias::new("average_latency_ms"),
        )
        .expr_as(
            or_zero(Func::max(Expr::col(D::LatencyMs))),
            Alias::new("max_latency_ms"),
        )
        .from(reward_deliveries::Entity)
        .to_owned();
    let found = RewardStats::find_by_statement(db.get_database_backend().build(&select))
        .one(db)
        .await?;
    Ok(found.unwrap_or_default())
}

/// The delivery queue's backlog, sampled for the metrics.
#[derive(Debug, Default, FromQueryResult)]
pub struct Backlog {
    /// Rewards waiting for the wallet (pending).
    pub depth: i64,
    /// When the oldest of them was queued.
    pub oldest: Option<NaiveDateTime>,
}

/// How many rewards are pending and since when (the index on
/// `(status, next_attempt_at)` serves the filter).
pub async fn backlog(db: &DatabaseConnection) -> AppResult<Backlog> {
    let select = Query::select()
        .expr_as(Func::count(Expr::col(Asterisk)), Alias::new("depth"))
        .expr_as(Func::min(Expr::col(D::CreatedAt)), Alias::new("oldest"))
        .from(reward_deliveries::Entity)
        .and_where(D::Status.eq(RewardStatus::Pending.as_str()))
        .to_owned();
    let row = Backlog::find_by_statement(db.get_database_backend().build(&select))
        .one(db)
        .await?;
    Ok(row.unwrap_or_default())
}
