//! What a completed game pays: its earnings by the rules of [`economy`],
//! the money of the achievements it unlocked, and the daily cap.
use chrono::NaiveDateTime;
use rust_decimal::Decimal;
use sea_orm::DatabaseTransaction;

use super::{
    Reward, Session,
    economy::{self, Ending},
    store,
    view::{self, AchievementBonus},
};
use crate::{
    clock, engagement, error::AppResult, questions::QuestionKind, rewards, settings::Snapshot,
};

/// What the game earned by the rules of [`economy`], before achievements
/// and the cap.
pub struct Played {
    earned: economy::Earnings,
    per_correct: Decimal,
    accepted: usize,
    questions: usize,
}

impl Played {
    /// The game as engagement counts it: completed and not forfeited
    /// (no answer too fast, played to its last answer).
    pub fn engagement<'a>(&self, session: &'a Session) -> engagement::CompletedGame<'a> {
        use economy::Forfeit;
        let forfeit = self.earned.forfeit;
        engagement::CompletedGame {
            game_session_id: session.id,
            user_id: session.user_id,
            language: session.language.as_deref(),
            counts: !matches!(forfeit, Some(Forfeit::TooFast | Forfeit::EndedEarly)),
            gold_correct: self.earned.gold_correct,
            perfect: forfeit.is_none() && self.earned.gold_answered > 0,
        }
    }
}

pub async fn play_summary(
    txn: &DatabaseTransaction,
    settings: &Snapshot,
    session: &Session,
    ending: Ending,
) -> AppResult<Played> {
    let plan = session.plan()?;
    let answers = store::answers_with_questions(txn, session.id).await?;
    // A difficulty another app wrote that is not in the set pays as medium.
    let difficulty = session.difficulty_or_default();
    let per_correct = settings.reward_per_correct(difficulty.as_str());
    let paid: Vec<economy::PaidAnswer> = answers
        .iter()
        .map(|(answer, question)| {
            let question = question.as_ref();
            let personalized = plan
                .questions
                .get(usize::try_from(answer.position).unwrap_or(usize::MAX))
                .is_some_and(|item| item.is_personalized());
            economy::PaidAnswer {
                // A question deleted since measures nothing.
                gold: !personalized && question.is_some_and(|q| QuestionKind::of(q).is_gold()),
                accepted: answer.is_correct,
                too_fast: answer.suspicious,
                rate: question
                    .and_then(|q| q.reward_amount.map(|a| a.0))
                    .unwrap_or(per_correct),
            }
        })
        .collect();
    let rules = economy::PayRules {
        unverified_answer_reward: settings.unverified_answer_reward,
        completion_bonus: settings.completion_bonus,
        completion_bonus_min_correct_share: settings.completion_bonus_min_correct_share,
        loyalty_points_per_correct: settings.loyalty_points_per_correct,
    };
    Ok(Played {
        earned: economy::earnings(&rules, &paid, plan.questions.len(), ending),
        per_correct,
        accepted: answers
            .iter()
            .filter(|(a, _)| a.is_correct && !a.suspicious)
            .count(),
        questions: plan.questions.len(),
    })
}

/// The game's reward: what it earned plus its achievements' money, capped
/// so the user's games of the day (in `day_timezone`) never earn more than
/// `daily_reward_cap`.
pub async fn price(
    txn: &DatabaseTransaction,
    settings: &Snapshot,
    session: &Session,
    now: NaiveDateTime,
    played: Played,
    granted: engagement::Granted,
) -> AppResult<(Reward, Decimal)> {
    let Played {
        earned,
        per_correct,
        accepted,
        questions,
    } = played;
    let gross = earned.gross() + granted.amount;
    let today = earned_on_day(txn, settings, session.user_id, now).await?;
    let amount = economy::capped(gross, settings.daily_reward_cap, today);
    let achievements = (!granted.keys.is_empty()).then(|| AchievementBonus {
        keys: granted.keys,
        amount: view::money(granted.amount),
        loyalty_points: granted.loyalty_points,
    });
    let reward = Reward {
        amount: view::money(amount),
        currency: settings.reward_currency.clone(),
        loyalty_points: earned.loyalty_points,
        correct_answers: i32::try_from(accepted).unwrap_or(i32::MAX),
        questions: i32::try_from(questions).unwrap_or(i32::MAX),
        per_correct: view::money(per_correct),
        completion_bonus: view::money(earned.bonus),
        capped: amount < gross,
        gold_answered: earned.gold_answered,
        gold_correct: earned.gold_correct,
        unverified_paid: earned.unverified_paid,
        unverified_amount: view::money(earned.unverified_pay),
        forfeit: earned.forfeit.map(|f| f.as_str().to_string()),
        approval: None,
        achievements,
    };
    Ok((reward, amount))
}

/// What the user's games completed on the day of `now` (in `day_timezone`)
/// were granted, from the rewards' delivery rows.
pub async fn earned_on_day(
    txn: &DatabaseTransaction,
    settings: &Snapshot,
    user_id: i32,
    now: NaiveDateTime,
) -> AppResult<Decimal> {
    let zone = settings.day_timezone;
    let (from, until) = (
        clock::start_of_day(now, zone),
        clock::start_of_next_day(now, zone),
    );
    rewards::granted_between(txn, user_id, from, until).await
}
