//! PromoteTurnToSample: a reviewed turn becomes an approved sample, with
//! the intent (and entities) the reviewer gave. A turn is promoted once.
use rust_decimal::Decimal;
use serde_json::Value as Json;

use super::{store, turn::Turn};
use crate::{
    db,
    error::{AppError, AppResult, Violations},
    fields::label,
    idempotency::{self, RequestKey},
    state::AppState,
    text::pii,
    training::{
        self, Sample,
        sample::{Approval, NewSample, ReviewStatus, Source},
    },
};

/// What the reviewer decided about a turn.
pub struct Promotion<'a> {
    pub turn_id: i64,
    pub intent: &'a str,
    pub entities_json: &'a str,
    pub reviewer: &'a str,
}

impl Promotion<'_> {
    /// The intent, entities and reviewer, checked.
    fn check(&self) -> AppResult<(String, Option<Json>, String)> {
        let mut v = Violations::new();
        let intent = v.check(label::intent("intent", self.intent));
        let entities = v.check(label::json("entities_json", self.entities_json));
        let reviewer = v.check(label::text("reviewer", self.reviewer.trim(), 100));
        v.finish()?;
        match (intent, entities, reviewer) {
            (Some(intent), Some(entities), Some(reviewer)) => {
                Ok((intent, entities, reviewer.into_string()))
            }
            _ => Err(AppError::invalid("intent", "is required")),
        }
    }
}

#[tracing::instrument(skip_all, err(level = "debug"), fields(turn_id = promotion.turn_id, intent = promotion.intent))]
pub async fn promote_turn(
    state: &AppState,
    promotion: Promotion<'_>,
    key: Option<RequestKey>,
) -> AppResult<Sample> {
    let turn_id = promotion.turn_id;
    let (intent, entities, reviewer) = promotion.check()?;
    let missing = || AppError::not_found(format!("turn {turn_id}"));
    let id = i32::try_from(turn_id).map_err(|_| missing())?;
    let txn = db::begin_write(&state.db).await?;
    // A retry with the same request id returns the sample made the first time.
    let now = state.clock.now();
    if let Some(sample_id) = idempotency::claim(&txn, key.as_ref(), now).await? {
        txn.rollback().await?;
        return training::get_sample(&state.db, sample_id).await;
    }
    // Locking the turn serialises two promotions of it (PostgreSQL); the
    // unique index on conversation_log_id is the backstop.
    let turn = store::lock_turn(&txn, id).await?.ok_or_else(missing)?;
    if let Some(sample_id) = store::promoted_sample(&txn, id).await? {
        return Err(AppError::AlreadyExists(format!(
            "turn {turn_id} is already sample {sample_id}"
        )));
    }
    let saved =
        training::insert_sample(&txn, approved_sample(turn, intent, entities, reviewer), now)
            .await?;
    idempotency::record(&txn, key.as_ref(), i64::from(saved.id)).await?;
    txn.commit().await?;
    crate::metrics::sample_approved("promotion");
    Ok(saved)
}

/// The sample a reviewed turn becomes.
fn approved_sample(
    turn: Turn,
    intent: String,
    entities: Option<Json>,
    reviewer: String,
) -> NewSample {
    let Turn { id, turn, .. } = turn;
    let turn = turn.fields;
    let status = if turn.nlu_intent.as_deref() == Some(intent.as_str()) && entities.is_none() {
        ReviewStatus::Approved
    } else {
        ReviewStatus::Corrected
    };
    NewSample {
        user_id: turn.user_id,
        session_id: Some(turn.session_id),
        game_session_id: None,
        // The sample never holds the raw message: the turn keeps it until
        // the retention sweep deletes it (conversation_log_retention_days).
        text: pii::scrub(&turn.user_message).into_owned(),
        intent,
        entities: entities.or(turn.nlu_entities).map(pii::scrub_json),
        // A person checked the label: full confidence in it.
        confidence: Some(Decimal::ONE),
        language: turn.nlu_language,
        tone: turn.nlu_tone,
        context: turn.conversation_context.map(pii::scrub_json),
        source: Source::Conversation,
        nlu_provider: turn.nlu_provider,
        review_priority: 0,
        conversation_log_id: Some(id),
        approval: Some(Approval {
            by: reviewer,
            status,
        }),
    }
}
