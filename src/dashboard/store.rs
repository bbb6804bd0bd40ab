//! The dashboard's reads: one query per figure, each a single pass over an
//! indexed time range, grouped into days by a CASE over the day bounds (the
//! same SQL on both backends, whatever the time zone). Also the context the
//! review queue shows beside a sample (the logged turn's NLU alternates, the
//! intents known so far).
use chrono::NaiveDateTime;
use rust_decimal::Decimal;
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbBackend, EntityTrait, FromQueryResult,
    sea_query::{Alias, Asterisk, Condition, Expr, ExprTrait, Func, Query, SelectStatement},
};

use crate::{
    domain::{RewardStatus, SessionStatus},
    entity::{
        conversation_logs, game_sessions, player_reliability, reward_deliveries, training_samples,
    },
    error::AppResult,
    fields::label,
    training::{review::CROWD_REVIEWER, sample::ReviewStatus},
};

#[derive(FromQueryResult)]
struct DayRow {
    day: i32,
    n: i64,
    amount: Option<f64>,
}

/// `CASE WHEN t < b1 THEN 0 WHEN t < b2 THEN 1 … END`: the day `t` falls in.
fn day_of(column: Expr, bounds: &[NaiveDateTime]) -> Expr {
    let mut case = Expr::case(column.clone().lt(bounds[1]), 0);
    for (i, bound) in bounds.iter().enumerate().skip(2) {
        let index = i32::try_from(i - 1).unwrap_or(i32::MAX);
        case = case.case(column.clone().lt(*bound), index);
    }
    let day: Expr = case.finally(-1).into();
    day.cast_as("INTEGER")
}

/// A float type of the backend, for sums of money shown in charts.
fn float(backend: DbBackend) -> &'static str {
    match backend {
        DbBackend::Postgres => "DOUBLE PRECISION",
        _ => "REAL",
    }
}

/// Counts (and sums `amount`) of `table`'s rows whose `time` falls in each
/// day, among those matching `filter`.
async fn per_day(
    db: &DatabaseConnection,
    mut select: SelectStatement,
    time: Expr,
    amount: Option<Expr>,
    filter: Condition,
    bounds: &[NaiveDateTime],
) -> AppResult<Vec<(i64, f64)>> {
    let days = bounds.len().saturating_sub(1);
    let mut out = vec![(0, 0.0); days];
    if days == 0 {
        return Ok(out);
    }
    let amount = match amount {
        Some(amount) => Expr::from(Func::sum(amount.cast_as(float(db.get_database_backend())))),
        None => Expr::val(Option::<f64>::None).cast_as(float(db.get_database_backend())),
    };
    select
        .expr_as(day_of(time.clone(), bounds), Alias::new("day"))
        .expr_as(Func::count(Expr::col(Asterisk)), Alias::new("n"))
        .expr_as(amount, Alias::new("amount"))
        .cond_where(
            filter
                .add(time.clone().gte(bounds[0]))
                .add(time.lt(bounds[days])),
        )
        .add_group_by([Expr::col(Alias::new("day"))]);
    let rows = DayRow::find_by_statement(db.get_database_backend().build(&select))
        .all(db)
        .await?;
    for row in rows {
        if let Some(slot) = usize::try_from(row.day).ok().and_then(|d| out.get_mut(d)) {
            *slot = (row.n, row.amount.unwrap_or(0.0));
        }
    }
    Ok(out)
}

/// Games started per day, and games completed per day.
pub async fn games_per_day(
    db: &DatabaseConnection,
    bounds: &[NaiveDateTime],
) -> AppResult<(Vec<i64>, Vec<i64>)> {
    use game_sessions::Column as G;
    let from = || Query::select().from(game_sessions::Entity).to_owned();
    let started = per_day(
        db,
        from(),
        Expr::col(G::StartedAt),
        None,
        Condition::all(),
        bounds,
    )
    .await?;
    let completed = per_day(
        db,
        from(),
        Expr::col(G::CompletedAt),
        None,
        Condition::all().add(G::Status.eq(SessionStatus::Completed.as_str())),
        bounds,
    )
    .await?;
    Ok((
        started.into_iter().map(|d| d.0).collect(),
        completed.into_iter().map(|d| d.0).collect(),
    ))
}

