//! StartGame: limits, the question plan, and the new session.
use chrono::{NaiveDateTime, Utc};
use rust_decimal::{Decimal, prelude::ToPrimitive};
use sea_orm::{ActiveValue::Set, DatabaseConnection};

use super::{GameType, GameView, Plan, PlanItem, complete, fields, personal, status, store, view};
use crate::{
    crowd, db,
    entity::{game_sessions, users},
    error::{AppError, AppResult, Reason, Violations},
    settings::Snapshot,
};

/// A checked StartGame request.
#[derive(Debug)]
pub struct StartInput {
    pub user_id: i32,
    pub game_type: GameType,
    pub difficulty: String,
    /// None: the user's preferred language.
    pub language: Option<String>,
    pub chat_session_id: String,
    pub mission_id: Option<String>,
}

impl StartInput {
    pub fn parse(
        user_id: i32,
        game_type: &str,
        difficulty: &str,
        language: &str,
        session_id: &str,
        mission_id: &str,
    ) -> AppResult<StartInput> {
        let mut v = Violations::new();
        if user_id <= 0 {
            v.add("user_id", "must be a positive id");
        }
        let kind = fields::game_type(game_type, &mut v);
        let difficulty = fields::difficulty(difficulty, &mut v);
        let language = fields::language(language, &mut v);
        let session_id = fields::required_text("session_id", session_id, 100, &mut v);
        if mission_id.len() > 100 {
            v.add("mission_id", "must be at most 100 characters");
        }
        v.finish()?;
        Ok(StartInput {
            user_id,
            game_type: kind.ok_or_else(|| AppError::invalid("game_type", "unknown"))?,
            difficulty,
            language: (!language.is_empty()).then_some(language),
            chat_session_id: session_id,
            mission_id: (!mission_id.trim().is_empty()).then(|| mission_id.trim().to_string()),
        })
    }
}

pub struct Started {
    pub game: GameView,
    /// An active game of the same chat session was returned.
    pub resumed: bool,
}

/// Starts a game, or returns the chat session's active one (webhooks retry).
#[tracing::instrument(skip_all, err(level = "debug"), fields(user_id = input.user_id, game_type = input.game_type.as_str()))]
pub async fn start_game(
    db: &DatabaseConnection,
    settings: &Snapshot,
    input: StartInput,
) -> AppResult<Started> {
    check_switches(settings, input.game_type)?;
    // The user's row lock serialises one user's starts, so two concurrent
    // starts cannot both pass the daily limit or open two games in one chat.
    let txn = db::begin_write(db).await?;
    let user = store::lock_user(&txn, input.user_id)
        .await?
        .ok_or_else(|| AppError::not_found(format!("user {}", input.user_id)))?;
    let now = Utc::now().naive_utc();
    if let Some(active) = store::active_in_chat(&txn, user.id, &input.chat_session_id).await? {
        // An idle game the sweep has not reached yet is over: start afresh.
        if !complete::is_idle(&active, settings, now) {
            txn.commit().await?;
            let game = view::build(db, active).await?;
            return Ok(Started {
                game,
                resumed: true,
            });
        }
        complete::expire(&txn, &active, now).await?;
    }
    check_limits(&txn, settings, user.id, now).await?;
    let language = input
        .language
        .clone()
        .or_else(|| user.preferred_language.clone())
        .unwrap_or_else(|| "en".into());
    let plan = build_plan(&txn, settings, &input, &user, &language, now).await?;
    let session = store::insert_session(&txn, new_session(&input, &language, &plan, now)?).await?;
    txn.commit().await?;
    crate::metrics::game_started(input.game_type.as_str());
    let game = view::build(db, session).await?;
    Ok(Started {
        game,
        resumed: false,
    })
}

fn check_switches(settings: &Snapshot, game_type: GameType) -> AppResult<()> {
    if !settings.games_enabled {
        return Err(AppError::precondition(
            Reason::GamesDisabled,
            "games are switched off (games_enabled = false)",
        ));
    }
    if !settings
        .enabled_game_types
        .iter()
        .any(|t| t == game_type.as_str())
    {
        return Err(AppError::precondition(
            Reason::GameTypeDisabled,
            format!("game type {} is disabled", game_type.as_str()),
        ));
    }
    Ok(())
}

