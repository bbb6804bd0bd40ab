//! Dawid–Skene on the stored votes: the posterior of one sample when a vote
//! arrives (incremental), and the re-estimation of every open sample (a
//! background sweep).
//!
//! Incremental: each counting voter's confusion matrix is their gold prior
//! plus the soft counts of their votes on other samples, read against those
//! samples' stored posteriors (one M-step for the voters involved), then
//! the sample's posterior is one E-step over its counting votes, with a
//! uniform class prior over its candidate labels (the crowd questions'
//! options and the labels voted). The sweep runs the full EM over every
//! counting vote and decides again every sample still open.
//!
//! Only counting votes (measured players at or above
//! `min_player_reliability`) enter, as with the weighted vote: a fresh
//! account's vote is kept but says nothing. Below `dawid_skene_min_votes`
//! votes in the whole crowd, the weighted vote decides instead.
use std::collections::{BTreeSet, HashMap};

use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};

use super::{
    aggregate::{self, Confusion, GoldRecord, Params, Vote},
    rule::{self, Ballot, Gold, Method, Posterior, Rules},
    store::{self, CastVote},
};
use crate::{clock::Clock, db, error::AppResult, settings::Snapshot};

/// The posterior of one (locked) sample from its votes.
pub async fn posterior(
    txn: &impl ConnectionTrait,
    rules: &Rules,
    sample_id: i32,
    ballots: &[(i32, Ballot)],
) -> AppResult<Posterior> {
    let options = store::sample_options(txn, sample_id).await?;
    let plain: Vec<Ballot> = ballots.iter().map(|(_, b)| b.clone()).collect();
    let counting: Vec<&(i32, Ballot)> = ballots
        .iter()
        .filter(|(_, b)| rule::weight(rules, b.gold).is_some())
        .collect();
    if counting.is_empty() || store::total_votes(txn).await? < rules.dawid_skene_min_votes {
        return Ok(Posterior::weighted(rules, &plain, &options));
    }
    let classes = candidates(&options, ballots.iter().map(|(_, b)| b.intent.as_str()));
    let index = |label: &str| classes.iter().position(|c| c == label);
    let params = Params::new(classes.len());
    let voters: Vec<i32> = counting.iter().map(|(user, _)| *user).collect();
    let history = store::votes_of(txn, voters.clone(), sample_id).await?;
    let seen: Vec<i32> = history.iter().map(|v| v.sample_id).collect();
    let stored = store::posteriors(txn, seen).await?;
    let mut counts: HashMap<i32, Vec<Vec<f64>>> = HashMap::new();
    for vote in &history {
        let (Some(given), Some(row)) = (index(&vote.intent), stored.get(&vote.sample_id)) else {
            continue;
        };
        let matrix = counts
            .entry(vote.user_id)
            .or_insert_with(|| vec![vec![0.0; classes.len()]; classes.len()]);
        for (class, label) in classes.iter().enumerate() {
            let p = row
                .posteriors
                .get(label)
                .and_then(|p| p.as_f64())
                .unwrap_or(0.0);
            matrix[class][given] += p;
        }
    }
    let empty = vec![vec![0.0; classes.len()]; classes.len()];
    let matrices: Vec<(Confusion, usize)> = counting
        .iter()
        .filter_map(|(user, ballot)| {
            let label = index(&ballot.intent)?;
            let soft = counts.get(user).unwrap_or(&empty);
            Some((
                Confusion::from_counts(&params, record(ballot.gold), soft),
                label,
            ))
        })
        .collect();
    let with: Vec<(&Confusion, usize)> = matrices.iter().map(|(c, l)| (c, *l)).collect();
    let prior = vec![1.0 / classes.len() as f64; classes.len()];
    let p = aggregate::item_posterior(&prior, &with);
    let labels = classes.into_iter().zip(p).collect();
    Ok(Posterior::new(
        labels,
        None,
        Method::DawidSkene,
        ballots.len(),
        counting.len(),
    ))
}

/// The candidate labels of a sample: its questions' options and the labels
/// voted, sorted.
fn candidates<'a>(options: &[String], voted: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut all: BTreeSet<String> = options.iter().cloned().collect();
    all.extend(voted.map(str::to_string));
    all.into_iter().collect()
}

fn record(gold: Gold) -> GoldRecord {
    let answered = u32::try_from(gold.answered.max(0)).unwrap_or(0);
    let correct = u32::try_from(gold.correct.clamp(0, gold.answered.max(0))).unwrap_or(0);
    GoldRecord { answered, correct }
}

/// PostgreSQL: one instance at a time re-estimates; the others skip the
/// round. The lock is the transaction's (released at commit or rollback).
/// Raw SQL: the query builder has no advisory-lock function.
const REESTIMATE_LOCK: &str = "SELECT pg_try_advisory_xact_lock(7216001016) AS locked";

