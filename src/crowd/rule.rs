//! The crowd-agreement rule, as plain arithmetic: whose vote counts, how
//! much it weighs, and what the votes on one message decide. No SQL, no
//! gRPC.
//!
//! Only *measured* players count: those with at least `min_gold_answers`
//! gold answers and an accuracy of at least `min_player_reliability`. A
//! newcomer's vote is kept but counts for nothing until they are measured
//! (the tally reads every voter's current record), so a handful of fresh
//! accounts cannot approve a label.
use std::collections::BTreeMap;

use rust_decimal::{Decimal, RoundingStrategy, prelude::ToPrimitive};

use crate::settings::Snapshot;

/// The review priority of a disputed message before its vote count is added.
pub const DISPUTED_PRIORITY: i32 = 100;

/// The settings the rule reads.
#[derive(Clone, Debug)]
pub struct Rules {
    /// Votes cast (by anyone) before the crowd can decide.
    pub min_votes: usize,
    /// Counting (measured, reliable) voters needed to approve.
    pub min_measured: usize,
    /// Agreement among the counting voters needed to approve.
    pub agreement: Decimal,
    pub min_reliability: Decimal,
    /// Gold answers that make a player measured.
    pub min_gold_answers: i32,
    /// Votes after which an unapproved message goes to a person.
    pub max_votes: usize,
    /// Dawid–Skene posterior of the top label that approves it.
    pub posterior: Decimal,
    /// Counting votes in the whole crowd before Dawid–Skene decides (below,
    /// the weighted vote and `agreement` do).
    pub dawid_skene_min_votes: usize,
}

impl Rules {
    pub fn from_settings(settings: &Snapshot) -> Rules {
        let count = |n: i64| usize::try_from(n.max(1)).unwrap_or(usize::MAX);
        Rules {
            min_votes: count(settings.auto_approve_min_votes),
            min_measured: count(settings.auto_approve_min_measured_voters),
            agreement: settings.auto_approve_agreement,
            min_reliability: settings.min_player_reliability,
            min_gold_answers: settings.min_gold_answers.max(1),
            max_votes: count(settings.max_votes_per_sample),
            posterior: settings.auto_approve_posterior,
            dawid_skene_min_votes: usize::try_from(settings.dawid_skene_min_votes.max(0))
                .unwrap_or(usize::MAX),
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
    /// Accuracy on gold questions (four places, rounded down); None while
    /// fewer than `min_answers` are answered: not yet a measure.
    pub fn accuracy(self, min_answers: i32) -> Option<Decimal> {
        if self.answered < min_answers.max(1) {
            return None;
        }
        let ratio =
            Decimal::from(self.correct.clamp(0, self.answered)) / Decimal::from(self.answered);
        Some(round(ratio))
    }
}

/// The weight of a player's vote: their gold accuracy, or None when it
/// does not count (not yet measured, or below the reliability threshold).
pub fn weight(rules: &Rules, gold: Gold) -> Option<Decimal> {
    gold.accuracy(rules.min_gold_answers)
        .filter(|accuracy| *accuracy >= rules.min_reliability && *accuracy > Decimal::ZERO)
}

/// One vote: the label and its voter's gold record.
#[derive(Clone, Debug)]
pub struct Ballot {
    pub intent: String,
    pub gold: Gold,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Too few votes, or too few counting voters, to decide yet.
    Open { votes: usize, counted: usize },
    /// Enough counting voters agreeing: approve with this label and confidence.
    Agreed { intent: String, agreement: Decimal },
    /// Enough counting voters, too little agreement: a person should look,
    /// and players are still asked.
    Disputed { counted: usize, agreement: Decimal },
    /// `max_votes` cast without approval: a person decides, players are no
    /// longer asked.
    Escalated { votes: usize },
}

/// What the votes decide. Agreement is the top label's weight over the
/// total weight of the counting votes, rounded down to the confidence
/// column's four places (never overstating it); ties go to the
/// alphabetically first label.
pub fn tally(rules: &Rules, ballots: &[Ballot]) -> Verdict {
    let votes = ballots.len();
    let mut weights: BTreeMap<&str, Decimal> = BTreeMap::new();
    let mut counted = 0;
    for ballot in ballots {
        if let Some(w) = weight(rules, ballot.gold) {
            *weights.entry(ballot.intent.as_str()).or_default() += w;
            counted += 1;
        }
    }
    let quorum = votes >= rules.min_votes && counted >= rules.min_measured;
    match leader(&weights) {
        Some((intent, agreement)) if quorum && agreement >= rules.agreement => {
            Verdict::Agreed { intent, agreement }
        }
        _ if votes >= rules.max_votes => Verdict::Escalated { votes },
        Some((_, agreement)) if quorum => Verdict::Disputed { counted, agreement },
        _ => Verdict::Open { votes, counted },
    }
}

/// The label with the most weight and its share of the total.
fn leader(weights: &BTreeMap<&str, Decimal>) -> Option<(String, Decimal)> {
    let total: Decimal = weights.values().copied().sum();
    if total <= Decimal::ZERO {
        return None;
    }
    // max_by keeps the last maximum; iterate reversed so ties pick the first label.
    let (intent, top) = weights.iter().rev().max_by(|a, b| a.1.cmp(b.1))?;
    Some(((*intent).to_string(), round(*top / total)))
}

/// How a posterior was computed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    DawidSkene,
    /// The share of the counting votes' weights (below the minimum of data).
    WeightedVote,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::DawidSkene => "dawid_skene",
            Method::WeightedVote => "weighted_vote",
        }
    }
}