/// Samples approved per day (by a person or the crowd).
pub async fn samples_approved_per_day(
    db: &DatabaseConnection,
    bounds: &[NaiveDateTime],
) -> AppResult<Vec<i64>> {
    use training_samples::Column as T;
    let rows = per_day(
        db,
        Query::select().from(training_samples::Entity).to_owned(),
        Expr::col(T::ApprovedAt),
        None,
        Condition::all().add(T::Approved.eq(true)),
        bounds,
    )
    .await?;
    Ok(rows.into_iter().map(|d| d.0).collect())
}

/// Rewards credited per day: how many and how much.
pub async fn rewards_credited_per_day(
    db: &DatabaseConnection,
    bounds: &[NaiveDateTime],
) -> AppResult<Vec<(i64, f64)>> {
    use reward_deliveries::Column as D;
    per_day(
        db,
        Query::select().from(reward_deliveries::Entity).to_owned(),
        Expr::col(D::CreditedAt),
        Some(Expr::col(D::Amount)),
        Condition::all().add(D::Status.eq(RewardStatus::Credited.as_str())),
        bounds,
    )
    .await
}

/// Rewards by delivery status now: how many and how much.
#[derive(Debug, Default, Clone)]
pub struct OutstandingRewards {
    pub pending: (i64, f64),
    pub failed: (i64, f64),
    pub credited: (i64, f64),
}

#[derive(FromQueryResult)]
struct StatusRow {
    status: String,
    n: i64,
    amount: Option<f64>,
}

pub async fn outstanding_rewards(db: &DatabaseConnection) -> AppResult<OutstandingRewards> {
    use reward_deliveries::Column as D;
    let select = Query::select()
        .column(D::Status)
        .expr_as(Func::count(Expr::col(Asterisk)), Alias::new("n"))
        .expr_as(
            Func::sum(Expr::col(D::Amount).cast_as(float(db.get_database_backend()))),
            Alias::new("amount"),
        )
        .from(reward_deliveries::Entity)
        .group_by_col(D::Status)
        .to_owned();
    let rows = StatusRow::find_by_statement(db.get_database_backend().build(&select))
        .all(db)
        .await?;
    let mut out = OutstandingRewards::default();
    for row in rows {
        let figures = (row.n, row.amount.unwrap_or(0.0));
        match RewardStatus::parse(&row.status) {
            Some(RewardStatus::Pending) => out.pending = figures,
            Some(RewardStatus::Failed) => out.failed = figures,
            Some(RewardStatus::Credited) => out.credited = figures,
            None => {}
        }
    }
    Ok(out)
}

#[derive(FromQueryResult)]
struct Count {
    n: i64,
}

async fn count(db: &DatabaseConnection, select: SelectStatement) -> AppResult<i64> {
    let row = Count::find_by_statement(db.get_database_backend().build(&select))
        .one(db)
        .await?;
    Ok(row.map_or(0, |r| r.n))
}

/// Samples waiting for a person (pending, or no status: another app's row).
pub async fn pending_samples(db: &DatabaseConnection) -> AppResult<i64> {
    use training_samples::Column as T;
    let select = Query::select()
        .expr_as(Func::count(Expr::col(Asterisk)), Alias::new("n"))
        .from(training_samples::Entity)
        .cond_where(
            Condition::any()
                .add(T::ReviewStatus.eq(ReviewStatus::Pending.as_str()))
                .add(T::ReviewStatus.is_null()),
        )
        .to_owned();
    count(db, select).await
}

/// Logged turns marked as training candidates that no sample was made of.
pub async fn candidate_backlog(db: &DatabaseConnection) -> AppResult<i64> {
    use conversation_logs::Column as L;
    use training_samples::Column as T;
    let promoted = Query::select()
        .expr(Expr::val(1))
        .from(training_samples::Entity)
        .and_where(
            Expr::col((training_samples::Entity, T::ConversationLogId))
                .equals((conversation_logs::Entity, L::Id)),
        )
        .to_owned();
    let select = Query::select()
        .expr_as(Func::count(Expr::col(Asterisk)), Alias::new("n"))
        .from(conversation_logs::Entity)
        .and_where(Expr::col((conversation_logs::Entity, L::IsTrainingCandidate)).eq(true))
        .and_where(Expr::exists(promoted).not())
        .to_owned();
    count(db, select).await
}

#[derive(FromQueryResult)]
struct Agreement {
    n: i64,
    mean: Option<f64>,
}

