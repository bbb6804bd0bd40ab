//! A game session as the player sees it: progress, the current question
//! (never its answer) and, once completed, the reward.
use rust_decimal::Decimal;
use sea_orm::{ConnectionTrait, DatabaseConnection};
use serde::{Deserialize, Serialize};

use super::{Plan, PlanItem, store};
use crate::{
    domain::{GameType, SessionStatus, reward::Earned},
    entity::game_questions,
    error::{AppError, AppResult},
    fields::ids,
};

#[derive(Clone, Debug)]
pub struct GameView {
    pub session: super::Session,
    pub question_count: usize,
    pub answered_count: usize,
    pub current: Option<QuestionView>,
    pub reward: Option<Reward>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuestionView {
    pub question_id: i32,
    pub position: usize,
    pub text: String,
    pub context: Option<String>,
    pub options: Vec<String>,
    pub personalized: bool,
}

/// `game_sessions.rewards_earned`: the money part (amount, currency,
/// loyalty points) as the rewards room reads it ([`Earned`]), and the
/// breakdown the games room wrote. Amounts are decimal strings with two
/// places.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Reward {
    // Read by [`Earned::parse`], not by serde (see `from_json`).
    #[serde(skip_deserializing)]
    pub amount: String,
    #[serde(skip_deserializing)]
    pub currency: String,
    #[serde(skip_deserializing)]
    pub loyalty_points: i32,
    pub correct_answers: i32,
    pub questions: i32,
    pub per_correct: String,
    pub completion_bonus: String,
    pub capped: bool,
    // Absent in rewards written before the economy rules (read as zero).
    pub gold_answered: i32,
    pub gold_correct: i32,
    pub unverified_paid: i32,
    pub unverified_amount: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forfeit: Option<String>,
    /// Set when an admin approved the reward of a game another application
    /// wrote (see `foreign`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub approval: Option<super::foreign::Approval>,
    /// The achievements this game unlocked, whose reward it carries.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub achievements: Option<AchievementBonus>,
}

/// What the achievements a game unlocked add to its reward: their money
/// (included in the reward's `amount`, before the daily cap) and loyalty
/// points (added to the user's, beside the game's own `loyalty_points`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AchievementBonus {
    pub keys: Vec<String>,
    pub amount: String,
    pub loyalty_points: i32,
}

/// A decimal as a string with exactly two places.
pub fn money(value: Decimal) -> String {
    let mut value = value.round_dp(2);
    value.rescale(2);
    value.to_string()
}

impl Reward {
    /// None when there is no reward or its money cannot be read (shown as
    /// no reward, as the rewards room never pays it). A breakdown another
    /// application wrote in another shape is left empty.
    pub fn from_json(json: Option<&serde_json::Value>) -> Option<Reward> {
        let json = json?;
        let earned = Earned::parse(json).ok()?;
        let breakdown: Reward = serde_json::from_value(json.clone()).unwrap_or_default();
        Some(Reward {
            amount: money(earned.amount),
            currency: earned.currency,
            loyalty_points: earned.loyalty_points,
            ..breakdown
        })
    }
}

/// What the player sees of a question (no correct answer, and for
/// entity_hunter no accepted alternatives either).
pub fn question_view(
    question: &game_questions::Model,
    item: &PlanItem,
    position: usize,
    seed: i32,
) -> QuestionView {
    let choice = GameType::parse(&question.game_type).is_some_and(|t| t.is_choice());
    QuestionView {
        question_id: question.id,
        position,
        text: item
            .personalized_text
            .clone()
            .unwrap_or_else(|| question.question_text.clone()),
        context: question.question_context.clone(),
        options: if choice {
            shuffled(options_of(question), item.question_id, seed)
        } else {
            Vec::new()
        },
        personalized: item.is_personalized(),
    }
}

/// The options in an order of the game's own: the bank lists the right
/// answer in a fixed place, and a bot would learn it. The same game shows
/// the same order every time it is read.
fn shuffled(mut options: Vec<String>, question_id: i32, game_session_id: i32) -> Vec<String> {
    let seed =
        (u64::from(game_session_id.unsigned_abs()) << 32) | u64::from(question_id.unsigned_abs());
    fastrand::Rng::with_seed(seed).shuffle(&mut options);
    options
}

/// `answer_options` as strings (empty when absent or not an array of strings).
pub fn options_of(question: &game_questions::Model) -> Vec<String> {
    question
        .answer_options
        .as_ref()
        .and_then(|json| serde_json::from_value(json.clone()).ok())
        .unwrap_or_default()
}

/// Builds the view of a session read on `db`.
pub async fn build<C: ConnectionTrait>(db: &C, session: super::Session) -> AppResult<GameView> {
    // Sessions written by the old app carry no plan of ours: show them
    // without questions rather than fail a whole list.
    let plan = session.plan().unwrap_or_else(|error| {
        tracing::warn!(game_session_id = session.id, %error, "game session without a readable plan");
        Plan::default()
    });
    let answered = store::answer_count(db, session.id).await?;
    let next = match plan.questions.get(answered) {
        Some(item) if session.status() == Some(SessionStatus::Active) => {
            store::question(db, item.question_id).await?
        }
        _ => None,
    };
    Ok(assemble(session, &plan, answered, next.as_ref()))
}

/// The view from what the caller read: the session, its plan, how many
/// questions are answered, and the next question's row (None when the game
/// is over, or the question was deleted by another application: the game
/// is shown without it, and answering it is refused).
pub fn assemble(
    session: super::Session,
    plan: &Plan,
    answered: usize,
    next: Option<&game_questions::Model>,
) -> GameView {
    let active = session.status() == Some(SessionStatus::Active);
    let current = match plan.questions.get(answered) {
        Some(item) if active => match next.filter(|q| q.id == item.question_id) {
            Some(question) => Some(question_view(question, item, answered, session.id)),
            None => {
                tracing::warn!(question_id = item.question_id, "a planned question is gone");
                None
            }
        },
        _ => None,
    };
    GameView {
        question_count: plan.questions.len(),
        answered_count: answered,
        current,
        reward: session.reward(),
        session,
    }
}

#[tracing::instrument(skip_all, err(level = "debug"), fields(game_session_id = game_session_id))]
pub async fn get_game(db: &DatabaseConnection, game_session_id: i32) -> AppResult<GameView> {
    let game_session_id = ids::id("game_session_id", game_session_id)?;
    let session = store::session(db, game_session_id)
        .await?
        .ok_or_else(|| AppError::not_found(format!("game session {game_session_id}")))?;
    build(db, session).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_reward_shows_money_as_the_rewards_room_reads_it_and_unreadable_money_not_at_all() {
        let legacy = json!({"amount": 12.5, "currency": "INR", "per_correct": 3});
        let shown = Reward::from_json(Some(&legacy)).expect("readable money is shown");
        assert_eq!(
            (shown.amount.as_str(), shown.currency.as_str()),
            ("12.50", "INR")
        );
        assert_eq!(
            shown.per_correct, "",
            "a breakdown of another shape is left empty"
        );
        for bad in [
            json!({"amount": "lots", "currency": "INR"}),
            json!({"currency": "INR"}),
        ] {
            assert_eq!(Reward::from_json(Some(&bad)), None, "{bad}");
        }
    }
}
