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

use rust_decimal::{Decimal, RoundingStrategy};

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

/// The review priority of a disputed or escalated message: above every
/// undisputed one, higher the more players voted, never lowered.
pub fn escalated_priority(current: i32, votes: usize) -> i32 {
    let raised = DISPUTED_PRIORITY.saturating_add(i32::try_from(votes).unwrap_or(i32::MAX));
    current.max(raised)
}

/// Four places, always written out ("1.0000"), as the column keeps them.
fn round(value: Decimal) -> Decimal {
    let mut rounded = value.round_dp_with_strategy(4, RoundingStrategy::ToZero);
    rounded.rescale(4);
    rounded
}

#[cfg(test)]
mod tests;