/// Samples the crowd approved in the period, and their mean agreement (the
/// confidence the crowd approves with).
pub async fn crowd_agreement(
    db: &DatabaseConnection,
    bounds: &[NaiveDateTime],
) -> AppResult<(i64, Option<f64>)> {
    use training_samples::Column as T;
    let (Some(first), Some(last)) = (bounds.first(), bounds.last()) else {
        return Ok((0, None));
    };
    let select = Query::select()
        .expr_as(Func::count(Expr::col(Asterisk)), Alias::new("n"))
        .expr_as(
            Func::avg(Expr::col(T::Confidence).cast_as(float(db.get_database_backend()))),
            Alias::new("mean"),
        )
        .from(training_samples::Entity)
        .and_where(T::ApprovedBy.eq(CROWD_REVIEWER))
        .and_where(T::ApprovedAt.gte(*first))
        .and_where(T::ApprovedAt.lt(*last))
        .to_owned();
    let row = Agreement::find_by_statement(db.get_database_backend().build(&select))
        .one(db)
        .await?;
    Ok(row.map_or((0, None), |r| (r.n, r.mean)))
}

#[derive(FromQueryResult)]
struct GoldRow {
    answered: i64,
    correct: i64,
}

/// Gold answers of all players: answered, correct.
pub async fn gold_totals(db: &DatabaseConnection) -> AppResult<(i64, i64)> {
    use player_reliability::Column as R;
    let sum = |c: R| -> Expr {
        Expr::from(Func::coalesce([
            Func::sum(Expr::col(c)).into(),
            Expr::val(0),
        ]))
        .cast_as("BIGINT")
    };
    let select = Query::select()
        .expr_as(sum(R::GoldAnswered), Alias::new("answered"))
        .expr_as(sum(R::GoldCorrect), Alias::new("correct"))
        .from(player_reliability::Entity)
        .to_owned();
    let row = GoldRow::find_by_statement(db.get_database_backend().build(&select))
        .one(db)
        .await?;
    Ok(row.map_or((0, 0), |r| (r.answered, r.correct)))
}

/// What the NLU said of the turn a sample was promoted from.
#[derive(Debug, Default, Clone)]
pub struct ReviewContext {
    pub intent: Option<String>,
    pub confidence: Option<Decimal>,
    /// The other intents it considered, best first.
    pub alternates: Vec<(String, Decimal)>,
    pub channel: Option<String>,
    pub bot_response: Option<String>,
}

/// The NLU's analysis of a logged turn (None when the turn is gone).
pub async fn review_context(
    db: &DatabaseConnection,
    conversation_log_id: i32,
) -> AppResult<Option<ReviewContext>> {
    let Some(log) = conversation_logs::Entity::find_by_id(conversation_log_id)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let mut alternates: Vec<(String, Decimal)> = match &log.nlu_alternate_intents {
        Some(serde_json::Value::Array(items)) => items
            .iter()
            .filter_map(|item| {
                let name = item.get("intent")?.as_str()?.to_string();
                let score = item.get("confidence").or_else(|| item.get("score"))?;
                Some((name, label::json_decimal(score)?))
            })
            .collect(),
        Some(serde_json::Value::Object(map)) => map
            .iter()
            .filter_map(|(k, v)| Some((k.clone(), label::json_decimal(v)?)))
            .collect(),
        _ => Vec::new(),
    };
    alternates.sort_by_key(|a| std::cmp::Reverse(a.1));
    Ok(Some(ReviewContext {
        intent: log.nlu_intent,
        confidence: log.nlu_confidence.map(|c| c.0),
        alternates,
        channel: log.channel,
        bot_response: log.bot_response,
    }))
}

#[derive(FromQueryResult)]
struct IntentRow {
    intent: String,
}

/// The intents of approved samples, most used first: the suggestions of a
/// relabel.
pub async fn known_intents(db: &DatabaseConnection, limit: u64) -> AppResult<Vec<String>> {
    use training_samples::Column as T;
    let select = Query::select()
        .column(T::Intent)
        .from(training_samples::Entity)
        .and_where(T::Approved.eq(true))
        .group_by_col(T::Intent)
        .order_by_expr(
            Func::count(Expr::col(Asterisk)).into(),
            sea_orm::Order::Desc,
        )
        .limit(limit)
        .to_owned();
    let rows = IntentRow::find_by_statement(db.get_database_backend().build(&select))
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|r| r.intent).collect())
}
