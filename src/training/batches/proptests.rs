//! Property tests of batch planning: whatever the samples, a batch keeps
//! each normalised text once, never exceeds its maximum, puts no near
//! duplicate or paraphrase on both sides, leaves out every near duplicate
//! of an earlier validation row, accounts for every candidate once, and
//! splits the same way for the same seed.
use std::collections::HashSet;

use proptest::prelude::*;
use rust_decimal::Decimal;

use super::{
    plan::{Candidate, Earlier, Planning, Split, normalize, plan},
    similar::similarity,
};

const TEXTS: [&str; 12] = [
    "Pizza chahiye",
    "pizza  CHAHIYE",
    "pizzaa chahiye!",
    "order status?",
    "mera order kahan hai",
    "mera order kahaan hai?",
    "hi",
    "Hi",
    "cancel it",
    "मुझे पिज़्ज़ा चाहिए",
    "मुझे पिज्जा चाहिए",
    "मौसम कैसा है",
];

fn candidates() -> impl Strategy<Value = Vec<Candidate>> {
    let texts = prop::sample::select(TEXTS.to_vec());
    let intents = prop::sample::select(vec!["order_food", "greeting", "cancel_order"]);
    let sources = prop::option::of(0u8..4);
    let users = prop::option::of(0i32..3);
    prop::collection::vec((texts, intents, sources, users), 0..40).prop_map(|rows| {
        rows.into_iter()
            .enumerate()
            .map(|(i, (text, intent, source, user_id))| Candidate {
                id: i32::try_from(i).unwrap_or(i32::MAX) + 1,
                text: text.to_string(),
                intent: intent.to_string(),
                entities: None,
                language: Some("en".into()),
                source: source.map(|s| format!("turn:{s}")),
                user_id,
            })
            .collect()
    })
}

fn earlier() -> impl Strategy<Value = Vec<Earlier>> {
    let texts = prop::sample::select(TEXTS.to_vec());
    prop::collection::vec((texts, any::<bool>()), 0..4).prop_map(|rows| {
        rows.into_iter()
            .map(|(text, validation)| Earlier {
                text: text.to_string(),
                split: if validation {
                    Split::Validation
                } else {
                    Split::Train
                },
            })
            .collect()
    })
}

proptest! {
    #[test]
    fn a_batch_has_no_leak_across_splits_or_batches(
        rows in candidates(), earlier in earlier(), max in prop::option::of(0usize..30),
        tenths in 0i64..=10, seed in any::<u64>(), group_by_user in any::<bool>(),
    ) {
        let planning = Planning {
            max,
            fraction: Decimal::new(tenths, 1),
            seed,
            threshold: 0.8,
            group_by_user,
        };
        let planned = plan(rows.clone(), &earlier, &planning);
        let texts: Vec<(String, &str)> = planned
            .items
            .iter()
            .map(|(c, _)| (normalize(&c.text), c.intent.as_str()))
            .collect();
        let unique: HashSet<_> = texts.iter().collect();
        prop_assert_eq!(unique.len(), texts.len(), "a text twice");
        if let Some(max) = max {
            prop_assert!(planned.items.len() <= max);
        }
        // Every candidate is in exactly one place (or left for a later batch).
        let mut placed: Vec<i32> = planned.items.iter().map(|(c, _)| c.id).collect();
        placed.extend(&planned.duplicates);
        placed.extend(&planned.earlier_validation);
        placed.extend(&planned.conflicts);
        let once: HashSet<i32> = placed.iter().copied().collect();
        prop_assert_eq!(once.len(), placed.len(), "a sample in two places");
        if max.is_none() {
            prop_assert_eq!(once.len(), rows.len(), "a sample lost");
        }
        for (a, side_a) in &planned.items {
            for (b, side_b) in &planned.items {
                if side_a == side_b {
                    continue;
                }
                prop_assert!(similarity(&a.text, &b.text) < 0.8, "{} / {}", a.text, b.text);
                prop_assert!(a.source.is_none() || a.source != b.source, "one source");
                prop_assert!(!group_by_user || a.user_id.is_none() || a.user_id != b.user_id);
                prop_assert!(a.intent == b.intent || similarity(&a.text, &b.text) < 0.8);
            }
            for row in &earlier {
                let near = similarity(&a.text, &row.text) >= 0.8;
                prop_assert!(!(near && row.split == Split::Validation), "{} was validation", a.text);
                prop_assert!(!(near && *side_a == Split::Validation), "{} was train", a.text);
            }
        }
        if tenths == 0 {
            prop_assert!(planned.items.iter().all(|(_, s)| *s == Split::Train));
        }
        prop_assert_eq!(plan(rows, &earlier, &planning), planned, "the same seed, the same batch");
    }
}
