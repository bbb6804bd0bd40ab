//! The pure part of making a batch: de-duplication by normalised text and
//! the deterministic, intent-stratified train/validation split.
use std::collections::{BTreeMap, HashMap};

use rust_decimal::{Decimal, RoundingStrategy, prelude::ToPrimitive};
use serde_json::Value as Json;
use unicode_normalization::UnicodeNormalization;

/// An approved, unused sample that matched the batch's filters.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub id: i32,
    pub text: String,
    pub intent: String,
    pub entities: Option<Json>,
    pub language: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Split {
    Train,
    Validation,
}

impl Split {
    pub fn as_str(self) -> &'static str {
        match self {
            Split::Train => "train",
            Split::Validation => "validation",
        }
    }

    pub fn parse(text: &str) -> Option<Split> {
        match text {
            "train" => Some(Split::Train),
            "validation" => Some(Split::Validation),
            _ => None,
        }
    }
}

/// What goes into the batch: the kept samples in export order with their
/// split, and the duplicates they cover (marked used, not exported).
#[derive(Debug, Default, PartialEq)]
pub struct Plan {
    pub items: Vec<(Candidate, Split)>,
    pub duplicates: Vec<i32>,
}

/// Unicode NFC, case folded, whitespace collapsed: two texts that differ
/// only in these ways are the same training example.
pub fn normalize(text: &str) -> String {
    let folded: String = text.nfc().collect::<String>().to_lowercase();
    let folded: String = folded.nfc().collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Keeps the oldest sample of each normalised text (candidates come in id
/// order), at most `max` of them, and splits them.
pub fn plan(candidates: Vec<Candidate>, max: Option<usize>, fraction: Decimal, seed: u64) -> Plan {
    let mut groups: Vec<(Candidate, Vec<i32>)> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for candidate in candidates {
        match seen.get(&normalize(&candidate.text)) {
            Some(&group) => groups[group].1.push(candidate.id),
            None => {
                seen.insert(normalize(&candidate.text), groups.len());
                groups.push((candidate, Vec::new()));
            }
        }
    }
    if let Some(max) = max {
        groups.truncate(max);
    }
    let duplicates = groups.iter().flat_map(|(_, d)| d.iter().copied()).collect();
    let kept: Vec<Candidate> = groups.into_iter().map(|(c, _)| c).collect();
    let validation = validation_ids(&kept, fraction, seed);
    let items = kept
        .into_iter()
        .map(|c| {
            let split = if validation.contains(&c.id) {
                Split::Validation
            } else {
                Split::Train
            };
            (c, split)
        })
        .collect();
    Plan { items, duplicates }
}

/// Per intent, `round(n × fraction)` samples (never all of them) chosen by
/// a seeded hash of their ids: the same seed and samples give the same split.
fn validation_ids(kept: &[Candidate], fraction: Decimal, seed: u64) -> Vec<i32> {
    let mut by_intent: BTreeMap<&str, Vec<i32>> = BTreeMap::new();
    for c in kept {
        by_intent.entry(c.intent.as_str()).or_default().push(c.id);
    }
    let mut chosen = Vec::new();
    for ids in by_intent.values_mut() {
        let n = ids.len();
        let wanted = (Decimal::from(n) * fraction)
            .round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
            .to_usize()
            .unwrap_or(0)
            .min(n.saturating_sub(1));
        ids.sort_by_key(|&id| (mix(seed ^ mix(id as u64)), id));
        chosen.extend(ids.iter().take(wanted).copied());
    }
    chosen.sort_unstable();
    chosen
}

/// SplitMix64: a fixed, well-mixed hash, stable across Rust versions
/// (unlike the standard library's hasher).
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(id: i32, text: &str, intent: &str) -> Candidate {
        Candidate {
            id,
            text: text.into(),
            intent: intent.into(),
            entities: None,
            language: Some("hi".into()),
        }
    }

    #[test]
    fn normalisation_ignores_case_composition_and_spacing() {
        assert_eq!(normalize("  Order\tPIZZA  now "), "order pizza now");
        // "é" precomposed and as e + combining acute.
        assert_eq!(normalize("Caf\u{e9}"), normalize("CAFE\u{301}"));
        assert_eq!(normalize("नमस्ते  दोस्त"), "नमस्ते दोस्त");
    }

    #[test]
    fn duplicates_keep_the_oldest_and_are_reported() {
        let plan = plan(
            vec![
                c(1, "Hi there", "greet"),
                c(2, "hi  THERE", "greet"),
                c(3, "bye", "bye"),
            ],
            None,
            Decimal::ZERO,
            7,
        );
        let ids: Vec<i32> = plan.items.iter().map(|(c, _)| c.id).collect();
        assert_eq!(ids, [1, 3]);
        assert_eq!(plan.duplicates, [2]);
    }

    #[test]
    fn the_split_is_stratified_and_deterministic() {
        let candidates: Vec<Candidate> = (1..=20)
            .map(|id| {
                c(
                    id,
                    &format!("text {id}"),
                    if id % 2 == 0 { "a" } else { "b" },
                )
            })
            .collect();
        let fraction = Decimal::new(2, 1);
        let first = plan(candidates.clone(), None, fraction, 42);
        assert_eq!(first, plan(candidates.clone(), None, fraction, 42));
        for intent in ["a", "b"] {
            let validation = first
                .items
                .iter()
                .filter(|(c, s)| c.intent == intent && *s == Split::Validation)
                .count();
            assert_eq!(validation, 2, "20% of 10 samples of {intent}");
        }
        assert_ne!(first, plan(candidates, None, fraction, 43), "another seed");
    }
}
