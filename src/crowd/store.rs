//! SQL for crowd labelling. Everything here runs inside the caller's
//! transaction (SubmitAnswer's, or CreateCrowdQuestion's).
use std::collections::HashMap;

use chrono::NaiveDateTime;
use rust_decimal::Decimal;
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::Set,
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait,
    sea_query::{Expr, ExprTrait, Func, OnConflict, Query},
};

use super::rule::{Gold, Posterior};
use crate::{
    domain::GameType,
    entity::{
        amount::Amount, game_questions, label_votes, player_reliability, sample_posteriors,
        training_samples,
    },
    error::{AppError, AppResult},
    training::{Sample, sample::ReviewStatus},
};

/// One more gold answer for the player, in one statement (concurrent games
/// of one player cannot lose an increment).
pub async fn add_gold(
    conn: &impl ConnectionTrait,
    user_id: i32,
    correct: bool,
    now: NaiveDateTime,
) -> AppResult<Gold> {
    use player_reliability::Column as R;
    let correct = i32::from(correct);
    let first = player_reliability::ActiveModel {
        user_id: Set(user_id),
        gold_answered: Set(1),
        gold_correct: Set(correct),
        updated_at: Set(now),
    };
    let current = |column: R| Expr::col((player_reliability::Entity, column));
    // INSERT … ON CONFLICT (user_id) DO UPDATE SET gold_answered =
    // gold_answered + 1, gold_correct = gold_correct + <correct>, …
    // RETURNING *: the record after this answer, without a second read.
    let upsert = OnConflict::column(R::UserId)
        .value(R::GoldAnswered, current(R::GoldAnswered).add(1))
        .value(R::GoldCorrect, current(R::GoldCorrect).add(correct))
        .value(R::UpdatedAt, now)
        .to_owned();
    let mut insert = player_reliability::Entity::insert(first).on_conflict(upsert);
    let statement = QueryTrait::query(&mut insert).returning_all().to_owned();
    let row = player_reliability::Entity::find()
        .from_raw_sql(conn.get_database_backend().build(&statement))
        .one(conn)
        .await?
        .ok_or_else(|| AppError::Internal("the gold upsert returned no row".into()))?;
    Ok(Gold {
        answered: row.gold_answered,
        correct: row.gold_correct,
    })
}

/// The gold records of some players (absent ones have none).
pub async fn gold(
    conn: &impl ConnectionTrait,
    user_ids: Vec<i32>,
) -> AppResult<HashMap<i32, Gold>> {
    let rows = player_reliability::Entity::find()
        .filter(player_reliability::Column::UserId.is_in(user_ids))
        .all(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let gold = Gold {
                answered: r.gold_answered,
                correct: r.gold_correct,
            };
            (r.user_id, gold)
        })
        .collect())
}

pub struct NewVote<'a> {
    pub sample_id: i32,
    pub user_id: i32,
    pub intent: &'a str,
    pub weight: Decimal,
    pub question_id: i32,
    pub game_session_id: i32,
    pub now: NaiveDateTime,
}

/// Records a vote; false when the player had voted on the sample already
/// (the first vote stands).
pub async fn insert_vote(conn: &impl ConnectionTrait, vote: NewVote<'_>) -> AppResult<bool> {
    use label_votes::Column as V;
    let row = label_votes::ActiveModel {
        sample_id: Set(vote.sample_id),
        user_id: Set(vote.user_id),
        intent: Set(vote.intent.to_string()),
        weight: Set(Amount(vote.weight)),
        question_id: Set(Some(vote.question_id)),
        game_session_id: Set(Some(vote.game_session_id)),
        created_at: Set(vote.now),
        ..Default::default()
    };
    let first_vote_stands = OnConflict::columns([V::SampleId, V::UserId])
        .do_nothing()
        .to_owned();
    let inserted = label_votes::Entity::insert(row)
        .on_conflict(first_vote_stands)
        .exec_without_returning(conn)
        .await?;
    Ok(inserted == 1)
}

pub async fn vote_count(conn: &impl ConnectionTrait, sample_id: i32) -> AppResult<usize> {
    let n = label_votes::Entity::find()
        .filter(label_votes::Column::SampleId.eq(sample_id))
        .count(conn)
        .await?;
    Ok(usize::try_from(n).unwrap_or(usize::MAX))
}

