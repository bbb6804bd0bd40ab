//! The crowd-agreement rule, as plain arithmetic: how much a player's vote
//! weighs, and what the votes on one message decide. No SQL, no gRPC.
use std::collections::BTreeMap;

use rust_decimal::{Decimal, RoundingStrategy};

use crate::settings::Snapshot;

/// Gold answers a player needs before their accuracy is trusted as a
/// measure; with fewer they get [`NEUTRAL_WEIGHT`].
pub const MIN_GOLD_ANSWERS: i32 = 3;
/// The weight of a player not yet measured: a coin-flip prior. They count
/// (a newcomer's honest label is worth having) but weigh less than any
/// measured player above a sensible threshold.
pub const NEUTRAL_WEIGHT: Decimal = Decimal::from_parts(5, 0, 0, false, 1);
/// The review priority of a disputed message before its vote count is added.
pub const DISPUTED_PRIORITY: i32 = 100;

/// The settings the rule reads.
#[derive(Clone, Debug)]
pub struct Rules {
    pub min_votes: usize,
    pub agreement: Decimal,
    pub min_reliability: Decimal,
}

impl Rules {
    pub fn from_settings(settings: &Snapshot) -> Rules {
        Rules {
            min_votes: settings.auto_approve_min_votes.max(1) as usize,
            agreement: settings.auto_approve_agreement,
            min_reliability: settings.min_player_reliability,
        }
    }
}

/// A player's record on gold questions.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Gold {
    pub answered: i32,
    pub correct: i32,
}

impl Gold {
    /// Accuracy on gold questions; None while too few are answered.
    pub fn accuracy(self) -> Option<Decimal> {
        if self.answered < MIN_GOLD_ANSWERS || self.answered <= 0 {
            return None;
        }
        let ratio =
            Decimal::from(self.correct.clamp(0, self.answered)) / Decimal::from(self.answered);
        Some(round(ratio))
    }
}

/// The weight of a player's vote: their gold accuracy, the neutral prior
/// while unmeasured, or None when their accuracy is below the threshold
/// (they do not count at all).
pub fn weight(rules: &Rules, gold: Gold) -> Option<Decimal> {
    match gold.accuracy() {
        None => Some(NEUTRAL_WEIGHT),
        Some(accuracy) if accuracy >= rules.min_reliability && accuracy > Decimal::ZERO => {
            Some(accuracy)
        }
        Some(_) => None,
    }
}

/// One vote: the label and its voter's gold record.
#[derive(Clone, Debug)]
pub struct Ballot {
    pub intent: String,
    pub gold: Gold,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Fewer counting votes than the minimum.
    Open { counted: usize },
    /// Enough votes agreeing: approve with this label and confidence.
    Agreed { intent: String, agreement: Decimal },
    /// Enough votes, too little agreement: a person must look.
    Disputed { counted: usize, agreement: Decimal },
}

/// Weighted agreement of the counting votes: the top label's weight over
/// the total weight, rounded down to the confidence column's four places
/// (never overstating it). Ties go to the alphabetically first label.
pub fn tally(rules: &Rules, ballots: &[Ballot]) -> Verdict {
    let mut weights: BTreeMap<&str, Decimal> = BTreeMap::new();
    let mut counted = 0;
    for ballot in ballots {
        if let Some(w) = weight(rules, ballot.gold) {
            *weights.entry(ballot.intent.as_str()).or_default() += w;
            counted += 1;
        }
    }
    let total: Decimal = weights.values().copied().sum();
    if counted < rules.min_votes || total <= Decimal::ZERO {
        return Verdict::Open { counted };
    }
    // max_by keeps the last maximum; iterate reversed so ties pick the first label.
    let Some((intent, top)) = weights.iter().rev().max_by(|a, b| a.1.cmp(b.1)) else {
        return Verdict::Open { counted };
    };
    let agreement = round(*top / total);
    if agreement >= rules.agreement {
        Verdict::Agreed {
            intent: (*intent).to_string(),
            agreement,
        }
    } else {
        Verdict::Disputed { counted, agreement }
    }
}

/// The review priority of a disputed message: above every undisputed one,
/// higher the more players disagreed, never lowered.
pub fn escalated_priority(current: Option<i32>, counted: usize) -> i32 {
    let raised = DISPUTED_PRIORITY.saturating_add(i32::try_from(counted).unwrap_or(i32::MAX));
    current.unwrap_or(0).max(raised)
}

