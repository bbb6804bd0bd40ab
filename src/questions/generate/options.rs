//! The options of a generated question: the sample's intent and the intents
//! most often confused with it, in an order fixed by the sample. Pure.
use std::collections::{HashMap, HashSet};

use crate::fields::label as labels;

/// Options of a generated question, the answer included.
pub const OPTION_COUNT: usize = 4;

/// Distractors of last resort when the data knows too few intents: the
/// assistant's common intents.
const FALLBACK: [&str; 8] = [
    "order_food",
    "track_order",
    "cancel_order",
    "refund_request",
    "complaint",
    "book_table",
    "change_address",
    "greeting",
];

/// How often an intent was mistaken for another: an alternate the NLU
/// considered, the NLU's label a reviewer corrected, a player's dissenting
/// vote.
#[derive(Debug, Default)]
pub struct Confusions(HashMap<String, HashMap<String, u64>>);

impl Confusions {
    /// `truth` was mistaken for `other`, `times` times.
    pub fn add(&mut self, truth: &str, other: &str, times: u64) {
        if truth != other && times > 0 {
            let row = self.0.entry(truth.to_string()).or_default();
            *row.entry(other.to_string()).or_default() += times;
        }
    }
}

/// How often each intent occurs among approved samples, per language.
#[derive(Debug, Default)]
pub struct Frequencies {
    by_language: HashMap<String, HashMap<String, u64>>,
    all: HashMap<String, u64>,
}

impl Frequencies {
    pub fn add(&mut self, language: Option<&str>, intent: &str, times: u64) {
        *self.all.entry(intent.to_string()).or_default() += times;
        if let Some(language) = language {
            let row = self.by_language.entry(language.to_string()).or_default();
            *row.entry(intent.to_string()).or_default() += times;
        }
    }
}

/// Most frequent first, ties by name.
fn ranked(counts: Option<&HashMap<String, u64>>) -> Vec<&str> {
    let mut rows: Vec<(&str, u64)> = counts
        .into_iter()
        .flatten()
        .map(|(intent, n)| (intent.as_str(), *n))
        .collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    rows.into_iter().map(|(intent, _)| intent).collect()
}

/// The answer and [`OPTION_COUNT`] − 1 distractors: the intents most often
/// confused with it, then the language's frequent intents, then any
/// language's, then [`FALLBACK`]; shuffled by `sample_id`, so the same
/// sample always gets the same order and the answer's place varies.
pub fn options(
    sample_id: i32,
    intent: &str,
    language: &str,
    confusions: &Confusions,
    frequencies: &Frequencies,
) -> Vec<String> {
    let candidates = ranked(confusions.0.get(intent))
        .into_iter()
        .chain(ranked(frequencies.by_language.get(language)))
        .chain(ranked(Some(&frequencies.all)))
        .chain(FALLBACK);
    let mut seen = HashSet::from([intent]);
    let mut chosen = vec![intent.to_string()];
    for candidate in candidates {
        if chosen.len() == OPTION_COUNT {
            break;
        }
        if labels::intent("intent", candidate).is_ok() && seen.insert(candidate) {
            chosen.push(candidate.to_string());
        }
    }
    chosen.sort_by_key(|option| fnv1a(sample_id, option));
    chosen
}

/// FNV-1a over the sample id and the option: stable across builds and
/// platforms (unlike std's hasher), which a stored order needs.
fn fnv1a(sample_id: i32, option: &str) -> u64 {
    let bytes = sample_id.to_le_bytes().into_iter().chain(option.bytes());
    bytes.fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data() -> (Confusions, Frequencies) {
        let mut confusions = Confusions::default();
        confusions.add("track_order", "complaint", 5);
        confusions.add("track_order", "cancel_order", 9);
        confusions.add("track_order", "track_order", 50);
        let mut frequencies = Frequencies::default();
        frequencies.add(Some("hi"), "weather_forecast", 40);
        frequencies.add(Some("hi"), "track_order", 30);
        frequencies.add(Some("en"), "book_table", 70);
        (confusions, frequencies)
    }

    fn sorted(mut options: Vec<String>) -> Vec<String> {
        options.sort();
        options
    }

    #[test]
    fn the_most_confused_intents_come_first_then_the_languages_frequent_ones() {
        let (confusions, frequencies) = data();
        let options = options(7, "track_order", "hi", &confusions, &frequencies);
        assert_eq!(
            sorted(options),
            [
                "cancel_order",
                "complaint",
                "track_order",
                "weather_forecast"
            ]
        );
    }

    #[test]
    fn without_data_other_languages_and_the_fallback_fill_the_options() {
        let (confusions, frequencies) = data();
        let options = options(7, "greeting", "ta", &confusions, &frequencies);
        assert_eq!(
            sorted(options),
            ["book_table", "greeting", "track_order", "weather_forecast"],
            "any language's frequent intents"
        );
        let empty = super::options(
            7,
            "greeting",
            "en",
            &Confusions::default(),
            &Frequencies::default(),
        );
        assert_eq!(
            sorted(empty),
            ["cancel_order", "greeting", "order_food", "track_order"],
            "the fallback list, the answer not twice"
        );
    }

    #[test]
    fn the_order_is_fixed_by_the_sample_and_varies_between_samples() {
        let (confusions, frequencies) = data();
        let of = |id| options(id, "track_order", "hi", &confusions, &frequencies);
        assert_eq!(of(11), of(11), "the same sample, the same order");
        let places: HashSet<usize> = (1..40)
            .map(|id| of(id).iter().position(|o| o == "track_order").unwrap_or(9))
            .collect();
        assert!(places.len() >= 3, "the answer moves: {places:?}");
        assert!(places.iter().all(|p| *p < OPTION_COUNT));
    }

    #[test]
    fn labels_that_are_not_intents_are_never_offered() {
        let mut confusions = Confusions::default();
        confusions.add("greeting", "Not An Intent", 99);
        let options = options(1, "greeting", "en", &confusions, &Frequencies::default());
        assert!(!options.iter().any(|o| o == "Not An Intent"));
        assert_eq!(options.len(), OPTION_COUNT);
    }
}
