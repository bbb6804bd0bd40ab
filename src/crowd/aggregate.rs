//! Dawid–Skene aggregation, as plain arithmetic: EM over one confusion
//! matrix per player, the players' gold records anchoring their matrices.
//! No SQL, no gRPC, no randomness: the same votes give the same posteriors.
//!
//! - Classes and players are indices (`0..classes`, `0..players`); the
//!   caller maps intents and user ids to them.
//! - Each player's confusion matrix `θ[true][given]` starts from a
//!   Dirichlet prior: `smoothing` in every cell, plus their gold record
//!   spread as `correct` on the diagonal and `answered − correct` over the
//!   rest of each row. A player measured on 15 gold questions with 15 right
//!   is believed from the first vote; one with a third right says nothing
//!   until their votes show a pattern. The prior also keeps a player with
//!   two votes from getting a matrix of zeros and ones.
//! - The class prior is estimated too, smoothed by `class_smoothing`.
//! - The first E-step is a weighted majority vote (each player's weight
//!   their prior accuracy), then M- and E-steps alternate until the
//!   posteriors move less than `tolerance` or `max_iterations` is reached.

/// One vote: a player gave `label` to `item`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Vote {
    pub item: usize,
    pub player: usize,
    pub label: usize,
}

/// A player's record on gold questions (known answers).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GoldRecord {
    pub answered: u32,
    pub correct: u32,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Params {
    pub classes: usize,
    /// Pseudo-count in every cell of every confusion matrix.
    pub smoothing: f64,
    /// Extra pseudo-count on the diagonal: a player with no gold record is
    /// assumed better than chance, a little.
    pub diagonal: f64,
    /// Pseudo-count of every class in the class prior.
    pub class_smoothing: f64,
    pub max_iterations: usize,
    pub tolerance: f64,
}

impl Params {
    pub fn new(classes: usize) -> Params {
        Params {
            classes,
            smoothing: 0.5,
            diagonal: 1.0,
            class_smoothing: 1.0,
            max_iterations: 100,
            tolerance: 1e-6,
        }
    }
}

/// One player's confusion matrix: `rows[true][given]`, each row summing to 1.
#[derive(Clone, Debug, PartialEq)]
pub struct Confusion {
    pub rows: Vec<Vec<f64>>,
}

impl Confusion {
    /// The prior matrix of a player with this gold record (no votes yet).
    pub fn prior(params: &Params, gold: GoldRecord) -> Confusion {
        Confusion::from_counts(params, gold, &zeros(params.classes, params.classes))
    }

    /// The posterior-mean matrix from the prior and soft counts
    /// `counts[true][given]` (sums of item posteriors over the player's votes).
    pub fn from_counts(params: &Params, gold: GoldRecord, counts: &[Vec<f64>]) -> Confusion {
        let k = params.classes;
        let correct = f64::from(gold.correct.min(gold.answered));
        let wrong = f64::from(gold.answered) - correct;
        let off = if k > 1 { wrong / (k - 1) as f64 } else { 0.0 };
        let rows = (0..k)
            .map(|t| {
                let mut row: Vec<f64> = (0..k)
                    .map(|g| {
                        let prior = params.smoothing
                            + if t == g {
                                params.diagonal + correct
                            } else {
                                off
                            };
                        prior + counts.get(t).and_then(|r| r.get(g)).copied().unwrap_or(0.0)
                    })
                    .collect();
                normalise(&mut row);
                row
            })
            .collect();
        Confusion { rows }
    }

    /// Probability that this player gives `label` when the truth is `class`.
    pub fn p(&self, class: usize, label: usize) -> f64 {
        self.rows
            .get(class)
            .and_then(|r| r.get(label))
            .copied()
            .unwrap_or(0.0)
    }

    /// The expected accuracy under a class prior.
    pub fn accuracy(&self, class_prior: &[f64]) -> f64 {
        class_prior
            .iter()
            .enumerate()
            .map(|(k, p)| p * self.p(k, k))
            .sum()
    }
}

/// What the aggregation found.
#[derive(Clone, Debug, PartialEq)]
pub struct Estimate {
    /// `posteriors[item][class]`, each row summing to 1 (uniform for an
    /// item nobody voted on).
    pub posteriors: Vec<Vec<f64>>,
    pub confusion: Vec<Confusion>,
    pub class_prior: Vec<f64>,
    pub iterations: usize,
}

/// The posterior of one item from its votes, each with its player's matrix.
pub fn item_posterior(class_prior: &[f64], votes: &[(&Confusion, usize)]) -> Vec<f64> {
    let mut log: Vec<f64> = class_prior.iter().map(|p| p.max(1e-300).ln()).collect();
    for (confusion, label) in votes {
        for (class, l) in log.iter_mut().enumerate() {
            *l += confusion.p(class, *label).max(1e-300).ln();
        }
    }
    softmax(&log)
}

