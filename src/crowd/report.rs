//! GetAgreementReport: how much the crowd agrees, overall, per intent and
//! per language (Fleiss' kappa, Krippendorff's alpha; per intent, Fleiss'
//! category kappa: the intent against all other labels), how each player
//! fares (gold accuracy, agreement with the posterior, spam score), and
//! the label pairs the votes confuse most.
use std::collections::{BTreeMap, HashMap};

use sea_orm::ConnectionTrait;

use super::{
    aggregate::{Confusion, GoldRecord, Params},
    metrics::{self, ConfusedPair},
    rule::Rules,
    store,
};
use crate::{error::AppResult, settings::Snapshot, training::agreement};

/// Agreement over a set of samples.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Agreement {
    /// The intent or language; empty overall.
    pub key: String,
    /// Samples with at least two votes.
    pub samples: i64,
    pub votes: i64,
    pub fleiss_kappa: Option<f64>,
    pub krippendorff_alpha: Option<f64>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PlayerReport {
    pub user_id: i32,
    pub gold_answered: i32,
    pub gold_correct: i32,
    /// None while not yet measured.
    pub gold_accuracy: Option<f64>,
    pub votes: i64,
    /// Share of the player's votes that name their sample's top label.
    pub posterior_agreement: Option<f64>,
    pub spam_score: f64,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct AgreementReport {
    pub overall: Agreement,
    pub by_intent: Vec<Agreement>,
    pub by_language: Vec<Agreement>,
    /// Most spam-like first.
    pub players: Vec<PlayerReport>,
    pub confused_pairs: Vec<ConfusedPair>,
}

/// A player's votes, those on samples with a posterior, those naming the
/// top label, and soft confusion counts `[true][given]`.
type Tally = (i64, i64, i64, Vec<Vec<f64>>);

/// What to list at most.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub players: usize,
    pub pairs: usize,
}

