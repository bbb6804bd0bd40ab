//! Synthetic crowds with known truth: Dawid–Skene against majority vote.
use super::*;

/// How a simulated player answers.
#[derive(Clone, Copy, Debug)]
enum Kind {
    /// Right with this probability, otherwise a uniformly random other class.
    Accurate(f64),
    /// Always this class, whatever the item.
    Spammer(usize),
    /// Right with `accuracy`, except that classes `a` and `b` are swapped
    /// with probability `swap`.
    Confuses {
        accuracy: f64,
        a: usize,
        b: usize,
        swap: f64,
    },
}

struct Crowd {
    truth: Vec<usize>,
    gold: Vec<GoldRecord>,
    votes: Vec<Vote>,
    classes: usize,
}

fn answer(rng: &mut fastrand::Rng, kind: Kind, truth: usize, classes: usize) -> usize {
    let other = |rng: &mut fastrand::Rng| {
        let shift = rng.usize(1..classes);
        (truth + shift) % classes
    };
    match kind {
        Kind::Accurate(p) => {
            if rng.f64() < p {
                truth
            } else {
                other(rng)
            }
        }
        Kind::Spammer(label) => label,
        Kind::Confuses {
            accuracy,
            a,
            b,
            swap,
        } => {
            if (truth == a || truth == b) && rng.f64() < swap {
                if truth == a { b } else { a }
            } else if rng.f64() < accuracy {
                truth
            } else {
                other(rng)
            }
        }
    }
}

/// `items` items of uniformly drawn classes, each voted on by `per_item`
/// distinct players drawn at random; each player answers `gold` gold
/// questions first (their record anchors Dawid–Skene).
fn simulate(
    seed: u64,
    kinds: &[Kind],
    classes: usize,
    items: usize,
    per_item: usize,
    gold: u32,
) -> Crowd {
    let mut rng = fastrand::Rng::with_seed(seed);
    let truth: Vec<usize> = (0..items).map(|_| rng.usize(0..classes)).collect();
    let gold = kinds
        .iter()
        .map(|kind| {
            let correct = (0..gold)
                .filter(|_| {
                    let t = rng.usize(0..classes);
                    answer(&mut rng, *kind, t, classes) == t
                })
                .count();
            GoldRecord {
                answered: gold,
                correct: u32::try_from(correct).expect("small"),
            }
        })
        .collect();
    let mut votes = Vec::new();
    for (item, t) in truth.iter().enumerate() {
        let mut players: Vec<usize> = (0..kinds.len()).collect();
        rng.shuffle(&mut players);
        for player in players.into_iter().take(per_item) {
            let label = answer(&mut rng, kinds[player], *t, classes);
            votes.push(Vote {
                item,
                player,
                label,
            });
        }
    }
    Crowd {
        truth,
        gold,
        votes,
        classes,
    }
}

fn accuracy(truth: &[usize], predicted: &[Option<usize>]) -> f64 {
    let right = truth
        .iter()
        .zip(predicted)
        .filter(|(t, p)| Some(**t) == **p)
        .count();
    right as f64 / truth.len() as f64
}

fn ds(crowd: &Crowd, with_gold: bool) -> Vec<Option<usize>> {
    let gold: Vec<GoldRecord> = if with_gold {
        crowd.gold.clone()
    } else {
        vec![GoldRecord::default(); crowd.gold.len()]
    };
    let estimate = dawid_skene(
        crowd.truth.len(),
        &gold,
        &crowd.votes,
        &Params::new(crowd.classes),
    );
    estimate
        .posteriors
        .iter()
        .map(|p| top(p).map(|(k, _)| k))
        .collect()
}

/// 10 reliable (0.95), 10 noisy (0.6) and 10 spammers all answering class 0.
fn spammers() -> Vec<Kind> {
    let mut kinds = vec![Kind::Accurate(0.95); 10];
    kinds.extend([Kind::Accurate(0.6); 10]);
    kinds.extend([Kind::Spammer(0); 10]);
    kinds
}

/// 10 reliable players, 10 noisy ones, and 10 who mostly swap classes 0
/// and 1 (otherwise accurate).
fn confusers() -> Vec<Kind> {
    let mut kinds = vec![Kind::Accurate(0.9); 10];
    kinds.extend([Kind::Accurate(0.6); 10]);
    kinds.extend(
        [Kind::Confuses {
            accuracy: 0.9,
            a: 0,
            b: 1,
            swap: 0.9,
        }; 10],
    );
    kinds
}

/// Mean accuracy over 10 seeded crowds: (majority, DS without gold, DS with gold).
fn table_row(kinds: &[Kind], classes: usize, per_item: usize) -> (f64, f64, f64) {
    let runs = 10;
    let mut sums = (0.0, 0.0, 0.0);
    for seed in 0..runs {
        let crowd = simulate(seed, kinds, classes, 200, per_item, 15);
        sums.0 += accuracy(&crowd.truth, &majority_vote(200, classes, &crowd.votes));
        sums.1 += accuracy(&crowd.truth, &ds(&crowd, false));
        sums.2 += accuracy(&crowd.truth, &ds(&crowd, true));
    }
    let n = runs as f64;
    (sums.0 / n, sums.1 / n, sums.2 / n)
}

