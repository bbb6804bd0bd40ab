//! A batch's manifest: what it holds per label and split, the settings and
//! filters it was made with, what was left out, and a SHA-256 of its rows
//! in export order (the same text the export writes).
use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde_json::{Value as Json, json};
use sha2::{Digest, Sha256};

use super::{
    NewBatch,
    plan::{Plan, Split},
};

pub fn of(batch: &NewBatch, plan: &Plan, near_duplicate_threshold: Decimal) -> Json {
    let mut counts: BTreeMap<&str, BTreeMap<&str, usize>> = BTreeMap::new();
    for (c, split) in &plan.items {
        *counts
            .entry(c.intent.as_str())
            .or_default()
            .entry(split.as_str())
            .or_default() += 1;
    }
    let per_split = |wanted: Split| plan.items.iter().filter(|(_, s)| *s == wanted).count();
    json!({
        "counts": counts,
        "train": per_split(Split::Train),
        "validation": per_split(Split::Validation),
        "settings": {
            "validation_fraction": batch.validation_fraction.to_string(),
            "seed": batch.seed.to_string(),
            "near_duplicate_threshold": near_duplicate_threshold.to_string(),
            "group_by_user": batch.group_by_user,
            "pii_scrubbed": true,
        },
        "filters": batch.filters,
        "excluded": {
            "duplicates": plan.duplicates.len(),
            "earlier_validation": plan.earlier_validation.len(),
            "conflicts_sent_to_review": plan.conflicts.len(),
        },
        "content_hash": content_hash(plan),
    })
}

/// SHA-256 (hex) of `sample_id, split, text, intent, entities, language`
/// of every row in export order, fields separated by a unit separator.
pub fn content_hash(plan: &Plan) -> String {
    let mut hash = Sha256::new();
    for (c, split) in &plan.items {
        let entities = c.entities.as_ref().map(Json::to_string).unwrap_or_default();
        for field in [
            c.id.to_string().as_str(),
            split.as_str(),
            c.text.as_str(),
            c.intent.as_str(),
            entities.as_str(),
            c.language.as_deref().unwrap_or(""),
        ] {
            hash.update(field.as_bytes());
            hash.update([0x1f]);
        }
        hash.update([0x1e]);
    }
    hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
}
