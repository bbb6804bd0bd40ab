//! Property tests of batch planning: whatever the samples, a batch keeps
//! each normalised text once, never exceeds its maximum, and splits the
//! same way for the same seed.
use proptest::prelude::*;
use rust_decimal::Decimal;

use super::plan::{Candidate, Split, normalize, plan};

fn candidates() -> impl Strategy<Value = Vec<Candidate>> {
    let texts = prop::sample::select(vec![
        "Pizza chahiye",
        "pizza  CHAHIYE",
        "order status?",
        "hi",
        "Hi",
        "cancel it",
    ]);
    let intents = prop::sample::select(vec!["order_food", "greeting", "cancel_order"]);
    prop::collection::vec((texts, intents), 0..40).prop_map(|rows| {
        rows.into_iter()
            .enumerate()
            .map(|(i, (text, intent))| Candidate {
                id: i32::try_from(i).unwrap_or(i32::MAX) + 1,
                text: text.to_string(),
                intent: intent.to_string(),
                entities: None,
                language: Some("en".into()),
            })
            .collect()
    })
}

proptest! {
    #[test]
    fn a_batch_keeps_each_text_once_within_its_maximum(
        rows in candidates(), max in prop::option::of(0usize..30), tenths in 0i64..=10, seed in any::<u64>()
    ) {
        let fraction = Decimal::new(tenths, 1);
        let planned = plan(rows.clone(), max, fraction, seed);
        let texts: Vec<String> = planned.items.iter().map(|(c, _)| normalize(&c.text)).collect();
        let unique: std::collections::HashSet<_> = texts.iter().collect();
        prop_assert_eq!(unique.len(), texts.len(), "a text twice");
        if let Some(max) = max {
            prop_assert!(planned.items.len() <= max);
        }
        let kept: Vec<i32> = planned.items.iter().map(|(c, _)| c.id).collect();
        prop_assert!(planned.duplicates.iter().all(|d| !kept.contains(d)));
        if tenths == 0 {
            prop_assert!(planned.items.iter().all(|(_, s)| *s == Split::Train));
        }
        prop_assert_eq!(plan(rows, max, fraction, seed), planned, "the same seed, the same batch");
    }
}
