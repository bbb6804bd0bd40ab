//! Privacy: conversation logs are kept `conversation_log_retention_days`
//! (a background sweep deletes older ones; samples made from them keep
//! their own copy of the text), and a user's data can be erased on request.
use sea_orm::DatabaseConnection;
use tokio_util::sync::CancellationToken;

use chrono::NaiveDateTime;

use super::store::{self, privacy};
use crate::{
    db,
    error::{AppError, AppResult, Violations},
    fields::label,
    phone::{Phone, Region},
    state::AppState,
};

/// Rows per DELETE, so a large backlog never holds long locks.
const DELETE_CHUNK: u64 = 1000;

/// Deletes the turns older than the retention setting; 0 days keeps them
/// forever. Returns how many were deleted.
#[tracing::instrument(skip_all, err(level = "debug"), fields(deleted))]
pub async fn purge_expired(state: &AppState) -> AppResult<u64> {
    let days = state
        .settings
        .current()
        .await
        .conversation_log_retention_days;
    if days <= 0 {
        return Ok(0);
    }
    let cutoff = state.clock.now() - chrono::Duration::days(days);
    let mut deleted = 0;
    loop {
        // Each chunk and the statistics rollup's hours it touched: one transaction.
        let txn = db::begin_write(&state.db).await?;
        let times = store::privacy::delete_older_than(&txn, cutoff, DELETE_CHUNK).await?;
        super::rollup::refold(&txn, times.iter().flatten().copied()).await?;
        txn.commit().await?;
        let removed = times.len() as u64;
        deleted += removed;
        if removed < DELETE_CHUNK {
            break;
        }
    }
    tracing::Span::current().record("deleted", deleted);
    Ok(deleted)
}

/// Runs [`purge_expired`] a minute after start-up and then every hour,
/// until `stop` is cancelled.
pub fn spawn_sweeper(state: AppState, stop: CancellationToken) -> tokio::task::JoinHandle<()> {
    crate::sweep::spawn(
        "conversation retention",
        crate::sweep::HOURLY,
        stop,
        move || {
            let state = state.clone();
            async move { purge_expired(&state).await }
        },
    )
}

/// What DeleteUserData removed (also written, as counts, to the audit).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Erased {
    pub conversation_logs: u64,
    pub conversation_memory: u64,
    pub training_samples: u64,
    pub training_batch_items: u64,
    pub label_votes: u64,
    pub game_answers: u64,
    pub game_sessions_scrubbed: u64,
    pub player_reliability: u64,
    pub audit_id: i32,
}