/// Four places, always written out ("1.0000"), as the column keeps them.
fn round(value: Decimal) -> Decimal {
    let mut rounded = value.round_dp_with_strategy(4, RoundingStrategy::ToZero);
    rounded.rescale(4);
    rounded
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> Rules {
        Rules {
            min_votes: 3,
            agreement: Decimal::new(8, 1),
            min_reliability: Decimal::new(6, 1),
        }
    }

    fn ballot(intent: &str, answered: i32, correct: i32) -> Ballot {
        Ballot {
            intent: intent.into(),
            gold: Gold { answered, correct },
        }
    }

    fn dec(text: &str) -> Decimal {
        text.parse().expect("a decimal")
    }

    #[test]
    fn weights_follow_gold_accuracy_with_a_neutral_prior() {
        let r = rules();
        let cases = [
            (
                Gold::default(),
                Some(dec("0.5")),
                "no gold answers: neutral prior",
            ),
            (
                Gold {
                    answered: 2,
                    correct: 0,
                },
                Some(dec("0.5")),
                "two wrong: still unmeasured",
            ),
            (
                Gold {
                    answered: 3,
                    correct: 3,
                },
                Some(dec("1")),
                "all right",
            ),
            (
                Gold {
                    answered: 5,
                    correct: 3,
                },
                Some(dec("0.6")),
                "at the threshold counts",
            ),
            (
                Gold {
                    answered: 3,
                    correct: 1,
                },
                None,
                "below the threshold does not count",
            ),
            (
                Gold {
                    answered: 3,
                    correct: 2,
                },
                Some(dec("0.6666")),
                "rounded down",
            ),
        ];
        for (gold, expected, why) in cases {
            assert_eq!(weight(&r, gold), expected, "{why}");
        }
    }

    #[test]
    fn agreeing_reliable_votes_approve_with_the_agreement_as_confidence() {
        let votes = [
            ballot("order_food", 4, 4),
            ballot("order_food", 4, 4),
            ballot("order_food", 0, 0),
            ballot("greeting", 5, 3),
        ];
        // (1 + 1 + 0.5) / (1 + 1 + 0.5 + 0.6) = 2.5 / 3.1 = 0.80645...
        assert_eq!(
            tally(&rules(), &votes),
            Verdict::Agreed {
                intent: "order_food".into(),
                agreement: dec("0.8064")
            }
        );
    }

    #[test]
    fn split_votes_are_disputed() {
        let votes = [
            ballot("order_food", 4, 4),
            ballot("greeting", 4, 4),
            ballot("order_food", 4, 4),
        ];
        assert_eq!(
            tally(&rules(), &votes),
            Verdict::Disputed {
                counted: 3,
                agreement: dec("0.6666")
            }
        );
    }

    #[test]
    fn unreliable_players_neither_count_nor_weigh() {
        let votes = [
            ballot("order_food", 4, 4),
            ballot("order_food", 4, 4),
            ballot("greeting", 10, 1),
            ballot("greeting", 10, 2),
        ];
        assert_eq!(
            tally(&rules(), &votes),
            Verdict::Open { counted: 2 },
            "two counting votes"
        );
        let mut more = votes.to_vec();
        more.push(ballot("order_food", 3, 3));
        assert_eq!(
            tally(&rules(), &more),
            Verdict::Agreed {
                intent: "order_food".into(),
                agreement: Decimal::ONE
            },
            "the unreliable votes against are ignored"
        );
    }

    #[test]
    fn a_tie_goes_to_the_first_label_and_is_disputed() {
        let r = Rules {
            min_votes: 2,
            ..rules()
        };
        let votes = [ballot("weather", 3, 3), ballot("greeting", 3, 3)];
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
        assert_eq!(
            tally(&r, &votes),
            Verdict::Agreed {
                intent: "greeting".into(),
                agreement: dec("0.5")
            }
        );
    }

    #[test]
    fn disputes_raise_the_priority_and_never_lower_it() {
        assert_eq!(escalated_priority(None, 3), 103);
        assert_eq!(escalated_priority(Some(5), 4), 104);
        assert_eq!(escalated_priority(Some(500), 4), 500);
    }
}
