//! A player's profile: totals, streak, gold accuracy and achievements with
//! progress, as GetPlayerProfile returns them.
use axum::{
    extract::{Query, State},
    response::Response,
};
use maud::html;
use serde::Deserialize;

use super::{
    Console,
    achievements::describe,
    form::Errors,
    layout::{self, Nav, when},
    session::Admin,
};
use crate::engagement::profile;

#[derive(Deserialize)]
pub struct PlayerQuery {
    #[serde(default)]
    user_id: String,
}

pub async fn page(
    State(console): State<Console>,
    Admin(session): Admin,
    Query(query): Query<PlayerQuery>,
) -> Response {
    let asked = query.user_id.trim();
    let mut errors = Errors::default();
    let mut found = None;
    if !asked.is_empty() {
        let settings = console.state.settings.current().await;
        let user_id = asked.parse::<i32>().unwrap_or(0);
        match profile::get(
            &console.state.db,
            &settings,
            user_id,
            console.state.clock.now(),
        )
        .await
        {
            Ok(p) => found = Some(p),
            Err(error) => errors = Errors::from_error(&error),
        }
    }
    let body = html! {
        form.inline method="get" action="/players" {
            label for="user_id" { "User id" }
            input #user_id type="text" name="user_id" value=(asked) inputmode="numeric";
            button type="submit" { "Show" }
        }
        (errors.summary(&[]))
        @if let Some(p) = found {
            h2 { "Player " (p.user_id) }
            dl.facts #profile {
                dt { "Games completed" } dd { (p.games_completed) }
                dt { "Total score" } dd { (p.total_score) }
                dt { "Loyalty points" } dd { (p.loyalty_points) }
                dt { "Total rewards earned" } dd { (format!("{:.2}", p.total_rewards_earned)) }
                dt { "Streak (days)" } dd { (p.streak.current) ", longest " (p.streak.longest) }
                dt { "Last day played" } dd { (p.streak.last_day.map(|d| d.to_string()).unwrap_or_else(|| "—".into())) }
                dt { "Streak freezes held" } dd { (p.streak.freezes) }
                dt { "Gold accuracy" } dd {
                    @match p.gold_accuracy() {
                        Some(a) => { (a) " (" (p.gold_correct) " of " (p.gold_answered) ")" }
                        None => { "no gold answer yet" }
                    }
                }
                dt { "League this week" } dd #player-league {
                    @match &p.league {
                        Some(l) => {
                            (l.tier.name_en()) " (" (l.language) "): rank " (l.rank) " of "
                            (l.cohort_size) ", " (l.points) " points"
                        }
                        None => { "not placed this week" }
                    }
                }
            }
            table #player-achievements {
                thead { tr { th { "Achievement" } th { "Rule" } th { "Progress" } th { "Unlocked" } } }
                tbody {
                    @for listed in &p.achievements {
                        @let a = &listed.achievement;
                        @let progress = listed.progress;
                        tr data-achievement=(a.key) {
                            td { (a.name.en) " · " span lang="hi" { (a.name.hi) } }
                            td { (describe(&a.rule)) }
                            td.num { @if let Some(pr) = progress { (pr.progress) " / " (pr.target) } }
                            td { (when(progress.and_then(|pr| pr.unlocked_at))) }
                        }
                    }
                }
            }
        }
    };
    layout::render(layout::page("Players", Some(&session), Nav::Players, body))
}
