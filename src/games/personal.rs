//! Personalised questions: built from the player's own recent messages
//! (`conversation_logs`, then `conversation_memory`), so players label what
//! the assistant understood least. Only ever the player's own messages.
use std::collections::HashSet;

use rust_decimal::{Decimal, prelude::ToPrimitive};
use sea_orm::ConnectionTrait;

use super::{PlanItem, StartInput, scoring, store};
use crate::{
    domain::GameType,
    entity::{conversation_logs, users},
    error::AppResult,
    settings::Snapshot,
};

/// How many recent messages of each source are considered.
const HISTORY: u64 = 50;
/// Longest message quoted in a question, in characters.
const MAX_QUOTED: usize = 200;
/// How many of the user's labeled texts are checked against.
const LABELED: u64 = 1000;

struct Message {
    text: String,
    log_id: Option<i32>,
}

/// The personalised items of a new game: up to `personalized_question_share`
/// of it, as many as there are templates and usable messages; none (the
/// game falls back to general questions) when the player has no history.
pub async fn personal_items<C: ConnectionTrait>(
    db: &C,
    settings: &Snapshot,
    input: &StartInput,
    user: &users::Model,
    language: &str,
    total: usize,
) -> AppResult<Vec<PlanItem>> {
    let share = settings
        .personalized_question_share
        .clamp(Decimal::ZERO, Decimal::ONE);
    let wanted = (share * Decimal::from(total))
        .floor()
        .to_usize()
        .unwrap_or(0);
    if input.game_type != GameType::IntentQuest || wanted == 0 {
        return Ok(Vec::new());
    }
    let templates = store::templates(db, input.game_type.as_str(), language, wanted as u64).await?;
    if templates.is_empty() {
        return Ok(Vec::new());
    }
    let messages = own_messages(db, settings, user.id).await?;
    Ok(templates
        .iter()
        .zip(messages)
        .map(|(template, message)| PlanItem {
            question_id: template.id,
            personalized_text: Some(template.question_text.replace("{message}", &message.text)),
            source_text: Some(message.text),
            conversation_log_id: message.log_id,
        })
        .collect())
}

/// The user's usable messages, most useful first: training candidates and
/// low-confidence turns, then the rest by recency; none they labeled already.
async fn own_messages<C: ConnectionTrait>(
    db: &C,
    settings: &Snapshot,
    user_id: i32,
) -> AppResult<Vec<Message>> {
    let logs = recent_logs(db, settings, user_id).await?;
    let memory = store::personal::recent_memory(db, user_id, HISTORY).await?;
    let mut seen: HashSet<String> = store::personal::labeled_texts(db, user_id, LABELED)
        .await?
        .iter()
        .map(|t| scoring::normalize(t))
        .collect();
    let candidates = logs
        .into_iter()
        .map(|l| Message {
            text: l.user_message,
            log_id: Some(l.id),
        })
        .chain(
            memory
                .into_iter()
                .map(|text| Message { text, log_id: None }),
        );
    let min = settings.language_master_min_length;
    Ok(candidates
        .filter_map(|mut message| {
            message.text = message.text.trim().to_string();
            let length = message.text.chars().count();
            let fresh = seen.insert(scoring::normalize(&message.text));
            (fresh && (min..=MAX_QUOTED).contains(&length)).then_some(message)
        })
        .collect())
}

/// The user's recent logged messages: training candidates first, then
/// low-confidence turns, each group newest first.
async fn recent_logs<C: ConnectionTrait>(
    db: &C,
    settings: &Snapshot,
    user_id: i32,
) -> AppResult<Vec<conversation_logs::Model>> {
    let mut logs = store::personal::recent_logs(db, user_id, HISTORY).await?;
    let high = settings.confidence_high_threshold;
    // A stable sort keeps recency within each group.
    logs.sort_by_key(|log| {
        let unsure = log.nlu_confidence.is_none_or(|c| c.0 < high);
        (!log.is_training_candidate.unwrap_or(false), !unsure)
    });
    Ok(logs)
}