/// The crowd's belief about one sample's label.
#[derive(Clone, Debug, PartialEq)]
pub struct Posterior {
    /// Every candidate label (sorted) and its probability.
    pub labels: Vec<(String, f64)>,
    /// The top label (ties: the alphabetically first) and its probability,
    /// rounded down to four places (never overstating it).
    pub top: Option<(String, Decimal)>,
    pub method: Method,
    /// Votes cast, by anyone.
    pub votes: usize,
    /// Votes of counting (measured, reliable) players.
    pub counted: usize,
}

impl Posterior {
    /// A posterior from probabilities; `exact_top` replaces the top
    /// label's rounded probability when it is known exactly (weighted vote).
    pub fn new(
        mut labels: Vec<(String, f64)>,
        exact_top: Option<(String, Decimal)>,
        method: Method,
        votes: usize,
        counted: usize,
    ) -> Posterior {
        labels.sort_by(|a, b| a.0.cmp(&b.0));
        let top = exact_top.or_else(|| {
            let probabilities: Vec<f64> = labels.iter().map(|(_, p)| *p).collect();
            let (index, p) = super::aggregate::top(&probabilities)?;
            let label = labels.get(index)?.0.clone();
            // Nine places first: 0.97 is 0.96999… as a float, not below 0.97.
            let exact = Decimal::from_f64_retain(p).unwrap_or_default().round_dp(9);
            Some((label, round(exact)))
        });
        Posterior {
            labels,
            top,
            method,
            votes,
            counted,
        }
    }

    /// The weighted vote of the counting ballots over `candidates` (labels
    /// voted for are added): each label's share of the weights; uniform
    /// while no vote counts.
    pub fn weighted(rules: &Rules, ballots: &[Ballot], candidates: &[String]) -> Posterior {
        let mut weights: BTreeMap<&str, Decimal> = candidates
            .iter()
            .map(|c| (c.as_str(), Decimal::ZERO))
            .collect();
        let mut counted = 0;
        for ballot in ballots {
            let w = weight(rules, ballot.gold);
            let entry = weights.entry(ballot.intent.as_str()).or_default();
            if let Some(w) = w {
                *entry += w;
                counted += 1;
            }
        }
        let total: Decimal = weights.values().copied().sum();
        let n = weights.len().max(1);
        let labels = weights
            .iter()
            .map(|(label, w)| {
                let p = if total > Decimal::ZERO {
                    (*w / total).try_into().unwrap_or(0.0)
                } else {
                    1.0 / n as f64
                };
                ((*label).to_string(), p)
            })
            .collect();
        let exact = leader(&weights);
        Posterior::new(labels, exact, Method::WeightedVote, ballots.len(), counted)
    }

    pub fn probabilities(&self) -> Vec<f64> {
        self.labels.iter().map(|(_, p)| *p).collect()
    }

    /// Shannon entropy in bits.
    pub fn entropy(&self) -> f64 {
        super::aggregate::entropy(&self.probabilities())
    }

    /// How much one more vote is expected to change the decision.
    pub fn expected_change(&self) -> f64 {
        super::aggregate::expected_change(&self.probabilities(), self.counted)
    }
}

/// What a posterior decides: approval when enough votes were cast (by
/// anyone), enough of them count, and the top label's posterior reaches
/// `auto_approve_posterior` (`auto_approve_agreement` for the weighted
/// vote); a person after `max_votes` votes; disputed (still asked) when
/// the quorum is there but the posterior is not.
pub fn judge(rules: &Rules, posterior: &Posterior) -> Verdict {
    let threshold = match posterior.method {
        Method::DawidSkene => rules.posterior,
        Method::WeightedVote => rules.agreement,
    };
    let (votes, counted) = (posterior.votes, posterior.counted);
    let quorum = votes >= rules.min_votes && counted >= rules.min_measured && counted > 0;
    match &posterior.top {
        Some((intent, p)) if quorum && *p >= threshold => Verdict::Agreed {
            intent: intent.clone(),
            agreement: *p,
        },
        _ if votes >= rules.max_votes => Verdict::Escalated { votes },
        Some((_, p)) if quorum => Verdict::Disputed {
            counted,
            agreement: *p,
        },
        _ => Verdict::Open { votes, counted },
    }
}

/// The review priority of a disputed or escalated message, ranked by the
/// uncertainty of its posterior: 100 + the entropy in hundredths of a bit,
/// above every undisputed message, never lowered.
pub fn uncertain_priority(current: i32, entropy_bits: f64) -> i32 {
    let centibits = Decimal::from_f64_retain((entropy_bits.max(0.0) * 100.0).round())
        .and_then(|c| c.to_i32())
        .unwrap_or(10_000)
        .min(10_000);
    current.max(DISPUTED_PRIORITY.saturating_add(centibits))
}

/// Four places, always written out ("1.0000"), as the column keeps them.
fn round(value: Decimal) -> Decimal {
    let mut rounded = value.round_dp_with_strategy(4, RoundingStrategy::ToZero);
    rounded.rescale(4);
    rounded
}

#[cfg(test)]
mod tests;
