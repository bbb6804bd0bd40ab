//! The game economy as one pure function: what a finished game pays. Each
//! rule here is a row of the README's "Game economy" table, and each has a
//! unit test below and an integration test through the API.
//!
//! Nothing pays unless it was measured: gold answers (a known right answer)
//! pay their rate when right; answers nobody can check pay a flat amount,
//! and only when the player got every gold question of the game right; a
//! game with a too-fast answer pays nothing at all.
use rust_decimal::Decimal;

/// One answer of the game, as the economy sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PaidAnswer {
    pub gold: bool,
    /// Right (gold) or accepted (a label, a vote, a phrasing that passed
    /// its checks).
    pub accepted: bool,
    /// Answered faster than `min_answer_seconds`.
    pub too_fast: bool,
    /// What a right gold answer pays: the question's own amount or its
    /// difficulty's rate.
    pub rate: Decimal,
}

/// How the game ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ending {
    /// Its last question was answered.
    LastAnswer,
    /// CompleteGame before the last answer.
    Early,
}

/// The settings the economy reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PayRules {
    pub unverified_answer_reward: Decimal,
    pub completion_bonus: Decimal,
    pub completion_bonus_min_correct_share: Decimal,
    pub loyalty_points_per_correct: i32,
}

/// Why a game earns nothing of a kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Forfeit {
    /// An answer came faster than a person reads: the whole game pays 0.
    TooFast,
    /// Ended before its last answer: no bonus, no unverified pay.
    EndedEarly,
    /// A gold question was missed: no unverified pay.
    GoldMissed,
}

impl Forfeit {
    pub fn as_str(self) -> &'static str {
        match self {
            Forfeit::TooFast => "too_fast",
            Forfeit::EndedEarly => "ended_early",
            Forfeit::GoldMissed => "gold_missed",
        }
    }
}

/// What the game earned before the daily cap.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Earnings {
    pub gold_answered: i32,
    pub gold_correct: i32,
    pub gold_pay: Decimal,
    /// Accepted unverified answers that were paid.
    pub unverified_paid: i32,
    pub unverified_pay: Decimal,
    pub bonus: Decimal,
    pub loyalty_points: i32,
    pub forfeit: Option<Forfeit>,
}

impl Earnings {
    pub fn gross(&self) -> Decimal {
        self.gold_pay + self.unverified_pay + self.bonus
    }
}

/// What a game of `planned` questions earns from its `answers`.
pub fn earnings(
    rules: &PayRules,
    answers: &[PaidAnswer],
    planned: usize,
    ending: Ending,
) -> Earnings {
    let gold: Vec<&PaidAnswer> = answers.iter().filter(|a| a.gold).collect();
    let gold_answered = count(gold.len());
    let gold_correct = count(gold.iter().filter(|a| a.accepted).count());
    let nothing = |forfeit| Earnings {
        gold_answered,
        gold_correct,
        gold_pay: Decimal::ZERO,
        unverified_paid: 0,
        unverified_pay: Decimal::ZERO,
        bonus: Decimal::ZERO,
        loyalty_points: 0,
        forfeit: Some(forfeit),
    };
    if answers.iter().any(|a| a.too_fast) {
        return nothing(Forfeit::TooFast);
    }
    let gold_pay: Decimal = gold.iter().filter(|a| a.accepted).map(|a| a.rate).sum();
    let finished = ending == Ending::LastAnswer && answers.len() >= planned;
    let all_gold_right = gold_answered > 0 && gold_correct == gold_answered;
    let unverified_paid = if finished && all_gold_right {
        count(answers.iter().filter(|a| !a.gold && a.accepted).count())
    } else {
        0
    };
    let bonus_earned = finished
        && gold_answered > 0
        && Decimal::from(gold_correct)
            >= rules.completion_bonus_min_correct_share * Decimal::from(gold_answered);
    let forfeit = if !finished {
        Some(Forfeit::EndedEarly)
    } else if !all_gold_right {
        Some(Forfeit::GoldMissed)
    } else {
        None
    };
    Earnings {
        gold_answered,
        gold_correct,
        gold_pay,
        unverified_paid,
        unverified_pay: rules.unverified_answer_reward * Decimal::from(unverified_paid),
        bonus: if bonus_earned {
            rules.completion_bonus
        } else {
            Decimal::ZERO
        },
        loyalty_points: rules
            .loyalty_points_per_correct
            .saturating_mul(gold_correct.saturating_add(unverified_paid)),
        forfeit,
    }
}

