//! Parsing an admin's achievement into a rule that cannot hold bad values.
//! Every violation names its field (e.g. `rule.within_days.window_days`).
use rust_decimal::Decimal;

use super::{
    Texts,
    rule::{Metric, RowMetric, Rule},
};
use crate::{
    error::{AppError, AppResult, Violation, Violations},
    fields::{game, label},
};

/// Targets above this are typos, not goals.
const MAX_TARGET: i32 = 1_000_000;
const MAX_WINDOW_DAYS: i32 = 365;
/// The most money one achievement may pay (the daily cap still applies).
const MAX_AMOUNT: Decimal = Decimal::from_parts(100_000, 0, 0, false, 2);

/// An achievement as the caller sent it, before any check.
#[derive(Clone, Debug, Default)]
pub struct RawAchievement {
    pub name: Texts,
    pub description: Texts,
    pub rule: Option<RawRule>,
    pub reward_points: i32,
    pub reward_amount: String,
    pub enabled: bool,
}

/// A rule as sent: a metric the caller left unspecified is None.
#[derive(Clone, Debug)]
pub enum RawRule {
    Count {
        metric: Option<Metric>,
        target: i32,
    },
    InARow {
        metric: Option<Metric>,
        target: i32,
    },
    WithinDays {
        metric: Option<Metric>,
        target: i32,
        window_days: i32,
    },
    GoldAccuracy {
        min_accuracy: String,
        min_answers: i32,
    },
    FirstInLanguage {
        language: String,
    },
}

/// A checked achievement (all but its key and id).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AchievementInput {
    pub name: Texts,
    pub description: Texts,
    pub rule: Rule,
    pub reward_points: i32,
    pub reward_amount: Option<Decimal>,
    pub enabled: bool,
}

/// A key: lower-case letters, digits and `_`, at most 100.
pub fn key(text: &str) -> Result<String, Violation> {
    let ok = !text.is_empty()
        && text.len() <= 100
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !ok {
        return Err(Violation::new(
            "key",
            "is required: 1 to 100 lower-case letters, digits and _",
        ));
    }
    Ok(text.to_string())
}

pub fn parse(raw: RawAchievement) -> AppResult<AchievementInput> {
    let RawAchievement {
        name,
        description,
        rule,
        reward_points,
        reward_amount,
        enabled,
    } = raw;
    let mut v = Violations::new();
    let name = Texts {
        en: v.field(game::required_text("name.en", &name.en, 200)),
        hi: v.field(game::required_text("name.hi", &name.hi, 200)),
    };
    let description = Texts {
        en: v.field(game::required_text("description.en", &description.en, 500)),
        hi: v.field(game::required_text("description.hi", &description.hi, 500)),
    };
    let rule = match rule.map(parse_rule) {
        None => {
            v.add(
                "rule",
                "is required: one of count, in_a_row, within_days, gold_accuracy, first_in_language",
            );
            None
        }
        Some(Ok(rule)) => Some(rule),
        Some(Err(found)) => {
            v.fields(Err::<(), _>(found));
            None
        }
    };
    let reward_points = v.field(points(reward_points));
    let reward_amount = v.field(amount(&reward_amount));
    v.finish()?;
    let Some(rule) = rule else {
        return Err(AppError::Internal("a rule passed without a value".into()));
    };
    Ok(AchievementInput {
        name,
        description,
        rule,
        reward_points,
        reward_amount,
        enabled,
    })
}

fn parse_rule(raw: RawRule) -> Result<Rule, Vec<Violation>> {
    let mut v = Violations::new();
    let rule = match raw {
        RawRule::Count { metric, target } => Rule::Count {
            metric: v.field(some_metric("rule.count.metric", metric)),
            target: v.field(count("rule.count.target", target, MAX_TARGET)),
        },
        RawRule::InARow { metric, target } => Rule::InARow {
            metric: v.field(row_metric(metric)),
            target: v.field(count("rule.in_a_row.target", target, MAX_TARGET)),
        },
        RawRule::WithinDays {
            metric,
            target,
            window_days,
        } => Rule::WithinDays {
            metric: v.field(some_metric("rule.within_days.metric", metric)),
            target: v.field(count("rule.within_days.target", target, MAX_TARGET)),
            window_days: v.field(count(
                "rule.within_days.window_days",
                window_days,
                MAX_WINDOW_DAYS,
            )),
        },
        RawRule::GoldAccuracy {
            min_accuracy,
            min_answers,
        } => Rule::GoldAccuracy {
            min_accuracy: v.field(accuracy(&min_accuracy)),
            min_answers: v.field(count(
                "rule.gold_accuracy.min_answers",
                min_answers,
                MAX_TARGET,
            )),
        },
        RawRule::FirstInLanguage { language } => Rule::FirstInLanguage {
            language: v.field(language_tag(&language)),
        },
    };
    v.into_result(rule)
}

fn some_metric(field: &str, metric: Option<Metric>) -> Result<Metric, Violation> {
    metric.ok_or_else(|| Violation::new(field, "is required"))
}

fn row_metric(metric: Option<Metric>) -> Result<RowMetric, Violation> {
    metric.and_then(RowMetric::of).ok_or_else(|| {
        Violation::new(
            "rule.in_a_row.metric",
            "must be PERFECT_GAMES or DAYS_PLAYED",
        )
    })
}

fn count(field: &str, value: i32, max: i32) -> Result<i32, Violation> {
    if !(1..=max).contains(&value) {
        return Err(Violation::new(field, format!("must be from 1 to {max}")));
    }
    Ok(value)
}

fn accuracy(text: &str) -> Result<Decimal, Violation> {
    let field = "rule.gold_accuracy.min_accuracy";
    match label::parse_decimal(text) {
        Some(p) if p > Decimal::ZERO && p <= Decimal::ONE => Ok(p),
        _ => Err(Violation::new(
            field,
            "must be a decimal above 0 and at most 1, e.g. 0.9",
        )),
    }
}

fn language_tag(text: &str) -> Result<String, Violation> {
    let field = "rule.first_in_language.language";
    game::language(field, text)?.ok_or_else(|| Violation::new(field, "is required, e.g. hi"))
}

fn points(value: i32) -> Result<i32, Violation> {
    if !(0..=100_000).contains(&value) {
        return Err(Violation::new(
            "reward_loyalty_points",
            "must be from 0 to 100000",
        ));
    }
    Ok(value)
}

/// Empty: no money. Else an amount above 0 with at most two places.
fn amount(text: &str) -> Result<Option<Decimal>, Violation> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    match label::parse_decimal(text) {
        Some(a) if a > Decimal::ZERO && a <= MAX_AMOUNT && a.normalize().scale() <= 2 => {
            Ok(Some(a))
        }
        _ => Err(Violation::new(
            "reward_amount",
            "must be empty or an amount above 0 and at most 1000.00, two decimal places at most",
        )),
    }
}
