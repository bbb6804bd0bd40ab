//! Leagues: the tiers, the rules in force, this week's cohorts and the last
//! close. Read-only: the close runs by itself once a week has ended.
use axum::{extract::State, response::Response};
use maud::html;

use super::{
    Console, form,
    layout::{self, Nav, when},
    session::Admin,
};
use crate::leagues::{Tier, console};

pub async fn page(State(console): State<Console>, Admin(session): Admin) -> Response {
    let state = &console.state;
    let settings = state.settings.current().await;
    let found = console::overview(&state.db, &settings, state.clock.now()).await;
    let overview = match found {
        Ok(overview) => overview,
        Err(error) => return form::error_response(&session, &error),
    };
    let body = html! {
        dl.facts.inline {
            dt { "Cohort size" } dd { (settings.league_size) }
            dt { "Promoted per cohort" } dd { (settings.promote_count) }
            dt { "Demoted per cohort" } dd { (settings.demote_count) }
            dt { "Week starting" } dd { (when(Some(overview.week_start))) " UTC" }
        }
        h2 { "This week's cohorts" }
        @if overview.cohorts.is_empty() {
            p #no-cohorts { "Nobody has completed a game this week yet." }
        } @else {
            table #cohorts {
                thead { tr { th { "Language" } th { "Tier" } th { "Cohort" } th { "Players" } th { "Best points" } } }
                tbody {
                    @for (language, tier, cohort, members, best) in &overview.cohorts {
                        tr {
                            td { (language) }
                            td { (Tier::parse(tier).map_or(tier.as_str(), |t| t.name_en())) }
                            td.num { (cohort) }
                            td.num { (members) }
                            td.num { (best) }
                        }
                    }
                }
            }
        }
        h2 { "Last close" }
        @match &overview.last_close {
            None => p #no-close { "No week has closed yet." },
            Some(week) => dl.facts.inline #last-close {
                dt { "Week starting" } dd { (when(Some(week.week_start))) " UTC" }
                dt { "Closed" } dd { (when(week.closed_at)) " UTC" }
                dt { "Promoted" } dd { (week.promoted) }
                dt { "Demoted" } dd { (week.demoted) }
            },
        }
        h2 { "Tiers" }
        table #tiers {
            thead { tr { th { "Level" } th { "Tier" } th { "Hindi" } } }
            tbody {
                @for tier in Tier::ALL {
                    tr { td.num { (tier.level()) } td { (tier.name_en()) } td lang="hi" { (tier.name_hi()) } }
                }
            }
        }
    };
    layout::render(layout::page("Leagues", Some(&session), Nav::Leagues, body))
}
