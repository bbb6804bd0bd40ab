//! Which questions a new game asks, and in what order, as pure functions.
//!
//! A player never runs out while the bank holds `questions_per_game`
//! questions: the bank is ranked by when this player last saw each question
//! (never first, then longest ago), with ties in a random order of their
//! own, so two players do not get the same questions in the same order.
//! Every game carries gold questions (a known answer) at random positions,
//! so no answer can be collected without the player being measured.
use chrono::NaiveDateTime;
use rust_decimal::{Decimal, prelude::ToPrimitive};

use super::PlanItem;

/// A bank question that may be drawn, with when this player last answered it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub question_id: i32,
    pub last_seen: Option<NaiveDateTime>,
}

/// Question ids, the least recently seen by the player first; ties
/// (e.g. all never seen) in random order.
pub fn rank(mut candidates: Vec<Candidate>, rng: &mut fastrand::Rng) -> Vec<i32> {
    rng.shuffle(&mut candidates);
    // A stable sort keeps the shuffled order among equal times; None
    // (never seen) sorts first.
    candidates.sort_by_key(|c| c.last_seen);
    candidates.into_iter().map(|c| c.question_id).collect()
}

/// How many gold questions a game of `total` needs: `gold_question_share`
/// of it rounded up, and never fewer than one.
pub fn gold_needed(total: usize, gold_share: Decimal) -> usize {
    let share = gold_share.clamp(Decimal::ZERO, Decimal::ONE);
    let wanted = (share * Decimal::from(total))
        .ceil()
        .to_usize()
        .unwrap_or(total);
    wanted.clamp(1, total.max(1))
}

/// What a game may be built from, each list in the order it is preferred.
#[derive(Clone, Debug, Default)]
pub struct Pools {
    /// Questions on the player's own messages (already limited to their share).
    pub personal: Vec<PlanItem>,
    /// Crowd questions, then phrasing prompts: answers nobody can check.
    pub unverified: Vec<i32>,
    pub gold: Vec<i32>,
}

/// A game of up to `total` questions: first the unverified ones (up to what
/// the gold share leaves), then gold to fill it, in a random order. None
/// when there is no gold question at all: such a game could not measure
/// the player, so it does not start.
pub fn assemble(
    total: usize,
    gold_share: Decimal,
    pools: Pools,
    rng: &mut fastrand::Rng,
) -> Option<Vec<PlanItem>> {
    if pools.gold.is_empty() || total == 0 {
        return None;
    }
    let gold_floor = gold_needed(total, gold_share).min(pools.gold.len());
    let unverified_room = total - gold_floor;
    let mut items: Vec<PlanItem> = pools
        .personal
        .into_iter()
        .chain(pools.unverified.into_iter().map(PlanItem::general))
        .take(unverified_room)
        .collect();
    let gold_room = total - items.len();
    items.extend(
        pools
            .gold
            .into_iter()
            .take(gold_room)
            .map(PlanItem::general),
    );
    rng.shuffle(&mut items);
    Some(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(hour: u32) -> Option<NaiveDateTime> {
        chrono::NaiveDate::from_ymd_opt(2026, 1, 1).and_then(|d| d.and_hms_opt(hour, 0, 0))
    }

    fn candidate(question_id: i32, last_seen: Option<NaiveDateTime>) -> Candidate {
        Candidate {
            question_id,
            last_seen,
        }
    }

    #[test]
    fn unseen_questions_come_first_then_the_ones_seen_longest_ago() {
        let candidates = vec![
            candidate(1, at(9)),
            candidate(2, None),
            candidate(3, at(7)),
            candidate(4, None),
            candidate(5, at(8)),
        ];
        let ranked = rank(candidates, &mut fastrand::Rng::with_seed(7));
        assert_eq!(&ranked[2..], &[3, 5, 1]);
        let mut unseen = ranked[..2].to_vec();
        unseen.sort();
        assert_eq!(unseen, vec![2, 4]);
    }

    #[test]
    fn ties_are_ordered_differently_for_different_players() {
        let unseen: Vec<Candidate> = (1..=20).map(|id| candidate(id, None)).collect();
        let orders: std::collections::HashSet<Vec<i32>> = (0..5)
            .map(|seed| rank(unseen.clone(), &mut fastrand::Rng::with_seed(seed)))
            .collect();
        assert!(orders.len() > 1, "the same order for every player");
    }

    #[test]
    fn every_game_keeps_its_gold_share_and_at_least_one_gold() {
        assert_eq!(gold_needed(5, Decimal::new(2, 1)), 1);
        assert_eq!(gold_needed(5, Decimal::new(5, 1)), 3);
        assert_eq!(gold_needed(5, Decimal::ZERO), 1);
        assert_eq!(gold_needed(3, Decimal::ONE), 3);
        let pools = Pools {
            personal: vec![],
            unverified: vec![10, 11, 12, 13, 14],
            gold: vec![1, 2, 3],
        };
        let items = assemble(
            5,
            Decimal::new(4, 1),
            pools,
            &mut fastrand::Rng::with_seed(1),
        );
        let ids: Vec<i32> = items
            .unwrap_or_default()
            .iter()
            .map(|i| i.question_id)
            .collect();
        assert_eq!(ids.len(), 5);
        assert_eq!(ids.iter().filter(|id| **id < 10).count(), 2, "{ids:?}");
    }

    #[test]
    fn a_game_without_gold_does_not_start_and_a_short_bank_fills_with_what_is_left() {
        let pools = Pools {
            personal: vec![],
            unverified: vec![10, 11],
            gold: vec![],
        };
        assert!(
            assemble(
                5,
                Decimal::new(2, 1),
                pools,
                &mut fastrand::Rng::with_seed(1)
            )
            .is_none()
        );
        let pools = Pools {
            personal: vec![],
            unverified: vec![10],
            gold: vec![1, 2],
        };
        let items = assemble(
            5,
            Decimal::new(2, 1),
            pools,
            &mut fastrand::Rng::with_seed(1),
        );
        assert_eq!(items.map(|i| i.len()), Some(3));
    }

    #[test]
    fn gold_lands_at_varying_positions() {
        let positions: std::collections::HashSet<usize> = (0..20)
            .filter_map(|seed| {
                let pools = Pools {
                    personal: vec![],
                    unverified: vec![10, 11, 12, 13],
                    gold: vec![1],
                };
                let items = assemble(
                    5,
                    Decimal::new(2, 1),
                    pools,
                    &mut fastrand::Rng::with_seed(seed),
                )?;
                items.iter().position(|i| i.question_id == 1)
            })
            .collect();
        assert!(positions.len() >= 3, "{positions:?}");
    }
}
