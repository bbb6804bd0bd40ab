//! The pure part of making a batch: exact duplicates dropped, near
//! duplicates grouped, conflicting labels sent to review, texts already in
//! an earlier batch's validation set left out, and a group-aware,
//! intent-stratified train/validation split.
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use rust_decimal::{Decimal, RoundingStrategy, prelude::ToPrimitive};
use serde_json::Value as Json;
use unicode_normalization::UnicodeNormalization;

use super::similar;

/// An approved, unused sample that matched the batch's filters.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub id: i32,
    pub text: String,
    pub intent: String,
    pub entities: Option<Json>,
    pub language: Option<String>,
    /// The message it came from (`turn:17`, `game:gs-…`): its paraphrases
    /// share it and stay on one side of the split.
    pub source: Option<String>,
    pub user_id: Option<i32>,
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

/// A row of an earlier batch: its text and side.
#[derive(Debug, Clone, PartialEq)]
pub struct Earlier {
    pub text: String,
    pub split: Split,
}

/// How to plan a batch.
#[derive(Debug, Clone)]
pub struct Planning {
    pub max: Option<usize>,
    pub fraction: Decimal,
    pub seed: u64,
    /// Dice similarity of trigrams at or above which two texts are near
    /// duplicates (`near_duplicate_threshold`).
    pub threshold: f64,
    /// One user's samples stay on one side too.
    pub group_by_user: bool,
}

/// What goes into the batch: the kept samples in export order with their
/// split; the exact duplicates they cover and the near duplicates of an
/// earlier batch's validation rows (both marked used, not exported); and
/// the samples whose near duplicates carry another label (sent to review).
#[derive(Debug, Default, PartialEq)]
pub struct Plan {
    pub items: Vec<(Candidate, Split)>,
    pub duplicates: Vec<i32>,
    pub earlier_validation: Vec<i32>,
    pub conflicts: Vec<i32>,
}

/// Unicode NFC, case folded, whitespace collapsed: two texts that differ
/// only in these ways are the same training example.
pub fn normalize(text: &str) -> String {
    let folded: String = text.nfc().collect::<String>().to_lowercase();
    let folded: String = folded.nfc().collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

struct UnionFind(Vec<usize>);

impl UnionFind {
    fn new(n: usize) -> UnionFind {
        UnionFind((0..n).collect())
    }

    fn find(&mut self, mut x: usize) -> usize {
        while self.0[x] != x {
            self.0[x] = self.0[self.0[x]];
            x = self.0[x];
        }
        x
    }

    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        // The smaller index is the root: groups are named by their oldest.
        if a < b {
            self.0[b] = a;
        } else {
            self.0[a] = b;
        }
    }
}

/// Trigram sets with an inverted index: which earlier sets are near a new one.
struct Index {
    sets: Vec<HashSet<String>>,
    postings: HashMap<String, Vec<usize>>,
}

impl Index {
    fn new() -> Index {
        Index {
            sets: Vec::new(),
            postings: HashMap::new(),
        }
    }

    /// The indexed sets at or above `threshold` from `grams`.
    fn near(&self, grams: &HashSet<String>, threshold: f64) -> Vec<usize> {
        let mut shared: HashMap<usize, usize> = HashMap::new();
        for gram in grams {
            for &i in self.postings.get(gram).into_iter().flatten() {
                *shared.entry(i).or_default() += 1;
            }
        }
        let mut near: Vec<usize> = shared
            .into_iter()
            .filter(|&(i, n)| {
                similar::dice_from_counts(n, grams.len(), self.sets[i].len()) >= threshold
            })
            .map(|(i, _)| i)
            .collect();
        near.sort_unstable();
        near
    }

    fn add(&mut self, grams: HashSet<String>) {
        let at = self.sets.len();
        for gram in &grams {
            self.postings.entry(gram.clone()).or_default().push(at);
        }
        self.sets.push(grams);
    }
}

