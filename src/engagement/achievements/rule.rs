//! Achievement rules as data, and the one pure function that says how far a
//! player has come: [`evaluate`]. Each kind is a row of the README's
//! "Achievements" table.
use chrono::{Duration, NaiveDate};
use rust_decimal::Decimal;

/// What a rule counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Metric {
    /// Counted (completed, non-forfeited) games.
    #[default]
    Games,
    /// Gold answers answered right.
    GoldCorrect,
    /// Games with every gold answer right, played to the end.
    PerfectGames,
    /// Days with a counted game.
    DaysPlayed,
}

impl Metric {
    pub const ALL: [Metric; 4] = [
        Metric::Games,
        Metric::GoldCorrect,
        Metric::PerfectGames,
        Metric::DaysPlayed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Metric::Games => "games",
            Metric::GoldCorrect => "gold_correct",
            Metric::PerfectGames => "perfect_games",
            Metric::DaysPlayed => "days_played",
        }
    }

    pub fn parse(text: &str) -> Option<Metric> {
        Metric::ALL.into_iter().find(|m| m.as_str() == text)
    }
}

/// What can come "in a row": perfect games one after another (a counted
/// game that is not perfect breaks the run), or days (the daily streak).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RowMetric {
    #[default]
    PerfectGames,
    DaysPlayed,
}

impl RowMetric {
    pub fn metric(self) -> Metric {
        match self {
            RowMetric::PerfectGames => Metric::PerfectGames,
            RowMetric::DaysPlayed => Metric::DaysPlayed,
        }
    }

    pub fn of(metric: Metric) -> Option<RowMetric> {
        match metric {
            Metric::PerfectGames => Some(RowMetric::PerfectGames),
            Metric::DaysPlayed => Some(RowMetric::DaysPlayed),
            Metric::Games | Metric::GoldCorrect => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rule {
    Count {
        metric: Metric,
        target: i32,
    },
    InARow {
        metric: RowMetric,
        target: i32,
    },
    WithinDays {
        metric: Metric,
        target: i32,
        window_days: i32,
    },
    GoldAccuracy {
        min_accuracy: Decimal,
        min_answers: i32,
    },
    FirstInLanguage {
        language: String,
    },
}

impl Rule {
    /// The progress at which the rule is met (answers, for gold accuracy).
    pub fn target(&self) -> i32 {
        match self {
            Rule::Count { target, .. }
            | Rule::InARow { target, .. }
            | Rule::WithinDays { target, .. } => *target,
            Rule::GoldAccuracy { min_answers, .. } => *min_answers,
            Rule::FirstInLanguage { .. } => 1,
        }
    }

    /// The `achievements.rule_kind` column.
    pub fn kind(&self) -> &'static str {
        match self {
            Rule::Count { .. } => "count",
            Rule::InARow { .. } => "in_a_row",
            Rule::WithinDays { .. } => "within_days",
            Rule::GoldAccuracy { .. } => "gold_accuracy",
            Rule::FirstInLanguage { .. } => "first_in_language",
        }
    }
}

/// One day's counted games of a player.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DayTally {
    pub day: NaiveDate,
    pub games: i32,
    pub gold_correct: i32,
    pub perfect_games: i32,
}

/// What the rules read when a counted game completes, that game included.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Facts {
    /// Today (in `day_timezone`).
    pub today: NaiveDate,
    /// Every day with a counted game.
    pub days: Vec<DayTally>,
    /// The game just completed.
    pub perfect: bool,
    pub language: Option<String>,
    /// The daily streak after this game.
    pub streak_days: i32,
    /// Gold answers ever answered, and answered right.
    pub gold_answered: i32,
    pub gold_correct: i32,
}

impl Facts {
    /// The metric summed over the days from `since` on.
    fn sum(&self, metric: Metric, since: Option<NaiveDate>) -> i32 {
        self.days
            .iter()
            .filter(|d| since.is_none_or(|s| d.day >= s))
            .map(|d| match metric {
                Metric::Games => d.games,
                Metric::GoldCorrect => d.gold_correct,
                Metric::PerfectGames => d.perfect_games,
                Metric::DaysPlayed => i32::from(d.games > 0),
            })
            .fold(0, i32::saturating_add)
    }
}

