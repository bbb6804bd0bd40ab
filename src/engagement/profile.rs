//! GetPlayerProfile: what the chat shows of a player, read as stored
//! (nothing is computed here).
use chrono::NaiveDateTime;
use rust_decimal::Decimal;
use sea_orm::DatabaseConnection;

use super::{
    achievements::{self, Listed},
    freeze_rules, store,
    streaks::Streak,
};
use crate::{error::AppResult, fields::ids, settings::Snapshot};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Profile {
    pub user_id: i32,
    pub games_completed: i32,
    pub total_score: i64,
    pub loyalty_points: i32,
    pub total_rewards_earned: Decimal,
    pub streak: Streak,
    pub days_to_next_freeze: i32,
    pub achievements: Vec<Listed>,
    pub gold_answered: i32,
    pub gold_correct: i32,
    /// This week's league; None before the player's first game of the week.
    pub league: Option<crate::leagues::Standing>,
}

impl Profile {
    /// correct / answered to 4 places; None before any gold answer.
    pub fn gold_accuracy(&self) -> Option<Decimal> {
        (self.gold_answered > 0).then(|| {
            (Decimal::from(self.gold_correct) / Decimal::from(self.gold_answered)).round_dp(4)
        })
    }
}

#[tracing::instrument(skip_all, err(level = "debug"), fields(user_id))]
pub async fn get(
    db: &DatabaseConnection,
    settings: &Snapshot,
    user_id: i32,
    now: NaiveDateTime,
) -> AppResult<Profile> {
    let user_id = ids::id("user_id", user_id)?;
    let user = store::require_user(db, user_id).await?;
    let streak = store::streak(db, user_id).await?.unwrap_or_default();
    let (gold_answered, gold_correct) = store::gold(db, user_id).await?;
    Ok(Profile {
        user_id,
        games_completed: user.total_games_played,
        total_score: store::total_score(db, user_id).await?,
        loyalty_points: user.loyalty_points,
        total_rewards_earned: user.total_rewards_earned.0,
        days_to_next_freeze: streak.days_to_next_freeze(freeze_rules(settings)),
        streak,
        achievements: achievements::list(db, user_id, false).await?,
        gold_answered,
        gold_correct,
        league: crate::leagues::standing(db, settings, user_id, now).await?,
    })
}