/// Dawid–Skene EM over `items` items and `gold.len()` players.
pub fn dawid_skene(items: usize, gold: &[GoldRecord], votes: &[Vote], params: &Params) -> Estimate {
    let k = params.classes.max(1);
    let params = Params {
        classes: k,
        ..*params
    };
    let votes: Vec<Vote> = votes
        .iter()
        .copied()
        .filter(|v| v.item < items && v.player < gold.len() && v.label < k)
        .collect();
    let mut by_item: Vec<Vec<(usize, usize)>> = vec![Vec::new(); items];
    for v in &votes {
        by_item[v.item].push((v.player, v.label));
    }
    // First E-step: votes weighted by each player's prior accuracy.
    let uniform = vec![1.0 / k as f64; k];
    let mut confusion: Vec<Confusion> =
        gold.iter().map(|g| Confusion::prior(&params, *g)).collect();
    let mut posteriors: Vec<Vec<f64>> = by_item
        .iter()
        .map(|item| {
            let mut row = vec![params.class_smoothing * 1e-3; k];
            for (player, label) in item {
                row[*label] += confusion[*player].accuracy(&uniform);
            }
            normalise(&mut row);
            row
        })
        .collect();
    let mut class_prior = uniform;
    let mut iterations = 0;
    while iterations < params.max_iterations {
        iterations += 1;
        // M-step: class prior and every player's matrix from soft counts.
        let mut counts = vec![zeros(k, k); gold.len()];
        for v in &votes {
            for (class, p) in posteriors[v.item].iter().enumerate() {
                counts[v.player][class][v.label] += p;
            }
        }
        confusion = gold
            .iter()
            .zip(&counts)
            .map(|(g, c)| Confusion::from_counts(&params, *g, c))
            .collect();
        let mut prior = vec![params.class_smoothing; k];
        for (item, row) in posteriors.iter().enumerate() {
            if by_item[item].is_empty() {
                continue;
            }
            for (class, p) in row.iter().enumerate() {
                prior[class] += p;
            }
        }
        normalise(&mut prior);
        class_prior = prior;
        // E-step.
        let next: Vec<Vec<f64>> = by_item
            .iter()
            .map(|item| {
                let with: Vec<(&Confusion, usize)> =
                    item.iter().map(|(p, l)| (&confusion[*p], *l)).collect();
                item_posterior(&class_prior, &with)
            })
            .collect();
        let moved = posteriors
            .iter()
            .zip(&next)
            .flat_map(|(a, b)| a.iter().zip(b).map(|(x, y)| (x - y).abs()))
            .fold(0.0, f64::max);
        posteriors = next;
        if moved < params.tolerance {
            break;
        }
    }
    Estimate {
        posteriors,
        confusion,
        class_prior,
        iterations,
    }
}

/// Plain majority vote (ties: the lowest class), the baseline.
pub fn majority_vote(items: usize, classes: usize, votes: &[Vote]) -> Vec<Option<usize>> {
    let mut counts = vec![vec![0usize; classes]; items];
    for v in votes {
        if v.item < items && v.label < classes {
            counts[v.item][v.label] += 1;
        }
    }
    counts
        .iter()
        .map(|row| {
            let best = row.iter().copied().max().unwrap_or(0);
            (best > 0).then(|| row.iter().position(|c| *c == best).unwrap_or(0))
        })
        .collect()
}

/// The most probable class and its posterior (ties: the lowest class).
pub fn top(posterior: &[f64]) -> Option<(usize, f64)> {
    posterior
        .iter()
        .copied()
        .enumerate()
        .fold(None, |best, (k, p)| match best {
            Some((_, b)) if b >= p => best,
            _ => Some((k, p)),
        })
}

/// Shannon entropy in bits.
pub fn entropy(posterior: &[f64]) -> f64 {
    posterior
        .iter()
        .filter(|p| **p > 0.0)
        .map(|p| -p * p.log2())
        .sum()
}

/// How much one more vote is expected to move this item's decision: its
/// entropy, shared among the votes it already has. An item nobody voted on
/// (maximum entropy, no votes) comes first; a confident one last.
pub fn expected_change(posterior: &[f64], votes: usize) -> f64 {
    entropy(posterior) / (votes as f64 + 1.0)
}

fn zeros(rows: usize, columns: usize) -> Vec<Vec<f64>> {
    vec![vec![0.0; columns]; rows]
}

fn normalise(row: &mut [f64]) {
    let total: f64 = row.iter().sum();
    if total > 0.0 && total.is_finite() {
        for x in row.iter_mut() {
            *x /= total;
        }
    } else if !row.is_empty() {
        let n = row.len() as f64;
        row.iter_mut().for_each(|x| *x = 1.0 / n);
    }
}

fn softmax(log: &[f64]) -> Vec<f64> {
    let max = log.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mut row: Vec<f64> = log.iter().map(|l| (l - max).exp()).collect();
    normalise(&mut row);
    row
}

#[cfg(test)]
mod tests;