/// The full Dawid–Skene EM over every counting vote, then every sample still
/// open decided again with its new posterior, in one transaction (samples
/// locked in id order). Several instances: on PostgreSQL a
/// transaction-scoped advisory lock lets one run and the others skip; on
/// SQLite the write transaction is the lock. Returns the samples decided.
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn reestimate(
    db: &DatabaseConnection,
    settings: &Snapshot,
    clock: &Clock,
) -> AppResult<u64> {
    let rules = Rules::from_settings(settings);
    let txn = db::begin_write(db).await?;
    if txn.get_database_backend() == DbBackend::Postgres {
        let row = txn
            .query_one_raw(Statement::from_string(DbBackend::Postgres, REESTIMATE_LOCK))
            .await?;
        let locked = row.map(|r| r.try_get::<bool>("", "locked")).transpose()?;
        if locked != Some(true) {
            return Ok(0);
        }
    }
    let votes = store::all_votes(&txn).await?;
    if votes.len() < rules.dawid_skene_min_votes {
        txn.commit().await?;
        return Ok(0);
    }
    let gold = store::all_gold(&txn).await?;
    let options = store::all_options(&txn).await?;
    let crowd = Crowd::new(&rules, &votes, &gold, &options);
    let estimate = aggregate::dawid_skene(
        crowd.samples.len(),
        &crowd.gold,
        &crowd.votes,
        &Params::new(crowd.classes.len()),
    );
    let open = store::open_among(&txn, crowd.samples.clone()).await?;
    let now = clock.now();
    let mut decided = 0;
    for sample_id in open {
        let Some(sample) = store::lock_sample(&txn, sample_id).await? else {
            continue;
        };
        if !super::open_for_votes(&sample) {
            continue;
        }
        let Some(item) = crowd.samples.iter().position(|s| *s == sample_id) else {
            continue;
        };
        let posterior = crowd.posterior_of(item, &estimate.posteriors[item]);
        super::settle(&txn, &rules, sample, posterior, now).await?;
        decided += 1;
    }
    txn.commit().await?;
    Ok(decided)
}

/// The stored votes as indices for the EM.
struct Crowd {
    samples: Vec<i32>,
    classes: Vec<String>,
    gold: Vec<GoldRecord>,
    votes: Vec<Vote>,
    /// Per sample: votes cast, counting votes, candidate labels.
    per_sample: Vec<(usize, usize, Vec<String>)>,
}

impl Crowd {
    fn new(
        rules: &Rules,
        votes: &[CastVote],
        gold: &HashMap<i32, Gold>,
        options: &HashMap<i32, Vec<String>>,
    ) -> Crowd {
        let samples: Vec<i32> = votes
            .iter()
            .map(|v| v.sample_id)
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let mut classes: BTreeSet<String> = votes.iter().map(|v| v.intent.clone()).collect();
        for sample in &samples {
            classes.extend(options.get(sample).into_iter().flatten().cloned());
        }
        let classes: Vec<String> = classes.into_iter().collect();
        let mut players: Vec<i32> = Vec::new();
        let mut player_index: HashMap<i32, usize> = HashMap::new();
        let mut indexed = Vec::new();
        let mut per_sample: Vec<(usize, usize, Vec<String>)> = samples
            .iter()
            .map(|s| (0, 0, options.get(s).cloned().unwrap_or_default()))
            .collect();
        for vote in votes {
            let Ok(item) = samples.binary_search(&vote.sample_id) else {
                continue;
            };
            let entry = &mut per_sample[item];
            entry.0 += 1;
            if !entry.2.contains(&vote.intent) {
                entry.2.push(vote.intent.clone());
            }
            let record = gold.get(&vote.user_id).copied().unwrap_or_default();
            if rule::weight(rules, record).is_none() {
                continue;
            }
            entry.1 += 1;
            let Ok(label) = classes.binary_search(&vote.intent) else {
                continue;
            };
            let player = *player_index.entry(vote.user_id).or_insert_with(|| {
                players.push(vote.user_id);
                players.len() - 1
            });
            indexed.push(Vote {
                item,
                player,
                label,
            });
        }
        let gold = players
            .iter()
            .map(|p| record(gold.get(p).copied().unwrap_or_default()))
            .collect();
        Crowd {
            samples,
            classes,
            gold,
            votes: indexed,
            per_sample,
        }
    }

    /// A sample's posterior over its own candidates (renormalised).
    fn posterior_of(&self, item: usize, global: &[f64]) -> Posterior {
        let (votes, counted, candidates) = &self.per_sample[item];
        let mut labels: Vec<(String, f64)> = candidates
            .iter()
            .map(|label| {
                let p = self
                    .classes
                    .binary_search(label)
                    .ok()
                    .and_then(|k| global.get(k))
                    .copied()
                    .unwrap_or(0.0);
                (label.clone(), p)
            })
            .collect();
        let total: f64 = labels.iter().map(|(_, p)| p).sum();
        if total > 0.0 {
            labels.iter_mut().for_each(|(_, p)| *p /= total);
        }
        Posterior::new(labels, None, Method::DawidSkene, *votes, *counted)
    }
}

/// Re-estimates every minute.
pub fn spawn_sweeper(
    state: crate::state::AppState,
    stop: tokio_util::sync::CancellationToken,
) -> tokio::task::JoinHandle<()> {
    let schedule = crate::sweep::Schedule {
        first_after: std::time::Duration::from_secs(30),
        every: std::time::Duration::from_secs(60),
    };
    crate::sweep::spawn("crowd re-estimation", schedule, stop, move || {
        let state = state.clone();
        async move {
            let settings = state.settings.current().await;
            reestimate(&state.db, &settings, &state.clock).await
        }
    })
}
