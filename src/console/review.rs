//! The review queue, keyboard first: one pending sample at a time, highest
//! priority first, with the NLU's prediction and alternates, the crowd's
//! votes with each voter's reliability and the agreement. Keys: `a`
//! approve, `r` reject, `l` relabel (type or pick a suggestion, `1`–`9`),
//! `s` skip. Every key is also a button, so it works without JavaScript.
use axum::{
    Form,
    extract::{Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use maud::{Markup, html};
use serde::Deserialize;

use super::{
    Console,
    form::{self, Errors},
    layout::{self, Nav, when},
    session::{Admin, Session},
};
use crate::{
    crowd::{self, VoteView, rule::Verdict},
    dashboard::{ReviewContext, store as figures},
    error::{AppError, AppResult, Violations},
    fields::label,
    training::{
        self, Sample,
        review::{self, Decision},
    },
};

#[derive(Deserialize)]
pub struct QueueQuery {
    /// The queue's cursor: the sample shown is the first after it.
    #[serde(default)]
    after: String,
    done: Option<String>,
}

pub async fn page(
    State(console): State<Console>,
    Admin(session): Admin,
    Query(query): Query<QueueQuery>,
) -> Response {
    let found = training::review_queue(&console.state.db, 1, &query.after).await;
    let (mut rows, _) = match found {
        Ok(found) => found,
        Err(error) => return form::error_response(&session, &error),
    };
    let sample = rows.pop();
    // Skipping is possible from the last sample too: the queue then shows
    // that nothing follows.
    let skip = sample.as_ref().map(training::queue_token_after);
    let notice = layout::notice(query.done.as_deref());
    show(
        &console,
        &session,
        sample,
        skip,
        &query.after,
        &Errors::default(),
        notice,
        StatusCode::OK,
    )
    .await
}

/// Everything shown beside a sample.
struct Beside {
    context: Option<ReviewContext>,
    votes: Vec<VoteView>,
    verdict: Verdict,
    min_gold_answers: i32,
    known: Vec<String>,
    pending: i64,
}

async fn beside(console: &Console, sample: Option<&Sample>) -> AppResult<Beside> {
    let db = &console.state.db;
    let settings = console.state.settings.current().await;
    let (context, votes, verdict) = match sample {
        Some(sample) => {
            let context = match sample.conversation_log_id {
                Some(id) => figures::review_context(db, id).await?,
                None => None,
            };
            let (votes, verdict) = crowd::votes_of(db, &settings, sample.id).await?;
            (context, votes, verdict)
        }
        None => (
            None,
            Vec::new(),
            Verdict::Open {
                votes: 0,
                counted: 0,
            },
        ),
    };
    Ok(Beside {
        context,
        votes,
        verdict,
        min_gold_answers: settings.min_gold_answers,
        known: figures::known_intents(db, 200).await?,
        pending: figures::pending_samples(db).await?,
    })
}

#[allow(clippy::too_many_arguments)]
async fn show(
    console: &Console,
    session: &Session,
    sample: Option<Sample>,
    skip: Option<String>,
    after: &str,
    errors: &Errors,
    notice: Markup,
    status: StatusCode,
) -> Response {
    let beside = match beside(console, sample.as_ref()).await {
        Ok(beside) => beside,
        Err(error) => return form::error_response(session, &error),
    };
    let body = html! {
        (notice)
        p.lead { strong #pending-count { (beside.pending) } " sample(s) waiting for review." }
        @match &sample {
            None => {
                p #queue-empty { "The queue is empty: nothing waits for review." }
                @if !after.is_empty() { p { a href="/review" { "Back to the start of the queue" } } }
            }
            Some(sample) => (review_card(session, sample, &beside, skip.as_deref(), after, errors))
        }
        (keys_help())
    };
    layout::render_status(
        status,
        layout::page("Review queue", Some(session), Nav::Review, body),
    )
}

/// The sample's suggestions for a relabel: NLU alternates, the crowd's
/// labels and the recorded intent, without repeats.
fn suggestions(sample: &Sample, beside: &Beside) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |s: &str| {
        if !s.is_empty() && !out.iter().any(|o| o == s) {
            out.push(s.to_string());
        }
    };
    if let Some(context) = &beside.context {
        if let Some(intent) = &context.intent {
            push(intent);
        }
        for (intent, _) in &context.alternates {
            push(intent);
        }
    }
    for vote in &beside.votes {
        push(&vote.intent);
    }
    push(&sample.intent);
    out.truncate(9);
    out
}

fn percent(value: rust_decimal::Decimal) -> String {
    format!("{:.0}%", value * rust_decimal::Decimal::from(100))
}

fn review_card(
    session: &Session,
    sample: &Sample,
    beside: &Beside,
    skip: Option<&str>,
    after: &str,
    errors: &Errors,
) -> Markup {
    let action = format!("/review/{}", sample.id);
    let language = sample.language.as_deref().unwrap_or("");
    let suggestions = suggestions(sample, beside);
    html! {
        article.sample #review data-sample=(sample.id) {
            header {
                h2 { "Sample " (sample.id) }
                p.meta {
                    (sample.source.as_ref().map(|s| s.as_str().to_string()).unwrap_or_default())
                    " · " (if language.is_empty() { "language unknown" } else { language })
                    " · priority " (sample.review_priority)
                    " · recorded " (when(sample.created_at))
                }
            }
            blockquote.message lang=(language) { (sample.text) }
            div.columns {
                section {
                    h3 { "NLU prediction" }
                    p { "Recorded intent " strong #sample-intent { (sample.intent) }
                        @if let Some(c) = sample.confidence { " at " (percent(c)) } }
                    @if let Some(context) = &beside.context {
                        @if let Some(intent) = &context.intent {
                            p { "The NLU said " strong { (intent) }
                                @if let Some(c) = context.confidence { " (" (percent(c)) ")" } }
                        }
                        @if context.alternates.is_empty() {
                            p { "No alternates logged." }
                        } @else {
                            table.alternates {
                                caption { "Alternates" }
                                thead { tr { th { "Intent" } th { "Confidence" } } }
                                tbody { @for (intent, score) in &context.alternates {
                                    tr { td { (intent) } td.num { (percent(*score)) } }
                                } }
                            }
                        }
                    } @else {
                        p { "Not promoted from a logged turn: no alternates." }
                    }
                }
                section {
                    h3 { "Crowd" }
                    p #agreement { (verdict_text(&beside.verdict)) }
                    @if beside.votes.is_empty() {
                        p { "No votes." }
                    } @else {
                        table.votes {
                            caption { "Votes" }
                            thead { tr { th { "Player" } th { "Label" } th { "Gold" } th { "Reliability" } } }
                            tbody { @for v in &beside.votes {
                                tr {
                                    td { (v.user_id) }
                                    td { (v.intent) }
                                    td.num { (v.gold.correct) "/" (v.gold.answered) }
                                    td {
                                        @match (v.weight, v.gold.accuracy(beside.min_gold_answers)) {
                                            (Some(w), _) => { (percent(w)) }
                                            (None, Some(a)) => { (percent(a)) " (below the threshold: not counted)" }
                                            (None, None) => { "not yet measured: not counted" }
                                        }
                                    }
                                }
                            } }
                        }
                    }
                }
            }
            (errors.summary(&["intent"]))
            div.decisions {
                form #approve-form method="post" action=(action) {
                    (layout::csrf(session))
                    input type="hidden" name="after" value=(after);
                    input type="hidden" name="action" value="approve";
                    button #approve type="submit" { kbd { "a" } " Approve as " (sample.intent) }
                }
                form #reject-form method="post" action=(action) {
                    (layout::csrf(session))
                    input type="hidden" name="after" value=(after);
                    input type="hidden" name="action" value="reject";
                    button #reject type="submit" { kbd { "r" } " Reject" }
                }
                @if let Some(skip) = skip {
                    a.button #skip href={ "/review?after=" (skip) } { kbd { "s" } " Skip" }
                }
            }
            form.relabel #relabel-form method="post" action=(action) {
                (layout::csrf(session))
                input type="hidden" name="after" value=(after);
                input type="hidden" name="action" value="correct";
                label for="intent" { kbd { "l" } " Relabel as" }
                input #intent type="text" name="intent" list="known-intents" autocomplete="off"
                    aria-invalid=[errors.has("intent").then_some("true")]
                    aria-describedby=[errors.describedby("intent")];
                datalist #known-intents {
                    @for intent in suggestions.iter().chain(beside.known.iter()) { option value=(intent) {} }
                }
                button #relabel type="submit" { "Relabel and approve" }
                (errors.at("intent"))
                @if !suggestions.is_empty() {
                    p.suggestions {
                        "Suggestions: "
                        @for (i, intent) in suggestions.iter().enumerate() {
                            button type="submit" name="suggestion" value=(intent) data-key=(i + 1) {
                                kbd { (i + 1) } " " (intent)
                            }
                            " "
                        }
                    }
                }
            }
        }
    }
}

