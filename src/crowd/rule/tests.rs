use super::*;

fn rules() -> Rules {
    Rules {
        min_votes: 3,
        min_measured: 2,
        agreement: dec("0.8"),
        min_reliability: dec("0.6"),
        min_gold_answers: 5,
        max_votes: 7,
        posterior: dec("0.95"),
        dawid_skene_min_votes: 20,
    }
}

fn dec(text: &str) -> Decimal {
    text.parse().expect("a decimal")
}

/// A player with no gold answers.
fn fresh(intent: &str) -> Ballot {
    measured(intent, 0, 0)
}

fn measured(intent: &str, answered: i32, correct: i32) -> Ballot {
    Ballot {
        intent: intent.into(),
        gold: Gold { answered, correct },
    }
}

fn agreed(intent: &str, agreement: &str) -> Verdict {
    Verdict::Agreed {
        intent: intent.into(),
        agreement: dec(agreement),
    }
}

#[test]
fn only_measured_reliable_players_weigh() {
    let r = rules();
    let cases = [
        (0, 0, None, "no gold answers: not measured"),
        (4, 4, None, "four right: still not measured"),
        (5, 5, Some("1"), "five right"),
        (5, 3, Some("0.6"), "at the reliability threshold counts"),
        (5, 2, None, "below the threshold does not count"),
        (6, 4, Some("0.6666"), "rounded down"),
        (5, 0, None, "all wrong"),
    ];
    for (answered, correct, expected, why) in cases {
        let got = weight(&r, Gold { answered, correct });
        assert_eq!(got, expected.map(dec), "{why}");
    }
}

#[test]
fn the_votes_decide_only_through_measured_voters() {
    let ok = "order_food";
    let no = "greeting";
    let cases: Vec<(Rules, Vec<Ballot>, Verdict, &str)> = vec![
        (
            rules(),
            vec![fresh(ok), fresh(ok), fresh(ok)],
            Verdict::Open {
                votes: 3,
                counted: 0,
            },
            "three fresh accounts agreeing approve nothing",
        ),
        (
            rules(),
            vec![fresh(ok), fresh(ok), measured(ok, 4, 4), measured(ok, 9, 9)],
            Verdict::Open {
                votes: 4,
                counted: 1,
            },
            "one measured voter is not enough",
        ),
        (
            Rules {
                min_votes: 2,
                ..rules()
            },
            vec![measured(ok, 5, 5), measured(ok, 5, 4)],
            agreed(ok, "1"),
            "two measured agreeing approve",
        ),
        (
            rules(),
            vec![measured(ok, 5, 5), measured(ok, 5, 4)],
            Verdict::Open {
                votes: 2,
                counted: 2,
            },
            "fewer votes than auto_approve_min_votes",
        ),
        (
            rules(),
            vec![fresh(no), measured(ok, 5, 5), measured(ok, 5, 4)],
            agreed(ok, "1"),
            "a fresh vote against neither blocks nor dilutes",
        ),
        (
            rules(),
            vec![
                measured(ok, 5, 5),
                measured(ok, 5, 5),
                measured(no, 10, 1),
                measured(no, 10, 5),
            ],
            agreed(ok, "1"),
            "measured voters below min_player_reliability are ignored",
        ),
        (
            rules(),
            vec![measured(ok, 5, 5), measured(no, 10, 2), measured(no, 10, 2)],
            Verdict::Open {
                votes: 3,
                counted: 1,
            },
            "unreliable voters do not make the quorum",
        ),
        (
            rules(),
            vec![measured(ok, 5, 5), measured(ok, 5, 5), measured(no, 5, 3)],
            // (1 + 1) / (1 + 1 + 0.6) = 0.769...
            Verdict::Disputed {
                counted: 3,
                agreement: dec("0.7692"),
            },
            "measured voters disagreeing: disputed",
        ),
        (
            rules(),
            vec![
                measured(ok, 5, 5),
                measured(ok, 5, 5),
                measured(ok, 5, 4),
                measured(no, 5, 3),
            ],
            // (1 + 1 + 0.8) / 3.4 = 0.8235...
            agreed(ok, "0.8235"),
            "weighted agreement over the threshold",
        ),
        (
            rules(),
            vec![fresh(ok); 7],
            Verdict::Escalated { votes: 7 },
            "max votes without approval: to a person",
        ),
        (
            rules(),
            [
                vec![measured(ok, 5, 5), measured(no, 5, 5)],
                vec![fresh(ok); 5],
            ]
            .concat(),
            Verdict::Escalated { votes: 7 },
            "a dispute at max votes is escalated",
        ),
        (
            rules(),
            [
                vec![measured(ok, 5, 5), measured(ok, 5, 5)],
                vec![fresh(no); 5],
            ]
            .concat(),
            agreed(ok, "1"),
            "approval at the last vote wins over escalation",
        ),
    ];
    for (rules, ballots, expected, why) in cases {
        assert_eq!(tally(&rules, &ballots), expected, "{why}");
    }
}

#[test]
fn a_tie_goes_to_the_first_label_and_is_disputed() {
    let r = Rules {
        min_votes: 2,
        ..rules()
    };
    let votes = [measured("weather", 5, 5), measured("greeting", 5, 5)];
    assert_eq!(
        tally(&r, &votes),
        Verdict::Disputed {
            counted: 2,
            agreement: dec("0.5")
        }
    );
    let r = Rules {
        agreement: dec("0.5"),
        ..r
    };
    assert_eq!(tally(&r, &votes), agreed("greeting", "0.5"));
}

