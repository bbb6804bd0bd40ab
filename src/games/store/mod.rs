//! SQL for games. Functions that run inside a caller's transaction take a
//! generic connection.
mod browse;
pub mod personal;

pub use browse::list_sessions;
use std::collections::HashMap;

use chrono::NaiveDateTime;
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::{Set, Unchanged},
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
    sea_query::{Expr, ExprTrait, Func, Query},
};

use super::session::{Change, Session};
use crate::{
    domain::{Difficulty, GameType, RewardStatus, SessionStatus, Stored},
    entity::{
        game_answers, game_question_tags, game_questions, game_sessions, reward_deliveries,
        training_samples, users,
    },
    error::AppResult,
    rewards::Mark,
};

pub async fn session<C: ConnectionTrait>(db: &C, id: i32) -> AppResult<Option<Session>> {
    let row = game_sessions::Entity::find_by_id(id).one(db).await?;
    Ok(row.map(Session::from))
}

/// Reads and locks a session until the transaction ends.
pub async fn lock_session<C: ConnectionTrait>(db: &C, id: i32) -> AppResult<Option<Session>> {
    let row = game_sessions::Entity::find_by_id(id)
        .lock_exclusive()
        .one(db)
        .await?;
    Ok(row.map(Session::from))
}

/// Locks a session (PostgreSQL returns the newest version of a row it
/// waited for) and reads, in the same statement, the question answered and
/// the question after it (the row's `next_question_id`): SubmitAnswer's one
/// read. The questions are not locked; their join does not depend on what
/// a concurrent answer changes, except `next_question_id`, which matters
/// only while the answer is still the current one.
pub async fn lock_session_for_answer<C: ConnectionTrait>(
    db: &C,
    id: i32,
    question_id: i32,
) -> AppResult<Option<(Session, Vec<game_questions::Model>)>> {
    use sea_orm::{
        JoinType, QueryTrait, RelationDef,
        sea_query::{ConditionType, IntoCondition, LockType},
    };
    let answered_or_next: RelationDef = game_sessions::Entity::belongs_to(game_questions::Entity)
        .from(game_sessions::Column::NextQuestionId)
        .to(game_questions::Column::Id)
        .into();
    let answered_or_next = answered_or_next
        .condition_type(ConditionType::Any)
        .on_condition(move |_, question| {
            Expr::col((question, game_questions::Column::Id))
                .eq(question_id)
                .into_condition()
        });
    let mut select = game_sessions::Entity::find_by_id(id)
        .join(JoinType::LeftJoin, answered_or_next)
        .select_also(game_questions::Entity);
    QueryTrait::query(&mut select).lock_with_tables(LockType::Update, [game_sessions::Entity]);
    let rows = select.all(db).await?;
    let Some((session, _)) = rows.first() else {
        return Ok(None);
    };
    let session = Session::from(session.clone());
    let questions = rows.into_iter().filter_map(|(_, q)| q).collect();
    Ok(Some((session, questions)))
}

/// The answer given to a question of a session.
pub async fn answer_to<C: ConnectionTrait>(
    db: &C,
    session_id: i32,
    question_id: i32,
) -> AppResult<Option<game_answers::Model>> {
    Ok(game_answers::Entity::find()
        .filter(game_answers::Column::GameSessionId.eq(session_id))
        .filter(game_answers::Column::QuestionId.eq(question_id))
        .one(db)
        .await?)
}

/// Reads and locks a user until the transaction ends.
pub async fn lock_user<C: ConnectionTrait>(db: &C, id: i32) -> AppResult<Option<users::Model>> {
    Ok(users::Entity::find_by_id(id)
        .lock_exclusive()
        .one(db)
        .await?)
}

/// A game about to start.
pub struct NewSession<'a> {
    pub chat_session_id: &'a str,
    pub user_id: i32,
    pub game_type: GameType,
    pub difficulty: Difficulty,
    pub language: &'a str,
    pub mission_id: Option<&'a str>,
    pub plan: serde_json::Value,
    /// The plan's second question (the one after the first to answer).
    pub next_question_id: Option<i32>,
    pub now: NaiveDateTime,
}

