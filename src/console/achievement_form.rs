//! The achievement form: create or edit, checked by the domain's parser,
//! each violation shown at its input.
use axum::{
    Form,
    extract::{Path, Query, State},
    response::{IntoResponse, Redirect, Response},
};
use maud::{Markup, html};
use serde::Deserialize;

use super::{
    Console, form,
    form::Errors,
    layout::{self, Nav},
    session::{Admin, Session},
};
use crate::{
    engagement::achievements::{
        self, Achievement, Metric, Rule, Texts,
        input::{RawAchievement, RawRule},
    },
    error::AppError,
};

/// The form's fields, as text.
#[derive(Debug, Default, Deserialize)]
pub struct AchievementForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    key: String,
    #[serde(default)]
    name_en: String,
    #[serde(default)]
    name_hi: String,
    #[serde(default)]
    description_en: String,
    #[serde(default)]
    description_hi: String,
    #[serde(default, rename = "rule")]
    rule_kind: String,
    #[serde(default)]
    metric: String,
    #[serde(default)]
    target: String,
    #[serde(default)]
    window_days: String,
    #[serde(default)]
    min_accuracy: String,
    #[serde(default)]
    language: String,
    #[serde(default)]
    reward_points: String,
    #[serde(default)]
    reward_amount: String,
    enabled: Option<String>,
}

const KINDS: [&str; 5] = [
    "count",
    "in_a_row",
    "within_days",
    "gold_accuracy",
    "first_in_language",
];

/// The form's inputs (a violation's field is shown at its input).
const FIELDS: [&str; 14] = [
    "key",
    "name_en",
    "name_hi",
    "description_en",
    "description_hi",
    "rule",
    "metric",
    "target",
    "window_days",
    "min_accuracy",
    "language",
    "reward_points",
    "reward_amount",
    "enabled",
];

impl AchievementForm {
    fn from_achievement(a: &Achievement) -> AchievementForm {
        let (metric, window_days, min_accuracy, language) = match &a.rule {
            Rule::Count { metric, .. } => (metric.as_str(), String::new(), String::new(), ""),
            Rule::InARow { metric, .. } => {
                (metric.metric().as_str(), String::new(), String::new(), "")
            }
            Rule::WithinDays {
                metric,
                window_days,
                ..
            } => (metric.as_str(), window_days.to_string(), String::new(), ""),
            Rule::GoldAccuracy { min_accuracy, .. } => {
                ("", String::new(), min_accuracy.normalize().to_string(), "")
            }
            Rule::FirstInLanguage { language } => {
                ("", String::new(), String::new(), language.as_str())
            }
        };
        AchievementForm {
            csrf: String::new(),
            key: a.key.clone(),
            name_en: a.name.en.clone(),
            name_hi: a.name.hi.clone(),
            description_en: a.description.en.clone(),
            description_hi: a.description.hi.clone(),
            rule_kind: a.rule.kind().into(),
            metric: metric.into(),
            target: a.rule.target().to_string(),
            window_days,
            min_accuracy,
            language: language.into(),
            reward_points: a.reward_points.to_string(),
            reward_amount: a
                .reward_amount
                .map(|m| format!("{m:.2}"))
                .unwrap_or_default(),
            enabled: a.enabled.then(|| "on".into()),
        }
    }

    /// What the domain parses; a number that does not read is 0 (refused
    /// there with its field).
    fn raw(&self) -> RawAchievement {
        let number = |text: &str| text.trim().parse::<i32>().unwrap_or(0);
        let metric = Metric::parse(self.metric.trim());
        let target = number(&self.target);
        let rule = match self.rule_kind.as_str() {
            "count" => Some(RawRule::Count { metric, target }),
            "in_a_row" => Some(RawRule::InARow { metric, target }),
            "within_days" => Some(RawRule::WithinDays {
                metric,
                target,
                window_days: number(&self.window_days),
            }),
            "gold_accuracy" => Some(RawRule::GoldAccuracy {
                min_accuracy: self.min_accuracy.trim().into(),
                min_answers: target,
            }),
            "first_in_language" => Some(RawRule::FirstInLanguage {
                language: self.language.clone(),
            }),
            _ => None,
        };
        RawAchievement {
            name: Texts {
                en: self.name_en.clone(),
                hi: self.name_hi.clone(),
            },
            description: Texts {
                en: self.description_en.clone(),
                hi: self.description_hi.clone(),
            },
            rule,
            reward_points: number(&self.reward_points),
            reward_amount: self.reward_amount.clone(),
            enabled: self.enabled.is_some(),
        }
    }
}

/// Errors by the form's input names: `name.en` → `name_en`,
/// `rule.count.target` → `target`, `reward_loyalty_points` → `reward_points`.
fn errors_of(error: &AppError) -> Errors {
    let AppError::InvalidArgument(violations) = error else {
        return Errors::from_error(error);
    };
    let renamed: Vec<_> = violations
        .iter()
        .map(|v| {
            let field = match v.field.split('.').collect::<Vec<_>>().as_slice() {
                ["rule", _, "min_answers"] => "target".into(),
                ["rule", _, last] => (*last).to_string(),
                ["reward_loyalty_points"] => "reward_points".into(),
                parts => parts.join("_"),
            };
            crate::error::Violation::new(field, v.description.clone())
        })
        .collect();
    let mut errors = Errors::default();
    errors.add_all(&renamed);
    errors
}