/// The part of `gross` the daily cap still allows, given what the user's
/// games already earned today.
pub fn capped(gross: Decimal, daily_cap: Decimal, earned_today: Decimal) -> Decimal {
    gross.min((daily_cap - earned_today).max(Decimal::ZERO))
}

fn count(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// The seeded settings' rules, for the unit and property tests.
#[cfg(test)]
pub fn seeded_rules() -> PayRules {
    PayRules {
        unverified_answer_reward: Decimal::new(50, 2),
        completion_bonus: Decimal::new(500, 2),
        completion_bonus_min_correct_share: Decimal::new(6, 1),
        loyalty_points_per_correct: 10,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gold(right: bool) -> PaidAnswer {
        PaidAnswer {
            gold: true,
            accepted: right,
            too_fast: false,
            rate: Decimal::new(300, 2),
        }
    }

    fn label() -> PaidAnswer {
        PaidAnswer {
            gold: false,
            accepted: true,
            too_fast: false,
            rate: Decimal::new(300, 2),
        }
    }

    fn money(cents: i64) -> Decimal {
        Decimal::new(cents, 2)
    }

    #[test]
    fn right_gold_answers_pay_their_rate_and_a_full_game_its_bonus() {
        let answers = [gold(true), gold(true), label(), label(), gold(true)];
        let e = earnings(&seeded_rules(), &answers, 5, Ending::LastAnswer);
        assert_eq!(e.gold_pay, money(900));
        assert_eq!(
            e.unverified_pay,
            money(100),
            "two labels at the flat rate, not the difficulty's"
        );
        assert_eq!(e.bonus, money(500));
        assert_eq!(e.gross(), money(1500));
        assert_eq!(e.loyalty_points, 50);
        assert_eq!(e.forfeit, None);
    }

    #[test]
    fn one_too_fast_answer_forfeits_the_whole_game() {
        let mut fast = gold(true);
        fast.too_fast = true;
        let answers = [gold(true), fast, label(), gold(true), gold(true)];
        let e = earnings(&seeded_rules(), &answers, 5, Ending::LastAnswer);
        assert_eq!(e.gross(), Decimal::ZERO);
        assert_eq!(e.loyalty_points, 0);
        assert_eq!(e.forfeit, Some(Forfeit::TooFast));
    }

    #[test]
    fn no_right_answer_pays_no_bonus_and_no_labels() {
        let answers = [gold(false), label(), gold(false), label(), gold(false)];
        let e = earnings(&seeded_rules(), &answers, 5, Ending::LastAnswer);
        assert_eq!(e.gross(), Decimal::ZERO);
        assert_eq!(e.forfeit, Some(Forfeit::GoldMissed));
    }

    #[test]
    fn a_missed_gold_keeps_the_bonus_above_the_share_but_drops_the_labels() {
        let answers = [gold(true), gold(true), gold(false), label(), gold(true)];
        let e = earnings(&seeded_rules(), &answers, 5, Ending::LastAnswer);
        assert_eq!(e.gold_pay, money(900));
        assert_eq!(e.unverified_pay, Decimal::ZERO);
        assert_eq!(e.bonus, money(500), "3 of 4 gold right is at least 0.6");
        let answers = [gold(true), gold(false), label(), label(), label()];
        let e = earnings(&seeded_rules(), &answers, 5, Ending::LastAnswer);
        assert_eq!(e.bonus, Decimal::ZERO, "1 of 2 gold right is below 0.6");
    }

    #[test]
    fn ending_early_keeps_gold_pay_and_forfeits_labels_and_bonus() {
        let answers = [label(), label(), gold(true)];
        let e = earnings(&seeded_rules(), &answers, 5, Ending::Early);
        assert_eq!(e.gold_pay, money(300));
        assert_eq!(e.unverified_pay + e.bonus, Decimal::ZERO);
        assert_eq!(e.forfeit, Some(Forfeit::EndedEarly));
    }

    #[test]
    fn labels_alone_never_pay() {
        let answers = [label(), label(), label()];
        let e = earnings(&seeded_rules(), &answers, 3, Ending::LastAnswer);
        assert_eq!(
            e.gross(),
            Decimal::ZERO,
            "no gold answered: nothing was measured"
        );
    }

    #[test]
    fn the_cap_takes_what_is_left_of_the_day() {
        assert_eq!(capped(money(1500), money(5000), money(4000)), money(1000));
        assert_eq!(capped(money(1500), money(5000), money(6000)), Decimal::ZERO);
        assert_eq!(capped(money(1500), money(5000), Decimal::ZERO), money(1500));
    }
}