/// Plans a batch from candidates in id order and the rows of earlier
/// batches.
pub fn plan(candidates: Vec<Candidate>, earlier: &[Earlier], planning: &Planning) -> Plan {
    let mut out = Plan::default();
    // Earlier rows: a near duplicate of a validation row is left out, of a
    // train row pinned to train.
    let mut earlier_index = Index::new();
    let mut earlier_split = Vec::new();
    for row in earlier {
        earlier_index.add(similar::trigrams(&similar::fold(&row.text)));
        earlier_split.push(row.split);
    }
    // Exact duplicates (same normalised text and label) keep the oldest.
    let mut seen: HashSet<(String, String)> = HashSet::new();
    let mut kept: Vec<(Candidate, HashSet<String>, bool)> = Vec::new();
    for candidate in candidates {
        if !seen.insert((normalize(&candidate.text), candidate.intent.clone())) {
            out.duplicates.push(candidate.id);
            continue;
        }
        let grams = similar::trigrams(&similar::fold(&candidate.text));
        let near = earlier_index.near(&grams, planning.threshold);
        if near.iter().any(|&i| earlier_split[i] == Split::Validation) {
            out.earlier_validation.push(candidate.id);
            continue;
        }
        kept.push((candidate, grams, !near.is_empty()));
    }
    // Near duplicates among the candidates.
    let mut text_groups = UnionFind::new(kept.len());
    let mut index = Index::new();
    for (i, (_, grams, _)) in kept.iter().enumerate() {
        for j in index.near(grams, planning.threshold) {
            text_groups.union(i, j);
        }
        index.add(grams.clone());
    }
    // A near-duplicate group with more than one label goes to review whole.
    let mut labels: HashMap<usize, BTreeSet<&str>> = HashMap::new();
    for (i, (c, ..)) in kept.iter().enumerate() {
        labels
            .entry(text_groups.find(i))
            .or_default()
            .insert(c.intent.as_str());
    }
    let conflicted: Vec<bool> = (0..kept.len())
        .map(|i| {
            labels
                .get(&text_groups.find(i))
                .is_some_and(|l| l.len() > 1)
        })
        .collect();
    // Groups for the split: near duplicates, one source message, and
    // optionally one user.
    let mut groups = UnionFind::new(kept.len());
    let mut by_key: HashMap<String, usize> = HashMap::new();
    for (i, (c, ..)) in kept.iter().enumerate() {
        groups.union(i, text_groups.find(i));
        let user = c
            .user_id
            .filter(|_| planning.group_by_user)
            .map(|u| format!("user:{u}"));
        for key in c.source.iter().cloned().chain(user) {
            match by_key.get(&key) {
                Some(&j) => groups.union(i, j),
                None => {
                    by_key.insert(key, i);
                }
            }
        }
    }
    // Whole groups, oldest first, while they fit under the maximum. A
    // conflicted sample leaves its group (it is not in the batch).
    let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..kept.len() {
        if conflicted[i] {
            out.conflicts.push(kept[i].0.id);
        } else {
            members.entry(groups.find(i)).or_default().push(i);
        }
    }
    let mut chosen: Vec<Vec<usize>> = Vec::new();
    let mut total = 0;
    for group in members.into_values() {
        if planning.max.is_some_and(|max| total + group.len() > max) {
            break;
        }
        total += group.len();
        chosen.push(group);
    }
    let validation = validation_groups(&kept, &chosen, planning);
    let mut items: Vec<(usize, Split)> = chosen
        .iter()
        .enumerate()
        .flat_map(|(g, group)| {
            let split = if validation.contains(&g) {
                Split::Validation
            } else {
                Split::Train
            };
            group.iter().map(move |&i| (i, split))
        })
        .collect();
    items.sort_unstable_by_key(|(i, _)| *i);
    let mut kept: Vec<Option<Candidate>> = kept.into_iter().map(|(c, ..)| Some(c)).collect();
    out.items = items
        .into_iter()
        .filter_map(|(i, split)| kept[i].take().map(|c| (c, split)))
        .collect();
    out
}

