//! SQL of privacy: the retention sweep's deletes and DeleteUserData.
use chrono::NaiveDateTime;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, sea_query::Expr,
};

use crate::{
    entity::{
        conversation_logs as logs, conversation_memory as memory, deletion_audit, game_answers,
        game_sessions, label_votes, player_reliability, training_batch_items, training_samples,
        users,
    },
    error::AppResult,
};

/// Rows per IN list.
const CHUNK: usize = 500;

/// Deletes up to `chunk` turns logged before `cutoff`; returns when each
/// deleted turn was logged.
pub async fn delete_older_than(
    db: &impl ConnectionTrait,
    cutoff: NaiveDateTime,
    chunk: u64,
) -> AppResult<Vec<Option<NaiveDateTime>>> {
    let oldest: Vec<(i32, Option<NaiveDateTime>)> = logs::Entity::find()
        .select_only()
        .columns([logs::Column::Id, logs::Column::CreatedAt])
        .filter(logs::Column::CreatedAt.lt(cutoff))
        .limit(chunk)
        .into_tuple()
        .all(db)
        .await?;
    let ids: Vec<i32> = oldest.iter().map(|(id, _)| *id).collect();
    logs::Entity::delete_many()
        .filter(logs::Column::Id.is_in(ids))
        .exec(db)
        .await?;
    Ok(oldest.into_iter().map(|(_, at)| at).collect())
}

/// When each of a user's turns (by id, or by any of `phones`) was logged.
pub async fn turn_times_of(
    db: &impl ConnectionTrait,
    user_id: i32,
    phones: Vec<String>,
) -> AppResult<Vec<Option<NaiveDateTime>>> {
    Ok(logs::Entity::find()
        .select_only()
        .column(logs::Column::CreatedAt)
        .filter(turns_of(user_id, phones))
        .into_tuple()
        .all(db)
        .await?)
}

/// The phone number stored for a user, if any.
pub async fn user_phone(db: &impl ConnectionTrait, user_id: i32) -> AppResult<Option<String>> {
    Ok(users::Entity::find_by_id(user_id)
        .select_only()
        .column(users::Column::Phone)
        .into_tuple::<Option<String>>()
        .one(db)
        .await?
        .flatten())
}

fn turns_of(user_id: i32, phones: Vec<String>) -> Condition {
    let mut mine = Condition::any().add(logs::Column::UserId.eq(user_id));
    if !phones.is_empty() {
        mine = mine.add(logs::Column::PhoneNumber.is_in(phones));
    }
    mine
}

/// The ids of a user's turns (by id, or by any of `phones`).
pub async fn turn_ids_of(
    db: &impl ConnectionTrait,
    user_id: i32,
    phones: Vec<String>,
) -> AppResult<Vec<i32>> {
    Ok(logs::Entity::find()
        .select_only()
        .column(logs::Column::Id)
        .filter(turns_of(user_id, phones))
        .into_tuple::<i32>()
        .all(db)
        .await?)
}

/// A user's game sessions: row id, public session id, plan.
pub async fn game_sessions_of(
    db: &impl ConnectionTrait,
    user_id: i32,
) -> AppResult<Vec<(i32, String, Option<serde_json::Value>)>> {
    Ok(game_sessions::Entity::find()
        .select_only()
        .columns([
            game_sessions::Column::Id,
            game_sessions::Column::SessionId,
            game_sessions::Column::MissionData,
        ])
        .filter(game_sessions::Column::UserId.eq(user_id))
        .into_tuple()
        .all(db)
        .await?)
}