/// How far the player has come: `(progress, met)`. `previous` is the
/// stored progress (runs of perfect games continue from it). Progress is
/// never shown above the target.
pub fn evaluate(rule: &Rule, previous: i32, facts: &Facts) -> (i32, bool) {
    let target = rule.target();
    let (progress, met) = match rule {
        Rule::Count { metric, .. } => {
            let total = facts.sum(*metric, None);
            (total, total >= target)
        }
        Rule::InARow { metric, .. } => {
            let run = match metric {
                RowMetric::DaysPlayed => facts.streak_days,
                RowMetric::PerfectGames if facts.perfect => previous.saturating_add(1),
                RowMetric::PerfectGames => 0,
            };
            (run, run >= target)
        }
        Rule::WithinDays {
            metric,
            window_days,
            ..
        } => {
            let since = facts.today - Duration::days(i64::from((*window_days).max(1) - 1));
            let total = facts.sum(*metric, Some(since));
            (total, total >= target)
        }
        Rule::GoldAccuracy { min_accuracy, .. } => {
            let answered = facts.gold_answered;
            let accurate = answered > 0
                && Decimal::from(facts.gold_correct) >= *min_accuracy * Decimal::from(answered);
            (answered, answered >= target && accurate)
        }
        Rule::FirstInLanguage { language } => {
            let here = facts.language.as_deref() == Some(language.as_str());
            (i32::from(here), here)
        }
    };
    (progress.min(target), met)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(n: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, n).unwrap_or_default()
    }

    fn tally(n: u32, games: i32, gold_correct: i32, perfect_games: i32) -> DayTally {
        DayTally {
            day: day(n),
            games,
            gold_correct,
            perfect_games,
        }
    }

    fn facts() -> Facts {
        Facts {
            today: day(10),
            days: vec![tally(1, 4, 8, 1), tally(8, 2, 3, 0), tally(10, 3, 6, 2)],
            perfect: true,
            language: Some("hi".into()),
            streak_days: 1,
            gold_answered: 20,
            gold_correct: 17,
        }
    }

    #[test]
    fn each_rule_kind_measures_its_metric() {
        let f = facts();
        let cases = [
            (
                Rule::Count {
                    metric: Metric::Games,
                    target: 10,
                },
                0,
                (9, false),
                "9 games ever",
            ),
            (
                Rule::Count {
                    metric: Metric::GoldCorrect,
                    target: 10,
                },
                0,
                (10, true),
                "17 right, shown as 10/10",
            ),
            (
                Rule::Count {
                    metric: Metric::DaysPlayed,
                    target: 3,
                },
                0,
                (3, true),
                "3 days",
            ),
            (
                Rule::WithinDays {
                    metric: Metric::Games,
                    target: 5,
                    window_days: 3,
                },
                0,
                (5, true),
                "days 8-10",
            ),
            (
                Rule::WithinDays {
                    metric: Metric::Games,
                    target: 5,
                    window_days: 1,
                },
                0,
                (3, false),
                "today only",
            ),
            (
                Rule::InARow {
                    metric: RowMetric::PerfectGames,
                    target: 3,
                },
                2,
                (3, true),
                "a third perfect game",
            ),
            (
                Rule::InARow {
                    metric: RowMetric::DaysPlayed,
                    target: 3,
                },
                0,
                (1, false),
                "the streak",
            ),
            (
                Rule::GoldAccuracy {
                    min_accuracy: Decimal::new(85, 2),
                    min_answers: 20,
                },
                0,
                (20, true),
                "0.85 of 20",
            ),
            (
                Rule::GoldAccuracy {
                    min_accuracy: Decimal::new(9, 1),
                    min_answers: 20,
                },
                0,
                (20, false),
                "below 0.9",
            ),
            (
                Rule::GoldAccuracy {
                    min_accuracy: Decimal::new(5, 1),
                    min_answers: 30,
                },
                0,
                (20, false),
                "too few",
            ),
            (
                Rule::FirstInLanguage {
                    language: "hi".into(),
                },
                0,
                (1, true),
                "a Hindi game",
            ),
            (
                Rule::FirstInLanguage {
                    language: "en".into(),
                },
                0,
                (0, false),
                "not English",
            ),
        ];
        for (rule, previous, expected, why) in cases {
            assert_eq!(evaluate(&rule, previous, &f), expected, "{why}");
        }
    }

    #[test]
    fn a_counted_game_that_is_not_perfect_breaks_the_run() {
        let f = Facts {
            perfect: false,
            ..facts()
        };
        let rule = Rule::InARow {
            metric: RowMetric::PerfectGames,
            target: 3,
        };
        assert_eq!(evaluate(&rule, 2, &f), (0, false));
    }
}