/// Per intent, at most `round(n × fraction)` samples (never all of them)
/// in validation, filled with whole groups taken in a seeded order: the
/// same seed and samples give the same split. A group near an earlier
/// batch's train row stays in train.
fn validation_groups(
    kept: &[(Candidate, HashSet<String>, bool)],
    chosen: &[Vec<usize>],
    planning: &Planning,
) -> HashSet<usize> {
    let mut per_intent: BTreeMap<&str, usize> = BTreeMap::new();
    for &i in chosen.iter().flatten() {
        *per_intent.entry(kept[i].0.intent.as_str()).or_default() += 1;
    }
    let wanted: BTreeMap<&str, usize> = per_intent
        .iter()
        .map(|(&intent, &n)| {
            let w = (Decimal::from(n) * planning.fraction)
                .round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
                .to_usize()
                .unwrap_or(0)
                .min(n.saturating_sub(1));
            (intent, w)
        })
        .collect();
    let mut order: Vec<usize> = (0..chosen.len())
        .filter(|&g| !chosen[g].iter().any(|&i| kept[i].2))
        .collect();
    let key = |g: usize| {
        let first = chosen[g].first().map_or(0, |&i| kept[i].0.id);
        (mix(planning.seed ^ mix(first as u64)), first)
    };
    order.sort_by_key(|&g| key(g));
    let mut taken: BTreeMap<&str, usize> = BTreeMap::new();
    let mut validation = HashSet::new();
    for g in order {
        let mut need: BTreeMap<&str, usize> = BTreeMap::new();
        for &i in &chosen[g] {
            *need.entry(kept[i].0.intent.as_str()).or_default() += 1;
        }
        let fits = need.iter().all(|(intent, n)| {
            taken.get(intent).copied().unwrap_or(0) + n <= wanted.get(intent).copied().unwrap_or(0)
        });
        if fits {
            for (intent, n) in need {
                *taken.entry(intent).or_default() += n;
            }
            validation.insert(g);
        }
    }
    validation
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
            source: None,
            user_id: None,
        }
    }

    fn planning(fraction: Decimal, seed: u64) -> Planning {
        Planning {
            max: None,
            fraction,
            seed,
            threshold: 0.9,
            group_by_user: false,
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
            &[],
            &planning(Decimal::ZERO, 7),
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
        let first = plan(candidates.clone(), &[], &planning(fraction, 42));
        assert_eq!(
            first,
            plan(candidates.clone(), &[], &planning(fraction, 42))
        );
        for intent in ["a", "b"] {
            let validation = first
                .items
                .iter()
                .filter(|(c, s)| c.intent == intent && *s == Split::Validation)
                .count();
            assert_eq!(validation, 2, "20% of 10 samples of {intent}");
        }
        assert_ne!(
            first,
            plan(candidates, &[], &planning(fraction, 43)),
            "another seed"
        );
    }

    #[test]
    fn near_duplicates_and_paraphrases_of_one_message_stay_on_one_side() {
        let mut candidates = Vec::new();
        for n in 0..10 {
            let source = Some(format!("turn:{}", n * 3 + 1));
            let mut original = c(n * 3 + 1, &format!("mujhe {n} pizza chahiye"), "order");
            original.source = source.clone();
            candidates.push(original);
            candidates.push(c(n * 3 + 2, &format!("Mujhe {n} pizzaa chaiye!"), "order"));
            let mut paraphrase = c(n * 3 + 3, &format!("ek aur baat {n} number"), "order");
            paraphrase.source = source;
            candidates.push(paraphrase);
        }
        let planned = plan(candidates, &[], &planning(Decimal::new(3, 1), 5));
        assert_eq!(planned.items.len(), 30);
        let side = |id: i32| {
            planned
                .items
                .iter()
                .find(|(c, _)| c.id == id)
                .map(|(_, s)| *s)
        };
        for n in 0..10 {
            let first = side(n * 3 + 1);
            assert_eq!(side(n * 3 + 2), first, "near duplicate of {}", n * 3 + 1);
            assert_eq!(side(n * 3 + 3), first, "paraphrase of {}", n * 3 + 1);
        }
        let validation = planned
            .items
            .iter()
            .filter(|(_, s)| *s == Split::Validation)
            .count();
        assert_eq!(validation, 9, "three groups of three: 30% of 30");
    }

    #[test]
    fn conflicting_labels_go_to_review_and_earlier_validation_texts_stay_out() {
        let planned = plan(
            vec![
                c(1, "cancel my order", "cancel_order"),
                c(2, "Cancel my order!", "order_status"),
                c(3, "kal ka mausam kaisa hai", "weather"),
                c(4, "hello there", "greet"),
                c(5, "hello there", "greet"),
            ],
            &[Earlier {
                text: "Kal ka mausam kaisa hai?".into(),
                split: Split::Validation,
            }],
            &planning(Decimal::ZERO, 1),
        );
        assert_eq!(planned.conflicts, [1, 2]);
        assert_eq!(planned.earlier_validation, [3]);
        assert_eq!(planned.duplicates, [5]);
        let ids: Vec<i32> = planned.items.iter().map(|(c, _)| c.id).collect();
        assert_eq!(ids, [4]);
    }
}