/// The samples still pending review that a player voted on, in id order.
pub async fn open_samples_voted_by(
    conn: &impl ConnectionTrait,
    user_id: i32,
) -> AppResult<Vec<i32>> {
    Ok(label_votes::Entity::find()
        .select_only()
        .column(label_votes::Column::SampleId)
        .filter(label_votes::Column::UserId.eq(user_id))
        .filter(label_votes::Column::SampleId.in_subquery(pending_samples()))
        .order_by_asc(label_votes::Column::SampleId)
        .into_tuple()
        .all(conn)
        .await?)
}

fn pending_samples() -> sea_orm::sea_query::SelectStatement {
    Query::select()
        .column(training_samples::Column::Id)
        .from(training_samples::Entity)
        .and_where(training_samples::Column::ReviewStatus.eq(ReviewStatus::Pending.as_str()))
        .to_owned()
}

pub async fn votes(
    conn: &impl ConnectionTrait,
    sample_id: i32,
) -> AppResult<Vec<label_votes::Model>> {
    Ok(label_votes::Entity::find()
        .filter(label_votes::Column::SampleId.eq(sample_id))
        .order_by_asc(label_votes::Column::Id)
        .all(conn)
        .await?)
}

pub async fn lock_sample(conn: &impl ConnectionTrait, id: i32) -> AppResult<Option<Sample>> {
    let row = training_samples::Entity::find_by_id(id)
        .lock_exclusive()
        .one(conn)
        .await?;
    Ok(row.map(Sample::from))
}

pub async fn set_priority(
    conn: &impl ConnectionTrait,
    sample_id: i32,
    priority: i32,
) -> AppResult<()> {
    training_samples::Entity::update_many()
        .col_expr(
            training_samples::Column::ReviewPriority,
            Expr::value(priority),
        )
        .filter(training_samples::Column::Id.eq(sample_id))
        .exec(conn)
        .await?;
    Ok(())
}

/// A decided sample needs no more votes: its crowd questions leave the games.
pub async fn retire_questions(
    conn: &impl ConnectionTrait,
    sample_id: i32,
    now: NaiveDateTime,
) -> AppResult<u64> {
    let result = game_questions::Entity::update_many()
        .col_expr(game_questions::Column::Enabled, Expr::value(false))
        .col_expr(game_questions::Column::UpdatedAt, Expr::value(now))
        .filter(game_questions::Column::CrowdSampleId.eq(sample_id))
        .exec(conn)
        .await?;
    Ok(result.rows_affected)
}

/// Which crowd questions may be drawn for a player's game.
pub struct CrowdDraw<'a> {
    pub user_id: i32,
    pub language: &'a str,
    pub exclude: Vec<i32>,
    pub limit: u64,
}

/// Enabled crowd questions on samples still pending review that the player
/// has not voted on and that are not made from the player's own message;
/// first those whose answer would change their sample's decision most
/// (`sample_posteriors.expected_change`; a sample nobody voted on first of
/// all), then least used. (A sample given to a person after
/// `max_votes_per_sample` has its questions disabled.) The candidates are
/// the `DRAW_CANDIDATES` least used.
pub async fn draw(
    conn: &impl ConnectionTrait,
    draw: CrowdDraw<'_>,
) -> AppResult<Vec<game_questions::Model>> {
    use game_questions::Column as Q;
    if draw.limit == 0 {
        return Ok(Vec::new());
    }
    let voted = Query::select()
        .column(label_votes::Column::SampleId)
        .from(label_votes::Entity)
        .and_where(label_votes::Column::UserId.eq(draw.user_id))
        .to_owned();
    let others = Query::select()
        .column(training_samples::Column::Id)
        .from(training_samples::Entity)
        .and_where(training_samples::Column::ReviewStatus.eq(ReviewStatus::Pending.as_str()))
        .cond_where(
            Condition::any()
                .add(training_samples::Column::UserId.is_null())
                .add(training_samples::Column::UserId.ne(draw.user_id)),
        )
        .to_owned();
    let mut candidates = game_questions::Entity::find()
        .filter(Q::CrowdSampleId.is_not_null())
        .filter(Q::GameType.eq(GameType::IntentQuest.as_str()))
        .filter(Q::Language.eq(draw.language))
        .filter(Q::Enabled.eq(true))
        .filter(Q::Id.is_not_in(draw.exclude))
        .filter(Q::CrowdSampleId.not_in_subquery(voted))
        .filter(Q::CrowdSampleId.in_subquery(others))
        .order_by_asc(Func::coalesce([Expr::col(Q::UsageCount), Expr::val(0)]))
        .order_by_asc(Q::Id)
        .limit(Ord::max(DRAW_CANDIDATES, draw.limit))
        .all(conn)
        .await?;
    let samples: Vec<i32> = candidates
        .iter()
        .filter_map(|q| q.crowd_sample_id)
        .collect();
    let stored = posteriors(conn, samples).await?;
    let change = |q: &game_questions::Model| {
        q.crowd_sample_id
            .and_then(|s| stored.get(&s))
            .map_or(f64::INFINITY, |p| p.expected_change)
    };
    // Stable: equal changes keep the least-used order.
    candidates.sort_by(|a, b| change(b).total_cmp(&change(a)));
    candidates.truncate(usize::try_from(draw.limit).unwrap_or(usize::MAX));
    Ok(candidates)
}