/// Erases everything that holds a user's words or phone number, in one
/// transaction, and records who asked in `gamification_deletion_audit`
/// (counts per table, no content):
/// - their turns, by user id and by their phone number in every spelling
///   older versions or other apps may have stored ([`Phone::spellings`]),
///   and their conversation memory;
/// - the samples holding their words (theirs by user id, promoted from one
///   of their turns, or made in one of their games), the batch rows copied
///   from them, and every vote on them;
/// - the votes they cast, their crowd reliability, the answers they typed
///   in their games, and the messages (`source_text`, `personalized_text`)
///   in their games' plans (`mission_data`). The game sessions stay (scores
///   and rewards are accounts), unlinked from deleted samples and turns.
///
/// `users` is shared with other applications and is left to them.
#[tracing::instrument(skip_all, err(level = "debug"), fields(user_id))]
pub async fn delete_user_data(
    db: &DatabaseConnection,
    user_id: i32,
    requested_by: &str,
    region: Region,
    now: NaiveDateTime,
) -> AppResult<Erased> {
    let mut v = Violations::new();
    let user_id = v.check(crate::fields::ids::id("user_id", user_id));
    let requested_by = v.check(label::optional_text(
        "requested_by",
        requested_by.trim(),
        100,
    ));
    v.finish()?;
    let (Some(user_id), Some(requested_by)) = (user_id, requested_by) else {
        return Err(AppError::invalid("user_id", "is required"));
    };
    // Who asked; an admin token without a name is "admin".
    let requested_by = requested_by.map_or_else(|| "admin".to_string(), |who| who.into_string());
    let txn = db::begin_write(db).await?;
    let phones = match privacy::user_phone(&txn, user_id).await? {
        None => Vec::new(),
        Some(stored) => match Phone::parse(&stored, region) {
            Ok(phone) => phone.spellings().to_vec(),
            // Written by another application in a form we cannot read.
            Err(_) => vec![stored],
        },
    };
    let turns = privacy::turn_ids_of(&txn, user_id, phones.clone()).await?;
    let games = privacy::game_sessions_of(&txn, user_id).await?;
    let game_ids: Vec<i32> = games.iter().map(|(id, ..)| *id).collect();
    let game_names: Vec<String> = games.iter().map(|(_, name, _)| name.clone()).collect();
    let samples = privacy::sample_ids_of(&txn, user_id, &turns, &game_names).await?;
    let mut erased = Erased {
        label_votes: privacy::delete_votes(&txn, user_id, &samples).await?,
        player_reliability: privacy::delete_reliability(&txn, user_id).await?,
        game_answers: privacy::delete_answers(&txn, &game_ids, &samples).await?,
        ..Erased::default()
    };
    privacy::unlink_game_sessions(&txn, &samples, &turns).await?;
    for (id, _, plan) in games {
        if let Some(plan) = plan {
            let (clean, changed) = without_words(plan);
            if changed {
                privacy::set_mission_data(&txn, id, clean).await?;
                erased.game_sessions_scrubbed += 1;
            }
        }
    }
    (erased.training_samples, erased.training_batch_items) =
        privacy::delete_samples(&txn, &samples).await?;
    let turn_times = privacy::turn_times_of(&txn, user_id, phones.clone()).await?;
    erased.conversation_logs = privacy::delete_turns_of(&txn, user_id, phones).await?;
    super::rollup::refold(&txn, turn_times.into_iter().flatten()).await?;
    erased.conversation_memory = privacy::delete_memory_of(&txn, user_id).await?;
    erased.audit_id =
        privacy::insert_audit(&txn, user_id, requested_by, now, erased.counts()).await?;
    txn.commit().await?;
    Ok(erased)
}

impl Erased {
    /// The audit's content: rows per table, nothing else.
    fn counts(&self) -> serde_json::Value {
        let Erased {
            conversation_logs,
            conversation_memory,
            training_samples,
            training_batch_items,
            label_votes,
            game_answers,
            game_sessions_scrubbed,
            player_reliability,
            audit_id: _,
        } = self;
        serde_json::json!({
            "conversation_logs": conversation_logs,
            "conversation_memory": conversation_memory,
            "training_samples": training_samples,
            "training_batch_items": training_batch_items,
            "label_votes": label_votes,
            "game_answers": game_answers,
            "game_sessions_scrubbed": game_sessions_scrubbed,
            "player_reliability": player_reliability,
        })
    }
}

/// A game plan without the player's words: each question's `source_text`,
/// `personalized_text` and `conversation_log_id` removed (the question
/// stays, as its general form). Whether anything was removed.
fn without_words(mut plan: serde_json::Value) -> (serde_json::Value, bool) {
    let mut changed = false;
    if let Some(questions) = plan
        .get_mut("questions")
        .and_then(serde_json::Value::as_array_mut)
    {
        for question in questions {
            if let Some(item) = question.as_object_mut() {
                for key in ["source_text", "personalized_text", "conversation_log_id"] {
                    changed |= item.remove(key).is_some();
                }
            }
        }
    }
    (plan, changed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plan_loses_the_players_words_and_keeps_its_questions() {
        let plan = serde_json::json!({"questions": [
            {"question_id": 1},
            {"question_id": 2, "personalized_text": "What did you want: mera order?",
             "source_text": "mera order", "conversation_log_id": 7}
        ]});
        let (clean, changed) = without_words(plan);
        assert!(changed);
        assert_eq!(
            clean,
            serde_json::json!({"questions": [{"question_id": 1}, {"question_id": 2}]})
        );
        assert!(!without_words(clean).1);
    }
}