fn verdict_text(verdict: &Verdict) -> String {
    match verdict {
        Verdict::Open { votes, counted } => {
            format!("Open: {votes} vote(s), {counted} counted; not enough to decide yet.")
        }
        Verdict::Agreed { intent, agreement } => {
            format!("Agreement {} on {intent}.", percent(*agreement))
        }
        Verdict::Disputed { counted, agreement } => format!(
            "Disputed: agreement {} among {counted} counted voters, below the threshold.",
            percent(*agreement)
        ),
        Verdict::Escalated { votes } => {
            format!("Escalated: {votes} votes without agreement; a person decides.")
        }
    }
}

fn keys_help() -> Markup {
    html! {
        details.keys #keys {
            summary { "Keyboard" }
            dl {
                dt { kbd { "a" } } dd { "approve" }
                dt { kbd { "r" } } dd { "reject" }
                dt { kbd { "l" } } dd { "relabel: type the intent, Enter saves" }
                dt { kbd { "1" } "–" kbd { "9" } } dd { "relabel as that suggestion" }
                dt { kbd { "s" } } dd { "skip to the next sample" }
                dt { kbd { "Esc" } } dd { "leave the intent field" }
            }
        }
    }
}

#[derive(Deserialize)]
pub struct DecisionForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    intent: String,
    #[serde(default)]
    suggestion: String,
    #[serde(default)]
    after: String,
}