pub async fn insert_session<C: ConnectionTrait>(db: &C, new: NewSession<'_>) -> AppResult<Session> {
    let mut model = game_sessions::ActiveModel {
        session_id: Set(new.chat_session_id.to_string()),
        user_id: Set(new.user_id),
        game_type: Set(new.game_type.to_string()),
        difficulty: Set(Some(new.difficulty.to_string())),
        language: Set(Some(new.language.to_string())),
        mission_id: Set(new.mission_id.map(str::to_string)),
        mission_data: Set(Some(new.plan)),
        status: Set(Some(SessionStatus::Active.to_string())),
        score: Set(Some(0)),
        started_at: Set(Some(new.now)),
        updated_at: Set(Some(new.now)),
        answers_count: Set(0),
        next_question_id: Set(new.next_question_id),
        ..Default::default()
    };
    // Nothing to pay yet; the column's default would say 'pending'.
    Mark::NothingToPay.apply(&mut model);
    Ok(model.insert(db).await?.into())
}

/// Writes a rule's change to a session and returns the session as stored.
pub async fn update_session<C: ConnectionTrait>(
    db: &C,
    id: i32,
    change: Change,
) -> AppResult<Session> {
    let Change {
        status,
        score,
        training_sample_id,
        completed_at,
        completion_time_seconds,
        rewards_earned,
        reward,
        updated_at,
        progress,
    } = change;
    let mut model = game_sessions::ActiveModel {
        id: Unchanged(id),
        ..Default::default()
    };
    if let Some(status) = status {
        model.status = Set(Some(status.to_string()));
    }
    if let Some(score) = score {
        model.score = Set(Some(score));
    }
    if let Some(sample) = training_sample_id {
        model.training_sample_id = Set(Some(sample));
    }
    if let Some(at) = completed_at {
        model.completed_at = Set(Some(at));
    }
    if let Some(seconds) = completion_time_seconds {
        model.completion_time_seconds = Set(Some(seconds));
    }
    if let Some(earned) = rewards_earned {
        model.rewards_earned = Set(Some(earned));
    }
    if let Some(mark) = reward {
        mark.apply(&mut model);
    }
    if let Some(at) = updated_at {
        model.updated_at = Set(Some(at));
    }
    if let Some(progress) = progress {
        model.answers_count = Set(crate::convert::count(progress.answers_count));
        model.last_answer_at = Set(Some(progress.last_answer_at));
        model.next_question_id = Set(progress.next_question_id);
    }
    Ok(model.update(db).await?.into())
}