/// The samples that hold a user's words: theirs by user id, promoted from
/// one of their turns, or made in one of their games.
pub async fn sample_ids_of(
    db: &impl ConnectionTrait,
    user_id: i32,
    turn_ids: &[i32],
    game_session_ids: &[String],
) -> AppResult<Vec<i32>> {
    let mut ids: Vec<i32> = training_samples::Entity::find()
        .select_only()
        .column(training_samples::Column::Id)
        .filter(training_samples::Column::UserId.eq(user_id))
        .into_tuple()
        .all(db)
        .await?;
    for chunk in turn_ids.chunks(CHUNK) {
        ids.extend(
            training_samples::Entity::find()
                .select_only()
                .column(training_samples::Column::Id)
                .filter(training_samples::Column::ConversationLogId.is_in(chunk.to_vec()))
                .into_tuple::<i32>()
                .all(db)
                .await?,
        );
    }
    for chunk in game_session_ids.chunks(CHUNK) {
        ids.extend(
            training_samples::Entity::find()
                .select_only()
                .column(training_samples::Column::Id)
                .filter(training_samples::Column::GameSessionId.is_in(chunk.to_vec()))
                .into_tuple::<i32>()
                .all(db)
                .await?,
        );
    }
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// Deletes the votes a user cast, and every vote on `samples`; how many.
pub async fn delete_votes(
    db: &impl ConnectionTrait,
    user_id: i32,
    samples: &[i32],
) -> AppResult<u64> {
    let mut deleted = label_votes::Entity::delete_many()
        .filter(label_votes::Column::UserId.eq(user_id))
        .exec(db)
        .await?
        .rows_affected;
    for chunk in samples.chunks(CHUNK) {
        deleted += label_votes::Entity::delete_many()
            .filter(label_votes::Column::SampleId.is_in(chunk.to_vec()))
            .exec(db)
            .await?
            .rows_affected;
    }
    Ok(deleted)
}

/// Deletes a user's reliability record (their crowd accuracy); how many.
pub async fn delete_reliability(db: &impl ConnectionTrait, user_id: i32) -> AppResult<u64> {
    Ok(player_reliability::Entity::delete_many()
        .filter(player_reliability::Column::UserId.eq(user_id))
        .exec(db)
        .await?
        .rows_affected)
}

/// Deletes the answers given in `sessions` (they hold what the player
/// typed), and unlinks other players' answers from `samples`; how many
/// were deleted.
pub async fn delete_answers(
    db: &impl ConnectionTrait,
    sessions: &[i32],
    samples: &[i32],
) -> AppResult<u64> {
    let mut deleted = 0;
    for chunk in sessions.chunks(CHUNK) {
        deleted += game_answers::Entity::delete_many()
            .filter(game_answers::Column::GameSessionId.is_in(chunk.to_vec()))
            .exec(db)
            .await?
            .rows_affected;
    }
    for chunk in samples.chunks(CHUNK) {
        game_answers::Entity::update_many()
            .col_expr(
                game_answers::Column::TrainingSampleId,
                Expr::value(None::<i32>),
            )
            .filter(game_answers::Column::TrainingSampleId.is_in(chunk.to_vec()))
            .exec(db)
            .await?;
    }
    Ok(deleted)
}

/// Writes a game session's plan without the player's words.
pub async fn set_mission_data(
    db: &impl ConnectionTrait,
    id: i32,
    plan: serde_json::Value,
) -> AppResult<()> {
    game_sessions::Entity::update_many()
        .col_expr(game_sessions::Column::MissionData, Expr::value(plan))
        .filter(game_sessions::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Unlinks game sessions from deleted samples and turns.
pub async fn unlink_game_sessions(
    db: &impl ConnectionTrait,
    samples: &[i32],
    turns: &[i32],
) -> AppResult<()> {
    for chunk in samples.chunks(CHUNK) {
        game_sessions::Entity::update_many()
            .col_expr(
                game_sessions::Column::TrainingSampleId,
                Expr::value(None::<i32>),
            )
            .filter(game_sessions::Column::TrainingSampleId.is_in(chunk.to_vec()))
            .exec(db)
            .await?;
    }
    for chunk in turns.chunks(CHUNK) {
        game_sessions::Entity::update_many()
            .col_expr(
                game_sessions::Column::ConversationLogId,
                Expr::value(None::<i32>),
            )
            .filter(game_sessions::Column::ConversationLogId.is_in(chunk.to_vec()))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// Deletes `samples` and the batch rows copied from them; how many of each.
pub async fn delete_samples(db: &impl ConnectionTrait, samples: &[i32]) -> AppResult<(u64, u64)> {
    let (mut deleted, mut items) = (0, 0);
    for chunk in samples.chunks(CHUNK) {
        items += training_batch_items::Entity::delete_many()
            .filter(training_batch_items::Column::SampleId.is_in(chunk.to_vec()))
            .exec(db)
            .await?
            .rows_affected;
        deleted += training_samples::Entity::delete_many()
            .filter(training_samples::Column::Id.is_in(chunk.to_vec()))
            .exec(db)
            .await?
            .rows_affected;
    }
    Ok((deleted, items))
}

/// Records who asked for a deletion, when, and the counts; its id.
pub async fn insert_audit(
    db: &impl ConnectionTrait,
    user_id: i32,
    requested_by: String,
    requested_at: NaiveDateTime,
    counts: serde_json::Value,
) -> AppResult<i32> {
    use sea_orm::ActiveValue::Set;
    let row = deletion_audit::Entity::insert(deletion_audit::ActiveModel {
        user_id: Set(user_id),
        requested_by: Set(requested_by),
        requested_at: Set(requested_at),
        counts: Set(counts),
        ..Default::default()
    })
    .exec(db)
    .await?;
    Ok(row.last_insert_id)
}

/// Deletes the turns of a user (by id, or by any of `phones`); how many.
pub async fn delete_turns_of(
    db: &impl ConnectionTrait,
    user_id: i32,
    phones: Vec<String>,
) -> AppResult<u64> {
    Ok(logs::Entity::delete_many()
        .filter(turns_of(user_id, phones))
        .exec(db)
        .await?
        .rows_affected)
}

/// Deletes a user's conversation memory; how many rows.
pub async fn delete_memory_of(db: &impl ConnectionTrait, user_id: i32) -> AppResult<u64> {
    Ok(memory::Entity::delete_many()
        .filter(memory::Column::UserId.eq(user_id))
        .exec(db)
        .await?
        .rows_affected)
}
