//! Property tests of the games' pure rules: whatever the answers, the
//! economy never pays what was not measured, the draw never loses or
//! repeats a question, and answers are compared after one normalisation.
use proptest::prelude::*;
use rust_decimal::Decimal;

use super::{
    draw::{self, Candidate, Pools},
    economy::{self, Ending, PaidAnswer},
    scoring,
};

fn answer() -> impl Strategy<Value = PaidAnswer> {
    (
        any::<bool>(),
        any::<bool>(),
        prop::bool::weighted(0.1),
        0i64..1000,
    )
        .prop_map(|(gold, accepted, too_fast, cents)| PaidAnswer {
            gold,
            accepted,
            too_fast,
            rate: Decimal::new(cents, 2),
        })
}

fn ending() -> impl Strategy<Value = Ending> {
    prop_oneof![Just(Ending::LastAnswer), Just(Ending::Early)]
}

proptest! {
    #[test]
    fn nothing_pays_unless_measured(answers in prop::collection::vec(answer(), 0..8), extra in 0usize..3, end in ending()) {
        let planned = answers.len() + extra;
        let e = economy::earnings(&economy::seeded_rules(), &answers, planned, end);
        prop_assert!(e.gross() >= Decimal::ZERO);
        if answers.iter().any(|a| a.too_fast) {
            prop_assert_eq!(e.gross(), Decimal::ZERO);
            prop_assert_eq!(e.loyalty_points, 0);
        }
        if answers.iter().any(|a| a.gold && !a.accepted) || !answers.iter().any(|a| a.gold) {
            prop_assert_eq!(e.unverified_pay, Decimal::ZERO);
        }
        if end == Ending::Early || extra > 0 {
            prop_assert_eq!(e.unverified_pay + e.bonus, Decimal::ZERO);
        }
        let right_gold: Decimal = answers.iter().filter(|a| a.gold && a.accepted && !a.too_fast).map(|a| a.rate).sum();
        prop_assert!(e.gold_pay <= right_gold);
    }

    #[test]
    fn the_cap_never_pays_past_the_day(gross in 0i64..100_000, cap in 0i64..100_000, earned in 0i64..200_000) {
        let (gross, cap, earned) = (Decimal::new(gross, 2), Decimal::new(cap, 2), Decimal::new(earned, 2));
        let paid = economy::capped(gross, cap, earned);
        prop_assert!(paid >= Decimal::ZERO && paid <= gross);
        prop_assert!(paid + earned <= cap.max(earned));
    }

    #[test]
    fn ranking_keeps_every_question_once_and_least_recent_first(
        seen in prop::collection::vec(prop::option::of(0i64..50), 0..30), seed in any::<u64>()
    ) {
        let at = |minutes: i64| chrono::DateTime::from_timestamp(minutes * 60, 0).map(|t| t.naive_utc());
        let candidates: Vec<Candidate> = seen.iter().zip(0i32..)
            .map(|(s, question_id)| Candidate { question_id, last_seen: s.and_then(at) })
            .collect();
        let when: std::collections::HashMap<i32, _> =
            candidates.iter().map(|c| (c.question_id, c.last_seen)).collect();
        let ranked = draw::rank(candidates.clone(), &mut fastrand::Rng::with_seed(seed));
        let mut sorted = ranked.clone();
        sorted.sort();
        prop_assert_eq!(sorted, candidates.iter().map(|c| c.question_id).collect::<Vec<_>>());
        let times: Vec<_> = ranked.iter().map(|id| when[id]).collect();
        prop_assert!(times.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn a_game_holds_gold_and_no_question_twice(
        gold in 1i32..10, unverified in 0i32..10, total in 1usize..8, share in 0i64..=10, seed in any::<u64>()
    ) {
        let pools = Pools {
            personal: vec![],
            unverified: (100..100 + unverified).collect(),
            gold: (0..gold).collect(),
        };
        let items = draw::assemble(total, Decimal::new(share, 1), pools, &mut fastrand::Rng::with_seed(seed));
        let items = items.unwrap_or_default();
        let ids: Vec<i32> = items.iter().map(|i| i.question_id).collect();
        prop_assert!(!ids.is_empty() && ids.len() <= total);
        prop_assert!(ids.iter().any(|id| *id < 100), "no gold in {:?}", ids);
        let unique: std::collections::HashSet<_> = ids.iter().collect();
        prop_assert_eq!(unique.len(), ids.len());
        let wanted = draw::gold_needed(total, Decimal::new(share, 1)).min(usize::try_from(gold).unwrap_or(0));
        prop_assert!(ids.iter().filter(|id| **id < 100).count() >= wanted);
    }

    #[test]
    fn normalising_twice_changes_nothing_and_case_or_spacing_never_matter(text in "\\PC{0,40}") {
        let once = scoring::normalize(&text);
        prop_assert_eq!(scoring::normalize(&once), once.clone());
        let shouted = format!("  {}  ", text.to_uppercase().replace(' ', "   "));
        prop_assert_eq!(scoring::normalize(&shouted), scoring::normalize(&text.to_uppercase()));
        let options = vec![text.clone()];
        if !once.is_empty() {
            let padded = format!(" {} ", text);
            prop_assert!(scoring::matching_option(&options, &padded).is_some());
        }
    }
}