/// Midnight UTC of the day `now` falls in: "today" for limits and caps.
pub fn start_of_day(now: NaiveDateTime) -> NaiveDateTime {
    now.date().and_hms_opt(0, 0, 0).unwrap_or(now)
}

async fn check_limits<C: sea_orm::ConnectionTrait>(
    db: &C,
    settings: &Snapshot,
    user_id: i32,
    now: NaiveDateTime,
) -> AppResult<()> {
    let played = store::games_started_since(db, user_id, start_of_day(now)).await?;
    if played as i64 >= settings.daily_game_limit {
        return Err(AppError::exhausted(
            format!("user:{user_id}"),
            "daily_game_limit",
            None,
            format!(
                "daily game limit reached ({} games); try again tomorrow",
                settings.daily_game_limit
            ),
        ));
    }
    if let Some(ended) = store::last_game_end(db, user_id).await? {
        let wait = settings.game_cooldown_seconds - (now - ended).num_seconds();
        if wait > 0 {
            return Err(AppError::exhausted(
                format!("user:{user_id}"),
                "game_cooldown_seconds",
                Some(std::time::Duration::from_secs(wait as u64)),
                format!("cooldown: the next game can start in {wait} seconds"),
            ));
        }
    }
    Ok(())
}

/// Personalised questions first (up to their share), then crowd questions
/// (leaving room for the gold share), then general ones,
/// least used first, none the user answered within `question_repeat_days`.
async fn build_plan<C: sea_orm::ConnectionTrait>(
    db: &C,
    settings: &Snapshot,
    input: &StartInput,
    user: &users::Model,
    language: &str,
    now: NaiveDateTime,
) -> AppResult<Plan> {
    let total = settings.questions_per_game.max(1);
    let since = now - chrono::Duration::days(settings.question_repeat_days.max(0));
    let recent = store::answered_question_ids(db, user.id, since).await?;
    let mut items = personal::personal_items(db, settings, input, user, language, total).await?;
    let free = total.saturating_sub(items.len());
    let crowd_questions = crowd_slots(settings, input, total, free);
    let draw = crowd::CrowdDraw {
        user_id: user.id,
        language,
        exclude: recent.clone(),
        limit: crowd_questions as u64,
    };
    let crowd = crowd::draw(db, draw).await?;
    items.extend(crowd.iter().map(|q| PlanItem::general(q.id)));
    let draw = store::Draw {
        game_type: input.game_type.as_str(),
        difficulty: Some(&input.difficulty),
        language,
        personalized: false,
        exclude: recent,
        limit: (total - items.len()) as u64,
    };
    let general = store::draw_questions(db, draw).await?;
    items.extend(general.iter().map(|q| PlanItem::general(q.id)));
    if items.is_empty() {
        return Err(AppError::precondition(
            Reason::NoQuestionsLeft,
            format!(
                "no {} questions left for difficulty {} in language {language}",
                input.game_type.as_str(),
                input.difficulty
            ),
        ));
    }
    Ok(Plan { questions: items })
}

/// How many of a game's free places crowd questions may take: intent_quest
/// games keep at least `gold_question_share` of their questions gold (the
/// general bank questions), so every game measures the player.
fn crowd_slots(settings: &Snapshot, input: &StartInput, total: usize, free: usize) -> usize {
    if input.game_type != GameType::IntentQuest {
        return 0;
    }
    let share = settings
        .gold_question_share
        .clamp(Decimal::ZERO, Decimal::ONE);
    let gold = (share * Decimal::from(total))
        .ceil()
        .to_usize()
        .unwrap_or(total);
    free.saturating_sub(gold)
}

fn new_session(
    input: &StartInput,
    language: &str,
    plan: &Plan,
    now: NaiveDateTime,
) -> AppResult<game_sessions::ActiveModel> {
    Ok(game_sessions::ActiveModel {
        session_id: Set(input.chat_session_id.clone()),
        user_id: Set(input.user_id),
        game_type: Set(input.game_type.as_str().to_string()),
        difficulty: Set(Some(input.difficulty.clone())),
        language: Set(Some(language.to_string())),
        mission_id: Set(input.mission_id.clone()),
        mission_data: Set(Some(plan.to_json()?)),
        status: Set(Some(status::ACTIVE.to_string())),
        score: Set(Some(0)),
        started_at: Set(Some(now)),
        updated_at: Set(Some(now)),
        // Nothing to pay yet; the column's default would say 'pending'.
        reward_status: Set(None),
        ..Default::default()
    })
}