fn editor(session: &Session, action: &str, form: &AchievementForm, errors: &Errors) -> Markup {
    let input = |name: &str, label: &str, value: &str, hint: &str| {
        html! {
            label for=(name) { (label) }
            @if !hint.is_empty() { span.hint id={ (name) "-hint" } { (hint) } }
            input id=(name) type="text" name=(name) value=(value)
                lang=[name.ends_with("_hi").then_some("hi")]
                aria-invalid=[errors.has(name).then_some("true")]
                aria-describedby=[errors.describedby(name)];
            (errors.at(name))
        }
    };
    let select = |name: &str, label: &str, options: &[&str], chosen: &str| {
        html! {
            label for=(name) { (label) }
            select id=(name) name=(name) aria-invalid=[errors.has(name).then_some("true")] {
                @for option in options {
                    option value=(option) selected[*option == chosen] { (option) }
                }
            }
            (errors.at(name))
        }
    };
    let metrics: Vec<&str> = Metric::ALL.iter().map(|m| m.as_str()).collect();
    let new = action.ends_with("/new");
    html! {
        (errors.summary(&FIELDS))
        form.stack #achievement-form method="post" action=(action) {
            (layout::csrf(session))
            @if new {
                (input("key", "Key", &form.key, "Lower-case letters, digits and _; cannot change later."))
            } @else {
                p { "Key: " code { (form.key) } }
            }
            (input("name_en", "Name (English)", &form.name_en, ""))
            (input("name_hi", "Name (Hindi)", &form.name_hi, ""))
            (input("description_en", "Description (English)", &form.description_en, ""))
            (input("description_hi", "Description (Hindi)", &form.description_hi, ""))
            (select("rule", "Rule", &KINDS, &form.rule_kind))
            (select("metric", "Counts", &metrics, &form.metric))
            (input("target", "Target", &form.target, "How many; for gold accuracy, the fewest gold answers."))
            (input("window_days", "Within days", &form.window_days, "within_days only."))
            (input("min_accuracy", "Minimum gold accuracy", &form.min_accuracy, "gold_accuracy only, e.g. 0.9."))
            (input("language", "Language", &form.language, "first_in_language only, e.g. hi."))
            (input("reward_points", "Reward: loyalty points", &form.reward_points, ""))
            (input("reward_amount", "Reward: money", &form.reward_amount, "Empty for none; paid with the game that unlocks it, within the daily cap."))
            label.check {
                input #enabled type="checkbox" name="enabled" checked[form.enabled.is_some()];
                " Enabled"
            }
            button type="submit" { "Save achievement" }
        }
    }
}

fn page(session: &Session, title: &str, body: Markup) -> Markup {
    layout::page(title, Some(session), Nav::Achievements, body)
}

pub async fn new_form(Admin(session): Admin) -> Response {
    let form = AchievementForm {
        rule_kind: "count".into(),
        metric: "games".into(),
        reward_points: "0".into(),
        enabled: Some("on".into()),
        ..AchievementForm::default()
    };
    let body = editor(&session, "/achievements/new", &form, &Errors::default());
    layout::render(page(&session, "New achievement", body))
}

pub async fn create(
    State(console): State<Console>,
    Admin(session): Admin,
    Form(form): Form<AchievementForm>,
) -> Response {
    if let Some(refused) = form::csrf_refusal(&session, &form.csrf) {
        return refused;
    }
    let now = console.state.clock.now();
    match achievements::create(&console.state.db, form.key.trim(), form.raw(), now).await {
        Ok(a) => Redirect::to(&format!("/achievements/{}?done=saved", a.id)).into_response(),
        Err(error) => {
            let body = editor(&session, "/achievements/new", &form, &errors_of(&error));
            layout::render_status(
                form::status_of(&error),
                page(&session, "New achievement", body),
            )
        }
    }
}

#[derive(Deserialize)]
pub struct DoneQuery {
    done: Option<String>,
}

pub async fn edit_form(
    State(console): State<Console>,
    Admin(session): Admin,
    Path(id): Path<i32>,
    Query(query): Query<DoneQuery>,
) -> Response {
    let achievement = match achievements::get(&console.state.db, id).await {
        Ok(a) => a,
        Err(error) => return form::error_response(&session, &error),
    };
    let form = AchievementForm::from_achievement(&achievement);
    let body = html! {
        (layout::notice(query.done.as_deref()))
        (editor(&session, &format!("/achievements/{id}"), &form, &Errors::default()))
    };
    layout::render(page(&session, "Edit achievement", body))
}

pub async fn update(
    State(console): State<Console>,
    Admin(session): Admin,
    Path(id): Path<i32>,
    Form(form): Form<AchievementForm>,
) -> Response {
    if let Some(refused) = form::csrf_refusal(&session, &form.csrf) {
        return refused;
    }
    let now = console.state.clock.now();
    match achievements::update(&console.state.db, id, form.raw(), now).await {
        Ok(_) => Redirect::to(&format!("/achievements/{id}?done=saved")).into_response(),
        Err(error) => {
            let action = format!("/achievements/{id}");
            let body = editor(&session, &action, &form, &errors_of(&error));
            layout::render_status(
                form::status_of(&error),
                page(&session, "Edit achievement", body),
            )
        }
    }
}