/// The user's totals after a completed game (the total of money earned is
/// the rewards room's, on credit).
pub async fn count_completed_game<C: ConnectionTrait>(
    db: &C,
    user_id: i32,
    loyalty_points: i32,
    now: NaiveDateTime,
) -> AppResult<()> {
    use users::Column as U;
    users::Entity::update_many()
        .col_expr(U::TotalGamesPlayed, Expr::col(U::TotalGamesPlayed).add(1))
        .col_expr(
            U::LoyaltyPoints,
            Expr::col(U::LoyaltyPoints).add(loyalty_points),
        )
        .col_expr(U::LastActiveAt, Expr::value(now))
        .col_expr(U::UpdatedAt, Expr::value(now))
        .filter(U::Id.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn question<C: ConnectionTrait>(
    db: &C,
    id: i32,
) -> AppResult<Option<game_questions::Model>> {
    Ok(game_questions::Entity::find_by_id(id).one(db).await?)
}

pub async fn answer_count<C: ConnectionTrait>(db: &C, session_id: i32) -> AppResult<usize> {
    let count = game_answers::Entity::find()
        .filter(game_answers::Column::GameSessionId.eq(session_id))
        .count(db)
        .await?;
    Ok(usize::try_from(count).unwrap_or(usize::MAX))
}

/// A session's answers in order, each with its question (None for a
/// question deleted since): one statement, the completion's read.
pub async fn answers_with_questions<C: ConnectionTrait>(
    db: &C,
    session_id: i32,
) -> AppResult<Vec<(game_answers::Model, Option<game_questions::Model>)>> {
    use sea_orm::{JoinType, RelationDef};
    let asked: RelationDef = game_answers::Entity::belongs_to(game_questions::Entity)
        .from(game_answers::Column::QuestionId)
        .to(game_questions::Column::Id)
        .into();
    Ok(game_answers::Entity::find()
        .join(JoinType::LeftJoin, asked)
        .select_also(game_questions::Entity)
        .filter(game_answers::Column::GameSessionId.eq(session_id))
        .order_by_asc(game_answers::Column::Position)
        .all(db)
        .await?)
}

/// The user's active games, in any chat, newest first (one at most, but
/// rows written by older code may hold more).
pub async fn active_games<C: ConnectionTrait>(db: &C, user_id: i32) -> AppResult<Vec<Session>> {
    let rows = game_sessions::Entity::find()
        .filter(game_sessions::Column::UserId.eq(user_id))
        .filter(game_sessions::Column::Status.eq(SessionStatus::Active.as_str()))
        .order_by_desc(game_sessions::Column::Id)
        .all(db)
        .await?;
    Ok(rows.into_iter().map(Session::from).collect())
}

pub async fn games_started_since<C: ConnectionTrait>(
    db: &C,
    user_id: i32,
    since: NaiveDateTime,
) -> AppResult<u64> {
    Ok(game_sessions::Entity::find()
        .filter(game_sessions::Column::UserId.eq(user_id))
        .filter(game_sessions::Column::StartedAt.gte(since))
        .count(db)
        .await?)
}

/// When the user's most recent game ended (completed or abandoned).
pub async fn last_game_end<C: ConnectionTrait>(
    db: &C,
    user_id: i32,
) -> AppResult<Option<NaiveDateTime>> {
    let last = game_sessions::Entity::find()
        .filter(game_sessions::Column::UserId.eq(user_id))
        .filter(game_sessions::Column::CompletedAt.is_not_null())
        .order_by_desc(game_sessions::Column::CompletedAt)
        .one(db)
        .await?;
    Ok(last.and_then(|s| s.completed_at))
}

/// When the user last answered each question they ever answered.
pub async fn last_seen<C: ConnectionTrait>(
    db: &C,
    user_id: i32,
) -> AppResult<HashMap<i32, NaiveDateTime>> {
    let sessions = Query::select()
        .column(game_sessions::Column::Id)
        .from(game_sessions::Entity)
        .and_where(game_sessions::Column::UserId.eq(user_id))
        .to_owned();
    let rows = game_answers::Entity::find()
        .select_only()
        .column(game_answers::Column::QuestionId)
        .column_as(game_answers::Column::AnsweredAt.max(), "last_seen")
        .filter(game_answers::Column::GameSessionId.in_subquery(sessions))
        .group_by(game_answers::Column::QuestionId)
        .into_tuple::<(i32, NaiveDateTime)>()
        .all(db)
        .await?;
    Ok(rows.into_iter().collect())
}

/// The enabled general bank questions of a game type, difficulty and
/// language: neither personalised templates nor crowd questions (those are
/// drawn on their own).
pub async fn bank_questions<C: ConnectionTrait>(
    db: &C,
    game_type: &str,
    difficulty: &str,
    language: &str,
) -> AppResult<Vec<game_questions::Model>> {
    use game_questions::Column as Q;
    Ok(game_questions::Entity::find()
        .filter(Q::GameType.eq(game_type))
        .filter(Q::Difficulty.eq(difficulty))
        .filter(Q::Language.eq(language))
        .filter(Q::Enabled.eq(true))
        .filter(
            Q::ContextRequired
                .eq(false)
                .or(Q::ContextRequired.is_null()),
        )
        .filter(Q::CrowdSampleId.is_null())
        .all(db)
        .await?)
}

/// The `forbid:<word>` rules among a question's tags: words a
/// language_master phrasing must not use.
pub async fn forbidden_words<C: ConnectionTrait>(
    db: &C,
    question_id: i32,
) -> AppResult<Vec<String>> {
    let mut tags = game_question_tags::load_tags(db, &[question_id]).await?;
    Ok(tags
        .remove(&question_id)
        .unwrap_or_default()
        .iter()
        .filter_map(|tag| tag.strip_prefix("forbid:"))
        .map(str::to_string)
        .collect())
}

/// Personalised templates (`context_required`) of a game type and language.
pub async fn templates<C: ConnectionTrait>(
    db: &C,
    game_type: &str,
    language: &str,
    limit: u64,
) -> AppResult<Vec<game_questions::Model>> {
    use game_questions::Column as Q;
    Ok(game_questions::Entity::find()
        .filter(Q::GameType.eq(game_type))
        .filter(Q::Language.eq(language))
        .filter(Q::Enabled.eq(true))
        .filter(Q::ContextRequired.eq(true))
        .filter(Q::CrowdSampleId.is_null())
        .order_by_asc(Func::coalesce([Expr::col(Q::UsageCount), Expr::val(0)]))
        .order_by_asc(Q::Id)
        .limit(limit)
        .all(db)
        .await?)
}

pub async fn insert_answer<C: ConnectionTrait>(
    db: &C,
    model: game_answers::ActiveModel,
) -> AppResult<game_answers::Model> {
    Ok(model.insert(db).await?)
}

/// The texts already collected for an intent in a language, newest first.
pub async fn sample_texts<C: ConnectionTrait>(
    db: &C,
    intent: &str,
    language: &str,
) -> AppResult<Vec<String>> {
    Ok(training_samples::Entity::find()
        .select_only()
        .column(training_samples::Column::Text)
        .filter(training_samples::Column::Intent.eq(intent))
        .filter(training_samples::Column::Language.eq(language))
        .order_by_desc(training_samples::Column::Id)
        .limit(1000)
        .into_tuple::<String>()
        .all(db)
        .await?)
}

/// Marks every active game idle since before `idle_since` expired.
pub async fn expire_idle<C: ConnectionTrait>(
    db: &C,
    idle_since: NaiveDateTime,
    now: NaiveDateTime,
) -> AppResult<u64> {
    let result = game_sessions::Entity::update_many()
        .col_expr(
            game_sessions::Column::Status,
            Expr::value(SessionStatus::Expired.as_str()),
        )
        .col_expr(game_sessions::Column::UpdatedAt, Expr::value(now))
        .filter(game_sessions::Column::Status.eq(SessionStatus::Active.as_str()))
        .filter(game_sessions::Column::UpdatedAt.lt(idle_since))
        .exec(db)
        .await?;
    Ok(result.rows_affected)
}

/// Completed games with a pending reward status and no delivery row: the
/// rows another application wrote (this service queues its own rewards in
/// the completing transaction). Oldest first, after `after`.
pub async fn awaiting_approval<C: ConnectionTrait>(
    db: &C,
    user_id: Option<i32>,
    after: Option<i64>,
    size: u64,
) -> AppResult<Vec<Session>> {
    use game_sessions::Column as S;
    let mut query = game_sessions::Entity::find()
        .filter(S::Status.eq(SessionStatus::Completed.as_str()))
        .filter(S::RewardStatus.eq(RewardStatus::Pending.as_str()))
        .filter(S::Id.not_in_subquery(delivered()))
        .order_by_asc(S::Id)
        .limit(size + 1);
    if let Some(user_id) = user_id {
        query = query.filter(S::UserId.eq(user_id));
    }
    if let Some(after) = after {
        query = query.filter(S::Id.gt(after));
    }
    let rows = query.all(db).await?;
    Ok(rows.into_iter().map(Session::from).collect())
}

/// Whether a (locked) session is a completed game awaiting approval.
pub async fn awaits_approval<C: ConnectionTrait>(db: &C, session: &Session) -> AppResult<bool> {
    if session.status() != Some(SessionStatus::Completed)
        || session.reward_status.as_ref().and_then(Stored::known) != Some(RewardStatus::Pending)
    {
        return Ok(false);
    }
    let delivered = reward_deliveries::Entity::find()
        .filter(reward_deliveries::Column::GameSessionId.eq(session.id))
        .count(db)
        .await?;
    Ok(delivered == 0)
}

fn delivered() -> sea_orm::sea_query::SelectStatement {
    Query::select()
        .column(reward_deliveries::Column::GameSessionId)
        .from(reward_deliveries::Entity)
        .to_owned()
}