/// The decision as ReviewSample parses it (`training::wire::review`).
fn decision(form: &DecisionForm, reviewer: &str) -> AppResult<(Decision, String)> {
    let mut v = Violations::new();
    let reviewer = v.check(label::line("reviewer", reviewer.trim(), 100));
    let chosen = if form.suggestion.is_empty() {
        form.intent.trim()
    } else {
        form.suggestion.as_str()
    };
    let decision = match form.action.as_str() {
        "approve" => Some(Decision::Approve),
        "reject" => Some(Decision::Reject),
        "correct" => {
            let intent = v.check(label::optional_intent("intent", chosen)).flatten();
            match intent {
                Some(intent) => v.check(Decision::correct(Some(intent), None)),
                None if chosen.is_empty() => v.check(Decision::correct(None, None)),
                None => None,
            }
        }
        _ => {
            v.add("action", "must be approve, reject or correct");
            None
        }
    };
    v.finish()?;
    match (decision, reviewer) {
        (Some(decision), Some(reviewer)) => Ok((decision, reviewer)),
        _ => Err(AppError::invalid(
            "action",
            "must be approve, reject or correct",
        )),
    }
}

pub async fn decide(
    State(console): State<Console>,
    Admin(session): Admin,
    Path(id): Path<i64>,
    Form(form): Form<DecisionForm>,
) -> Response {
    if let Some(refused) = form::csrf_refusal(&session, &form.csrf) {
        return refused;
    }
    let state = &console.state;
    let result = match decision(&form, &session.name) {
        Ok((decision, reviewer)) => review::review(
            &state.db,
            id,
            decision.clone(),
            &reviewer,
            state.clock.now(),
        )
        .await
        .map(|_| decision),
        Err(error) => Err(error),
    };
    let error = match result {
        Ok(decision) => {
            let done = match decision {
                Decision::Approve => "approved",
                Decision::Reject => "rejected",
                Decision::Correct { .. } => "corrected",
            };
            let mut to = format!("/review?done={done}");
            // A queue cursor is hex (pagination::encode_token).
            if !form.after.is_empty() && form.after.bytes().all(|b| b.is_ascii_hexdigit()) {
                to.push_str("&after=");
                to.push_str(&form.after);
            }
            return Redirect::to(&to).into_response();
        }
        Err(error) => error,
    };
    // Show the same sample again with the errors.
    let sample = training::get_sample(&state.db, id).await.ok();
    let skip = sample.as_ref().map(training::queue_token_after);
    show(
        &console,
        &session,
        sample,
        skip,
        &form.after,
        &Errors::from_error(&error),
        html! {},
        form::status_of(&error),
    )
    .await
}