/// How many crowd questions a draw ranks.
const DRAW_CANDIDATES: u64 = 200;

pub async fn insert_question(
    conn: &impl ConnectionTrait,
    model: game_questions::ActiveModel,
) -> AppResult<game_questions::Model> {
    Ok(model.insert(conn).await?)
}

/// The intents the crowd questions on a sample offer (sorted, distinct).
pub async fn sample_options(conn: &impl ConnectionTrait, sample_id: i32) -> AppResult<Vec<String>> {
    let rows: Vec<Option<serde_json::Value>> = game_questions::Entity::find()
        .select_only()
        .column(game_questions::Column::AnswerOptions)
        .filter(game_questions::Column::CrowdSampleId.eq(sample_id))
        .into_tuple()
        .all(conn)
        .await?;
    let mut options: Vec<String> = rows
        .into_iter()
        .flatten()
        .filter_map(|json| serde_json::from_value::<Vec<String>>(json).ok())
        .flatten()
        .collect();
    options.sort();
    options.dedup();
    Ok(options)
}

/// Every crowd question's options, per sample.
pub async fn all_options(conn: &impl ConnectionTrait) -> AppResult<HashMap<i32, Vec<String>>> {
    let rows: Vec<(Option<i32>, Option<serde_json::Value>)> = game_questions::Entity::find()
        .select_only()
        .column(game_questions::Column::CrowdSampleId)
        .column(game_questions::Column::AnswerOptions)
        .filter(game_questions::Column::CrowdSampleId.is_not_null())
        .into_tuple()
        .all(conn)
        .await?;
    let mut options: HashMap<i32, Vec<String>> = HashMap::new();
    for (sample, json) in rows {
        let (Some(sample), Some(json)) = (sample, json) else {
            continue;
        };
        let list = serde_json::from_value::<Vec<String>>(json).unwrap_or_default();
        let entry = options.entry(sample).or_default();
        entry.extend(list);
        entry.sort();
        entry.dedup();
    }
    Ok(options)
}

/// A vote as the aggregation reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CastVote {
    pub sample_id: i32,
    pub user_id: i32,
    pub intent: String,
}

/// The votes of some players on other samples than `except`.
pub async fn votes_of(
    conn: &impl ConnectionTrait,
    user_ids: Vec<i32>,
    except: i32,
) -> AppResult<Vec<CastVote>> {
    use label_votes::Column as V;
    let rows: Vec<(i32, i32, String)> = label_votes::Entity::find()
        .select_only()
        .columns([V::SampleId, V::UserId, V::Intent])
        .filter(V::UserId.is_in(user_ids))
        .filter(V::SampleId.ne(except))
        .order_by_asc(V::Id)
        .into_tuple()
        .all(conn)
        .await?;
    Ok(rows.into_iter().map(cast).collect())
}

/// Every vote, in id order (the full re-estimation).
pub async fn all_votes(conn: &impl ConnectionTrait) -> AppResult<Vec<CastVote>> {
    use label_votes::Column as V;
    let rows: Vec<(i32, i32, String)> = label_votes::Entity::find()
        .select_only()
        .columns([V::SampleId, V::UserId, V::Intent])
        .order_by_asc(V::Id)
        .into_tuple()
        .all(conn)
        .await?;
    Ok(rows.into_iter().map(cast).collect())
}

fn cast((sample_id, user_id, intent): (i32, i32, String)) -> CastVote {
    CastVote {
        sample_id,
        user_id,
        intent,
    }
}

/// How many votes the crowd has cast in all.
pub async fn total_votes(conn: &impl ConnectionTrait) -> AppResult<usize> {
    let n = label_votes::Entity::find().count(conn).await?;
    Ok(usize::try_from(n).unwrap_or(usize::MAX))
}