#[test]
fn dawid_skene_beats_majority_vote_with_a_third_of_spammers() {
    let (majority, plain, anchored) = table_row(&spammers(), 4, 5);
    println!("spammers: majority {majority:.3}, DS {plain:.3}, DS+gold {anchored:.3}");
    assert!(plain > majority + 0.05, "{plain} vs {majority}");
    assert!(anchored > majority + 0.05, "{anchored} vs {majority}");
    assert!(anchored >= 0.9, "{anchored}");
}

#[test]
fn dawid_skene_beats_majority_vote_when_players_confuse_two_intents() {
    let (majority, plain, anchored) = table_row(&confusers(), 4, 5);
    println!("confusion: majority {majority:.3}, DS {plain:.3}, DS+gold {anchored:.3}");
    assert!(plain > majority + 0.05, "{plain} vs {majority}");
    assert!(anchored > majority + 0.05, "{anchored} vs {majority}");
}

#[test]
fn an_honest_crowd_loses_nothing() {
    let kinds = vec![Kind::Accurate(0.8); 30];
    let (majority, plain, anchored) = table_row(&kinds, 4, 5);
    println!("honest: majority {majority:.3}, DS {plain:.3}, DS+gold {anchored:.3}");
    assert!(plain >= majority - 0.01 && anchored >= majority - 0.01);
}

#[test]
fn the_same_votes_give_the_same_posteriors() {
    let crowd = simulate(7, &spammers(), 3, 60, 4, 15);
    let a = dawid_skene(60, &crowd.gold, &crowd.votes, &Params::new(3));
    let b = dawid_skene(60, &crowd.gold, &crowd.votes, &Params::new(3));
    assert_eq!(a, b);
}

#[test]
fn posteriors_are_distributions_and_small_data_stays_sane() {
    // One vote by a player nobody knows: leaning, not certain.
    let one = dawid_skene(
        2,
        &[GoldRecord::default()],
        &[Vote {
            item: 0,
            player: 0,
            label: 2,
        }],
        &Params::new(3),
    );
    let (class, p) = top(&one.posteriors[0]).expect("a class");
    assert_eq!(class, 2);
    assert!(p > 0.4 && p < 0.9, "{p}");
    assert!((one.posteriors[1].iter().sum::<f64>() - 1.0).abs() < 1e-9);
    // The same vote by a player with 15 of 15 gold answers right: believed.
    let measured = dawid_skene(
        1,
        &[GoldRecord {
            answered: 15,
            correct: 15,
        }],
        &[Vote {
            item: 0,
            player: 0,
            label: 2,
        }],
        &Params::new(3),
    );
    assert!(top(&measured.posteriors[0]).expect("a class").1 > 0.9);
    // A spammer's record (a third right of three classes) says nothing.
    let spam = Confusion::prior(
        &Params::new(3),
        GoldRecord {
            answered: 15,
            correct: 5,
        },
    );
    let p = item_posterior(&[1.0 / 3.0; 3], &[(&spam, 1)]);
    assert!(top(&p).expect("a class").1 < 0.45, "{p:?}");
}

#[test]
fn entropy_and_expected_change() {
    assert!((entropy(&[0.5, 0.5]) - 1.0).abs() < 1e-12);
    assert_eq!(entropy(&[1.0, 0.0]), 0.0);
    assert!(expected_change(&[1.0 / 3.0; 3], 0) > expected_change(&[0.5, 0.5, 0.0], 0));
    assert!(expected_change(&[0.5, 0.5], 1) > expected_change(&[0.5, 0.5], 4));
}

mod properties {
    use proptest::prelude::*;

    use super::super::*;

    proptest! {
        #[test]
        fn every_posterior_is_a_distribution(
            votes in proptest::collection::vec((0usize..6, 0usize..5, 0usize..4), 0..40),
            correct in proptest::collection::vec(0u32..10, 5),
        ) {
            let gold: Vec<GoldRecord> = correct
                .iter()
                .map(|c| GoldRecord { answered: 10, correct: *c })
                .collect();
            let votes: Vec<Vote> = votes
                .into_iter()
                .map(|(item, player, label)| Vote { item, player, label })
                .collect();
            let estimate = dawid_skene(6, &gold, &votes, &Params::new(4));
            for row in &estimate.posteriors {
                let sum: f64 = row.iter().sum();
                prop_assert!((sum - 1.0).abs() < 1e-9);
                prop_assert!(row.iter().all(|p| (0.0..=1.0).contains(p)));
            }
        }
    }
}
