//! Crowd metrics, as plain arithmetic: a player's spam score from their
//! confusion matrix, and the label pairs players confuse most. (Fleiss'
//! kappa and Krippendorff's alpha are in `training::agreement`, which the
//! training statistics read too.) No SQL, no gRPC.
use std::collections::BTreeMap;

/// How much a player looks like a spammer, from their confusion matrix
/// (`rows[true][given]`): 1 minus Raykar and Yu's (2012) spammer score, the
/// mean squared distance between the matrix's rows. A player who gives the
/// same answers whatever the truth (identical rows) scores 1, a perfect one 0.
pub fn spam_score(rows: &[Vec<f64>]) -> f64 {
    let k = rows.len();
    if k < 2 {
        return 0.0;
    }
    let mut distance = 0.0;
    for a in 0..k {
        for b in (a + 1)..k {
            distance += rows[a]
                .iter()
                .zip(&rows[b])
                .map(|(x, y)| (x - y) * (x - y))
                .sum::<f64>();
        }
    }
    let score = distance / (k * (k - 1)) as f64;
    (1.0 - score).clamp(0.0, 1.0)
}

/// A pair of labels players confuse: how many votes gave one when the
/// aggregate says the other (both directions counted together).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfusedPair {
    pub a: String,
    pub b: String,
    pub votes: u64,
}

/// The label pairs with the most disagreeing votes, most first (ties by
/// name), at most `limit`. Input: (aggregate label, voted label) per vote.
pub fn confused_pairs<'a>(
    votes: impl IntoIterator<Item = (&'a str, &'a str)>,
    limit: usize,
) -> Vec<ConfusedPair> {
    let mut pairs: BTreeMap<(&str, &str), u64> = BTreeMap::new();
    for (truth, given) in votes {
        if truth == given {
            continue;
        }
        let key = if truth < given {
            (truth, given)
        } else {
            (given, truth)
        };
        *pairs.entry(key).or_default() += 1;
    }
    let mut list: Vec<ConfusedPair> = pairs
        .into_iter()
        .map(|((a, b), votes)| ConfusedPair {
            a: a.to_string(),
            b: b.to_string(),
            votes,
        })
        .collect();
    list.sort_by(|x, y| {
        y.votes
            .cmp(&x.votes)
            .then_with(|| (&x.a, &x.b).cmp(&(&y.a, &y.b)))
    });
    list.truncate(limit);
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spam_score_of_a_spammer_and_a_perfect_player() {
        let perfect = vec![
            vec![1.0, 0.0, 0.0],
            vec![0.0, 1.0, 0.0],
            vec![0.0, 0.0, 1.0],
        ];
        let spammer = vec![vec![0.0, 1.0, 0.0]; 3];
        assert!(spam_score(&perfect) < 1e-12);
        assert!((spam_score(&spammer) - 1.0).abs() < 1e-12);
    }

    #[test]
    fn confused_pairs_count_both_directions() {
        let votes = [
            ("order_food", "cancel_order"),
            ("cancel_order", "order_food"),
            ("greeting", "small_talk"),
            ("greeting", "greeting"),
        ];
        let pairs = confused_pairs(votes, 5);
        assert_eq!(
            pairs.first(),
            Some(&ConfusedPair {
                a: "cancel_order".into(),
                b: "order_food".into(),
                votes: 2
            })
        );
        assert_eq!(pairs.len(), 2);
    }
}