/// The stored posteriors (`{"intent": probability}`) of some samples.
pub async fn posteriors(
    conn: &impl ConnectionTrait,
    sample_ids: Vec<i32>,
) -> AppResult<HashMap<i32, sample_posteriors::Model>> {
    let mut found = HashMap::new();
    for chunk in sample_ids.chunks(500) {
        let rows = sample_posteriors::Entity::find()
            .filter(sample_posteriors::Column::SampleId.is_in(chunk.to_vec()))
            .all(conn)
            .await?;
        found.extend(rows.into_iter().map(|r| (r.sample_id, r)));
    }
    Ok(found)
}

/// Every stored posterior.
pub async fn all_posteriors(
    conn: &impl ConnectionTrait,
) -> AppResult<Vec<sample_posteriors::Model>> {
    Ok(sample_posteriors::Entity::find()
        .order_by_asc(sample_posteriors::Column::SampleId)
        .all(conn)
        .await?)
}

/// Writes (or replaces) a sample's posterior.
pub async fn save_posterior(
    conn: &impl ConnectionTrait,
    sample_id: i32,
    posterior: &Posterior,
    now: NaiveDateTime,
) -> AppResult<()> {
    use sample_posteriors::Column as P;
    let map: serde_json::Map<String, serde_json::Value> = posterior
        .labels
        .iter()
        .map(|(label, p)| (label.clone(), serde_json::json!(p)))
        .collect();
    let (top_intent, top_posterior) = posterior
        .top
        .clone()
        .unwrap_or_else(|| (String::new(), Decimal::ZERO));
    let row = sample_posteriors::ActiveModel {
        sample_id: Set(sample_id),
        posteriors: Set(serde_json::Value::Object(map)),
        top_intent: Set(top_intent),
        top_posterior: Set(Amount(top_posterior)),
        entropy: Set(posterior.entropy()),
        expected_change: Set(posterior.expected_change()),
        votes: Set(i32::try_from(posterior.votes).unwrap_or(i32::MAX)),
        method: Set(posterior.method.as_str().to_string()),
        updated_at: Set(now),
    };
    let replace = OnConflict::column(P::SampleId)
        .update_columns([
            P::Posteriors,
            P::TopIntent,
            P::TopPosterior,
            P::Entropy,
            P::ExpectedChange,
            P::Votes,
            P::Method,
            P::UpdatedAt,
        ])
        .to_owned();
    sample_posteriors::Entity::insert(row)
        .on_conflict(replace)
        .exec_without_returning(conn)
        .await?;
    Ok(())
}

/// The samples still open for votes (pending, not in a batch) among some.
pub async fn open_among(conn: &impl ConnectionTrait, sample_ids: Vec<i32>) -> AppResult<Vec<i32>> {
    let mut open = Vec::new();
    for chunk in sample_ids.chunks(500) {
        let ids: Vec<i32> = training_samples::Entity::find()
            .select_only()
            .column(training_samples::Column::Id)
            .filter(training_samples::Column::Id.is_in(chunk.to_vec()))
            .filter(
                Condition::any()
                    .add(training_samples::Column::ReviewStatus.is_null())
                    .add(training_samples::Column::ReviewStatus.eq(ReviewStatus::Pending.as_str())),
            )
            .filter(
                Condition::any()
                    .add(training_samples::Column::UsedInTraining.is_null())
                    .add(training_samples::Column::UsedInTraining.eq(false)),
            )
            .into_tuple()
            .all(conn)
            .await?;
        open.extend(ids);
    }
    open.sort_unstable();
    Ok(open)
}

/// Every player's gold record.
pub async fn all_gold(conn: &impl ConnectionTrait) -> AppResult<HashMap<i32, Gold>> {
    let rows = player_reliability::Entity::find().all(conn).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let gold = Gold {
                answered: r.gold_answered,
                correct: r.gold_correct,
            };
            (r.user_id, gold)
        })
        .collect())
}

/// `(intent, language)` of some samples.
pub async fn sample_labels(
    conn: &impl ConnectionTrait,
    sample_ids: Vec<i32>,
) -> AppResult<HashMap<i32, (String, Option<String>)>> {
    use training_samples::Column as S;
    let mut found = HashMap::new();
    for chunk in sample_ids.chunks(500) {
        let rows: Vec<(i32, String, Option<String>)> = training_samples::Entity::find()
            .select_only()
            .columns([S::Id, S::Intent, S::Language])
            .filter(S::Id.is_in(chunk.to_vec()))
            .into_tuple()
            .all(conn)
            .await?;
        found.extend(rows.into_iter().map(|(id, i, l)| (id, (i, l))));
    }
    Ok(found)
}