/// A property over random ballots: fresh and unreliable voters change
/// nothing, and no verdict approves without enough measured voters.
#[test]
fn uncounted_votes_never_change_the_verdict_below_max_votes() {
    let mut rng = fastrand::Rng::with_seed(9);
    let labels = ["order_food", "greeting", "weather"];
    for _ in 0..500 {
        let r = Rules {
            max_votes: 100,
            ..rules()
        };
        let counted: Vec<Ballot> = (0..rng.usize(0..6))
            .map(|_| {
                let answered = rng.i32(5..20);
                let correct = rng.i32((answered * 6 + 9) / 10..=answered);
                measured(labels[rng.usize(..3)], answered, correct)
            })
            .collect();
        let mut all = counted.clone();
        for _ in 0..rng.usize(0..6) {
            let noise = match rng.u8(0..3) {
                0 => fresh(labels[rng.usize(..3)]),
                1 => measured(labels[rng.usize(..3)], rng.i32(0..5), rng.i32(0..5)),
                _ => measured(labels[rng.usize(..3)], 10, rng.i32(0..6)),
            };
            all.insert(rng.usize(..=all.len()), noise);
        }
        let with_noise = tally(&r, &all);
        if let Verdict::Agreed { .. } = with_noise {
            assert!(counted.len() >= r.min_measured, "{all:?}");
        }
        // With the quorum of votes met either way, the verdict is the same.
        let met = Rules { min_votes: 1, ..r };
        let decision = |verdict| match verdict {
            Verdict::Open { counted, .. } => Verdict::Open { votes: 0, counted },
            other => other,
        };
        assert_eq!(
            decision(tally(&met, &all)),
            decision(tally(&met, &counted)),
            "{all:?}"
        );
    }
}

fn ds(labels: &[(&str, f64)], votes: usize, counted: usize) -> Posterior {
    let labels = labels.iter().map(|(l, p)| (l.to_string(), *p)).collect();
    Posterior::new(labels, None, Method::DawidSkene, votes, counted)
}

#[test]
fn a_dawid_skene_posterior_approves_at_auto_approve_posterior() {
    let r = rules();
    let sure = ds(
        &[
            ("greeting", 0.01),
            ("order_food", 0.97),
            ("cancel_order", 0.02),
        ],
        3,
        2,
    );
    assert_eq!(judge(&r, &sure), agreed("order_food", "0.97"));
    let unsure = ds(&[("greeting", 0.1), ("order_food", 0.9)], 3, 3);
    assert_eq!(
        judge(&r, &unsure),
        Verdict::Disputed {
            counted: 3,
            agreement: dec("0.9")
        },
        "0.9 < 0.95: still asked"
    );
    let few = ds(&[("greeting", 0.001), ("order_food", 0.999)], 2, 2);
    assert_eq!(
        judge(&r, &few),
        Verdict::Open {
            votes: 2,
            counted: 2
        },
        "sure, but below auto_approve_min_votes"
    );
    let one_counting = ds(&[("greeting", 0.001), ("order_food", 0.999)], 3, 1);
    assert!(matches!(judge(&r, &one_counting), Verdict::Open { .. }));
    let exhausted = ds(&[("greeting", 0.5), ("order_food", 0.5)], 7, 7);
    assert_eq!(judge(&r, &exhausted), Verdict::Escalated { votes: 7 });
    let rounded = ds(&[("greeting", 0.050_01), ("order_food", 0.949_99)], 3, 3);
    assert!(
        matches!(judge(&r, &rounded), Verdict::Disputed { .. }),
        "rounded down, never up to the threshold"
    );
}

#[test]
fn the_weighted_vote_posterior_decides_like_the_tally() {
    let r = rules();
    let candidates: Vec<String> = ["cancel_order", "greeting", "order_food"]
        .map(String::from)
        .to_vec();
    let cases = [
        vec![
            measured("order_food", 5, 5),
            measured("order_food", 5, 4),
            fresh("greeting"),
        ],
        vec![
            measured("order_food", 5, 5),
            measured("greeting", 5, 5),
            measured("cancel_order", 5, 5),
        ],
        vec![
            fresh("order_food"),
            fresh("order_food"),
            fresh("order_food"),
        ],
        vec![
            measured("order_food", 6, 4),
            measured("greeting", 10, 9),
            measured("order_food", 5, 5),
        ],
    ];
    for ballots in cases {
        let posterior = Posterior::weighted(&r, &ballots, &candidates);
        assert_eq!(judge(&r, &posterior), tally(&r, &ballots), "{ballots:?}");
        let sum: f64 = posterior.probabilities().iter().sum();
        assert!((sum - 1.0).abs() < 1e-9);
    }
}

#[test]
fn disputed_samples_rank_by_entropy() {
    assert_eq!(uncertain_priority(0, 0.0), 100);
    assert_eq!(uncertain_priority(0, 1.0), 200);
    assert_eq!(uncertain_priority(0, 3f64.log2()), 258);
    assert_eq!(uncertain_priority(500, 1.0), 500, "never lowered");
}
