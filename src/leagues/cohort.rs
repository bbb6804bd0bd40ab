//! The one ranking rule of a cohort, used for the live standings and for
//! the week's close.
//!
//! Order: league points, most first; equal points go to whoever reached
//! them first (`points_at`), then the lower user id. Ranks: equal points
//! share a rank (1, 2, 2, 4). Zones go by that order: the first
//! `promote_count` move up and the last `demote_count` move down, each at
//! most half the cohort (rounded down) so the zones never overlap; nobody
//! moves up from the highest tier or down from the lowest, and a player
//! with no points is never promoted.
use chrono::NaiveDateTime;

use super::tier::{Outcome, Tier};

/// A cohort member as the rule reads them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    pub user_id: i32,
    pub points: i64,
    pub points_at: NaiveDateTime,
}

/// A member with their rank and where the close would move them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ranked {
    pub user_id: i32,
    pub points: i64,
    pub rank: i32,
    pub outcome: Outcome,
}

/// How many move up and down in a cohort of `size` at `tier`.
pub fn zone_sizes(size: usize, tier: Tier, promote: i64, demote: i64) -> (usize, usize) {
    let half = size / 2;
    let clamp = |n: i64| usize::try_from(n.max(0)).unwrap_or(usize::MAX).min(half);
    let up = if tier.is_highest() { 0 } else { clamp(promote) };
    let down = if tier.is_lowest() { 0 } else { clamp(demote) };
    (up, down)
}

/// Ranks a cohort (any order in) by the rule above, best first.
pub fn rank(mut members: Vec<Member>, tier: Tier, promote: i64, demote: i64) -> Vec<Ranked> {
    members.sort_by(|a, b| {
        b.points
            .cmp(&a.points)
            .then(a.points_at.cmp(&b.points_at))
            .then(a.user_id.cmp(&b.user_id))
    });
    let size = members.len();
    let (up, down) = zone_sizes(size, tier, promote, demote);
    let mut ranked: Vec<Ranked> = Vec::with_capacity(size);
    for (i, m) in members.into_iter().enumerate() {
        let rank = match ranked.last() {
            Some(last) if last.points == m.points => last.rank,
            _ => crate::convert::count(i).saturating_add(1),
        };
        let outcome = if i < up && m.points > 0 {
            Outcome::Promoted
        } else if i >= size - down {
            Outcome::Demoted
        } else {
            Outcome::Stayed
        };
        ranked.push(Ranked {
            user_id: m.user_id,
            points: m.points,
            rank,
            outcome,
        });
    }
    ranked
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(user_id: i32, points: i64, second: u32) -> Member {
        let at = chrono::NaiveDate::from_ymd_opt(2026, 3, 2)
            .and_then(|d| d.and_hms_opt(10, 0, second))
            .unwrap_or_default();
        Member {
            user_id,
            points,
            points_at: at,
        }
    }

    #[test]
    fn the_top_move_up_the_bottom_down_and_ties_share_a_rank() {
        let members = vec![
            member(1, 5, 0),
            member(2, 9, 0),
            member(3, 5, 1),
            member(4, 0, 0),
            member(5, 2, 0),
            member(6, 1, 0),
        ];
        let ranked = rank(members, Tier::Silver, 2, 2);
        let view: Vec<(i32, i32, Outcome)> = ranked
            .iter()
            .map(|r| (r.user_id, r.rank, r.outcome))
            .collect();
        use Outcome::*;
        assert_eq!(
            view,
            vec![
                (2, 1, Promoted),
                (1, 2, Promoted),
                (3, 2, Stayed),
                (5, 4, Stayed),
                (6, 5, Demoted),
                (4, 6, Demoted),
            ],
            "user 1 reached 5 points first and takes the last promotion place"
        );
    }

    #[test]
    fn small_cohorts_move_at_most_half_and_the_ends_hold() {
        assert_eq!(zone_sizes(5, Tier::Silver, 7, 5), (2, 2));
        assert_eq!(zone_sizes(1, Tier::Silver, 7, 5), (0, 0));
        assert_eq!(zone_sizes(30, Tier::Bronze, 7, 5), (7, 0));
        assert_eq!(zone_sizes(30, Tier::Diamond, 7, 5), (0, 5));
        let ranked = rank(vec![member(1, 0, 0), member(2, 0, 0)], Tier::Gold, 1, 0);
        assert!(
            ranked.iter().all(|r| r.outcome == Outcome::Stayed),
            "no points, no promotion"
        );
    }
}