#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn agreement_report(
    db: &impl ConnectionTrait,
    settings: &Snapshot,
    limits: Limits,
) -> AppResult<AgreementReport> {
    let rules = Rules::from_settings(settings);
    let votes = store::all_votes(db).await?;
    let posteriors: HashMap<i32, _> = store::all_posteriors(db)
        .await?
        .into_iter()
        .map(|p| (p.sample_id, p))
        .collect();
    let mut sample_ids: Vec<i32> = votes.iter().map(|v| v.sample_id).collect();
    sample_ids.sort_unstable();
    sample_ids.dedup();
    let samples = store::sample_labels(db, sample_ids).await?;
    let gold = store::all_gold(db).await?;
    // The label a sample stands for now: its top posterior, else the
    // majority of its votes (ties: the first label by name).
    let mut tallies: HashMap<i32, BTreeMap<&str, usize>> = HashMap::new();
    for vote in &votes {
        *tallies
            .entry(vote.sample_id)
            .or_default()
            .entry(vote.intent.as_str())
            .or_default() += 1;
    }
    let label_of = |sample: i32| -> Option<String> {
        posteriors
            .get(&sample)
            .map(|p| p.top_intent.clone())
            .filter(|l| !l.is_empty())
            .or_else(|| {
                let tally = tallies.get(&sample)?;
                let (label, _) = tally.iter().rev().max_by_key(|(_, n)| **n)?;
                Some((*label).to_string())
            })
    };
    let rows = |keep: &dyn Fn(i32) -> bool| {
        votes
            .iter()
            .filter(|v| keep(v.sample_id))
            .map(|v| (v.sample_id, v.intent.clone(), 1u32))
            .collect::<Vec<_>>()
    };
    let summary = |key: String, rows: Vec<(i32, String, u32)>| {
        let votes = i64::try_from(rows.len()).unwrap_or(i64::MAX);
        let table = agreement::table(rows);
        Agreement {
            key,
            samples: i64::try_from(table.iter().filter(|r| r.iter().sum::<u32>() >= 2).count())
                .unwrap_or(i64::MAX),
            votes,
            fleiss_kappa: agreement::fleiss_kappa(&table),
            krippendorff_alpha: agreement::krippendorff_alpha_nominal(&table),
        }
    };
    let overall = summary(String::new(), rows(&|_| true));
    // Per intent: Fleiss' category kappa (and alpha) of the intent against
    // every other label, over every sample.
    let mut labels: Vec<String> = votes.iter().map(|v| v.intent.clone()).collect();
    labels.sort();
    labels.dedup();
    let by_intent = labels
        .iter()
        .map(|label| {
            let binary: Vec<(i32, String, u32)> = votes
                .iter()
                .map(|v| {
                    let side = if &v.intent == label { "1" } else { "0" };
                    (v.sample_id, side.to_string(), 1)
                })
                .collect();
            let table = agreement::table(binary);
            let named = votes.iter().filter(|v| &v.intent == label).count();
            Agreement {
                key: label.clone(),
                samples: overall.samples,
                votes: i64::try_from(named).unwrap_or(i64::MAX),
                fleiss_kappa: agreement::fleiss_kappa(&table),
                krippendorff_alpha: agreement::krippendorff_alpha_nominal(&table),
            }
        })
        .collect();
    let mut languages: BTreeMap<String, Vec<i32>> = BTreeMap::new();
    for sample in samples.keys() {
        let language = samples
            .get(sample)
            .and_then(|(_, l)| l.clone())
            .unwrap_or_default();
        languages.entry(language).or_default().push(*sample);
    }
    let by_language = languages
        .into_iter()
        .map(|(key, members)| summary(key, rows(&|s| members.contains(&s))))
        .collect();

    // Players: soft confusion counts against the stored posteriors.
    let mut classes: Vec<String> = votes.iter().map(|v| v.intent.clone()).collect();
    classes.extend(posteriors.values().map(|p| p.top_intent.clone()));
    classes.retain(|c| !c.is_empty());
    classes.sort();
    classes.dedup();
    let params = Params::new(classes.len().max(1));
    let mut per_player: BTreeMap<i32, Tally> = BTreeMap::new();
    for vote in &votes {
        let entry = per_player
            .entry(vote.user_id)
            .or_insert_with(|| (0, 0, 0, vec![vec![0.0; classes.len()]; classes.len()]));
        entry.0 += 1;
        let Some(posterior) = posteriors.get(&vote.sample_id) else {
            continue;
        };
        entry.1 += 1;
        if posterior.top_intent == vote.intent {
            entry.2 += 1;
        }
        let Ok(given) = classes.binary_search(&vote.intent) else {
            continue;
        };
        for (class, label) in classes.iter().enumerate() {
            let p = posterior
                .posteriors
                .get(label)
                .and_then(|p| p.as_f64())
                .unwrap_or(0.0);
            entry.3[class][given] += p;
        }
    }
    let mut players: Vec<PlayerReport> = per_player
        .into_iter()
        .map(|(user_id, (votes, judged, agreeing, counts))| {
            let record = gold.get(&user_id).copied().unwrap_or_default();
            let prior = GoldRecord {
                answered: u32::try_from(record.answered.max(0)).unwrap_or(0),
                correct: u32::try_from(record.correct.max(0)).unwrap_or(0),
            };
            let confusion = Confusion::from_counts(&params, prior, &counts);
            PlayerReport {
                user_id,
                gold_answered: record.answered,
                gold_correct: record.correct,
                gold_accuracy: record
                    .accuracy(rules.min_gold_answers)
                    .and_then(|a| a.try_into().ok()),
                votes,
                posterior_agreement: (judged > 0).then(|| agreeing as f64 / judged as f64),
                spam_score: metrics::spam_score(&confusion.rows),
            }
        })
        .collect();
    players.sort_by(|a, b| {
        b.spam_score
            .total_cmp(&a.spam_score)
            .then(a.user_id.cmp(&b.user_id))
    });
    players.truncate(limits.players);
    let pairs: Vec<(String, String)> = votes
        .iter()
        .filter_map(|v| Some((label_of(v.sample_id)?, v.intent.clone())))
        .collect();
    let confused_pairs = metrics::confused_pairs(
        pairs.iter().map(|(a, b)| (a.as_str(), b.as_str())),
        limits.pairs,
    );
    Ok(AgreementReport {
        overall,
        by_intent,
        by_language,
        players,
        confused_pairs,
    })
}
