//! The dashboard: the last 30 days in `day_timezone`, drawn as SVG on the
//! server, with the numbers beside them.
use axum::{extract::State, response::Response};
use maud::{Markup, html};

use super::{
    Console,
    chart::{self, Series},
    form,
    layout::{self, Nav},
    session::Admin,
};
use crate::dashboard::{self, Overview};

pub async fn page(State(console): State<Console>, Admin(session): Admin) -> Response {
    let overview = match dashboard::overview(&console.state).await {
        Ok(overview) => overview,
        Err(error) => return form::error_response(&session, &error),
    };
    let body = body(&overview);
    layout::render(layout::page(
        "Dashboard",
        Some(&session),
        Nav::Dashboard,
        body,
    ))
}

fn floats(values: &[i64]) -> Vec<f64> {
    values.iter().map(|v| *v as f64).collect()
}

fn body(o: &Overview) -> Markup {
    let sum = |v: &[i64]| v.iter().sum::<i64>();
    let gold = (o.gold.0 > 0).then(|| o.gold.1 as f64 / o.gold.0 as f64);
    let credited_amount: f64 = o.rewards_credited.iter().map(|d| d.1).sum();
    html! {
        p.lead { "The last " (o.days.len()) " days, in " (o.zone) " (the " code { "day_timezone" } " setting)." }
        div.tiles {
            div.tile { span.n #tile-games { (sum(&o.games_started)) } span { "games started" } }
            div.tile { span.n { (sum(&o.games_completed)) } span { "games completed" } }
            div.tile { span.n { (sum(&o.samples_approved)) } span { "samples approved" } }
            div.tile { span.n #tile-pending { (o.pending_samples) } span { a href="/review" { "samples to review" } } }
            div.tile { span.n #tile-backlog { (o.candidate_backlog) } span { "candidate turns not yet promoted" } }
            div.tile { span.n { (format!("{credited_amount:.2}")) } span { "credited in rewards" } }
            div.tile.warn[o.outstanding.failed.0 > 0] {
                span.n #tile-failed { (o.outstanding.failed.0) }
                span { a href="/rewards?status=failed" { "failed rewards" } " (" (format!("{:.2}", o.outstanding.failed.1)) ")" }
            }
            div.tile {
                span.n { (o.outstanding.pending.0) }
                span { a href="/rewards?status=pending" { "pending rewards" } " (" (format!("{:.2}", o.outstanding.pending.1)) ")" }
            }
            div.tile {
                span.n #tile-agreement { (o.crowd_agreement.map(|a| format!("{:.0}%", a * 100.0)).unwrap_or_else(|| "—".into())) }
                span { "crowd agreement (" (o.crowd_approved) " samples approved by the crowd)" }
            }
            div.tile {
                span.n #tile-gold { (gold.map(|g| format!("{:.0}%", g * 100.0)).unwrap_or_else(|| "—".into())) }
                span { "gold accuracy (" (o.gold.1) " of " (o.gold.0) " gold answers right)" }
            }
        }
        section {
            h2 { "Games" }
            (chart::bars("chart-games", "Games started and completed per day", &o.days, &[
                Series { name: "started", class: "s1", values: floats(&o.games_started) },
                Series { name: "completed", class: "s2", values: floats(&o.games_completed) },
            ]))
        }
        section {
            h2 { "Rewards" }
            (chart::bars("chart-rewards", "Rewards credited per day (amount)", &o.days, &[
                Series { name: "credited", class: "s2", values: o.rewards_credited.iter().map(|d| d.1).collect() },
            ]))
            table.compact {
                thead { tr { th { "Now" } th { "Rewards" } th { "Amount" } } }
                tbody {
                    tr { td { "Credited" } td.num { (o.outstanding.credited.0) } td.num { (format!("{:.2}", o.outstanding.credited.1)) } }
                    tr { td { "Pending" } td.num { (o.outstanding.pending.0) } td.num { (format!("{:.2}", o.outstanding.pending.1)) } }
                    tr { td { "Failed" } td.num { (o.outstanding.failed.0) } td.num { (format!("{:.2}", o.outstanding.failed.1)) } }
                }
            }
        }
        section {
            h2 { "Training data" }
            (chart::bars("chart-samples", "Samples approved per day", &o.days, &[
                Series { name: "approved", class: "s3", values: floats(&o.samples_approved) },
            ]))
        }
        details {
            summary { "The numbers, day by day" }
            table.compact #daily {
                thead { tr { th { "Day" } th { "Started" } th { "Completed" } th { "Approved" } th { "Credited" } th { "Amount" } } }
                tbody {
                    @for (i, day) in o.days.iter().enumerate().rev() {
                        tr {
                            td { (day) }
                            td.num { (o.games_started.get(i).copied().unwrap_or(0)) }
                            td.num { (o.games_completed.get(i).copied().unwrap_or(0)) }
                            td.num { (o.samples_approved.get(i).copied().unwrap_or(0)) }
                            td.num { (o.rewards_credited.get(i).map_or(0, |d| d.0)) }
                            td.num { (format!("{:.2}", o.rewards_credited.get(i).map_or(0.0, |d| d.1))) }
                        }
                    }
                }
            }
        }
    }
}
