//! StartGame: one active game per user, the daily limits, the question
//! plan, and the new session.
use chrono::{Duration, NaiveDateTime};
use sea_orm::{ConnectionTrait, DatabaseConnection};

use super::{GameView, Plan, Session, complete, draw, personal, store, view};
use crate::{
    clock::{self, Clock},
    crowd, db,
    domain::{Difficulty, GameType},
    entity::users,
    error::{AppError, AppResult, Reason, Violation, Violations},
    fields::{game, ids},
    questions::QuestionKind,
    settings::Snapshot,
};

/// A checked StartGame request.
#[derive(Debug)]
pub struct StartInput {
    pub user_id: i32,
    pub game_type: GameType,
    pub difficulty: Difficulty,
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
        let user_id = v.check(ids::id("user_id", user_id));
        let kind = v.check(game::game_type("game_type", game_type));
        let difficulty = v.check(game::difficulty("difficulty", difficulty));
        let language = v.check(game::language("language", language));
        let session_id = v.check(game::required_text("session_id", session_id, 100));
        let mission_id = v.check(optional_mission(mission_id));
        v.finish()?;
        // Every check passed (finish returned), so each value is Some.
        Ok(StartInput {
            user_id: user_id.unwrap_or_default(),
            game_type: kind.unwrap_or(GameType::IntentQuest),
            difficulty: difficulty.unwrap_or(Difficulty::Medium),
            language: language.flatten(),
            chat_session_id: session_id.unwrap_or_default(),
            mission_id: mission_id.flatten(),
        })
    }
}

/// The mission a game belongs to, if any: at most 100 characters.
fn optional_mission(text: &str) -> Result<Option<String>, Violation> {
    if text.len() > 100 {
        return Err(Violation::new(
            "mission_id",
            "must be at most 100 characters",
        ));
    }
    let text = text.trim();
    Ok((!text.is_empty()).then(|| text.to_string()))
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
    clock: &Clock,
    input: StartInput,
) -> AppResult<Started> {
    check_switches(settings, input.game_type)?;
    // The user's row lock serialises one user's starts, so two concurrent
    // starts (in any chats) cannot both pass the daily limit or both open
    // a game.
    let txn = db::begin_write(db).await?;
    let user = store::lock_user(&txn, input.user_id)
        .await?
        .ok_or_else(|| AppError::not_found(format!("user {}", input.user_id)))?;
    let now = clock.now();
    if let Some(active) = open_game(&txn, settings, &user, now).await? {
        if active.session_id != input.chat_session_id {
            return Err(already_active(&active));
        }
        txn.commit().await?;
        let game = view::build(db, active).await?;
        return Ok(Started {
            game,
            resumed: true,
        });
    }
    check_limits(&txn, settings, user.id, now).await?;
    let language = input
        .language
        .clone()
        .or_else(|| user.preferred_language.clone())
        .unwrap_or_else(|| "en".into());
    let plan = build_plan(&txn, settings, &input, &user, &language, now).await?;
    let new = store::NewSession {
        chat_session_id: &input.chat_session_id,
        user_id: input.user_id,
        game_type: input.game_type,
        difficulty: input.difficulty,
        language: &language,
        mission_id: input.mission_id.as_deref(),
        plan: plan.to_json()?,
        next_question_id: plan.questions.get(1).map(|item| item.question_id),
        now,
    };
    let session = store::insert_session(&txn, new).await?;
    txn.commit().await?;
    crate::metrics::game_started(input.game_type.as_str());
    let game = view::build(db, session).await?;
    Ok(Started {
        game,
        resumed: false,
    })
}

/// The user's game still in play, in any chat. Games left idle past
/// `session_timeout_minutes` are expired on the way (the sweep may not
/// have reached them yet).
async fn open_game<C: ConnectionTrait>(
    txn: &C,
    settings: &Snapshot,
    user: &users::Model,
    now: NaiveDateTime,
) -> AppResult<Option<Session>> {
    let mut open = None;
    for active in store::active_games(txn, user.id).await? {
        if complete::is_idle(&active, settings, now) {
            complete::expire(txn, &active, now).await?;
        } else if open.is_none() {
            open = Some(active);
        }
    }
    Ok(open)
}

fn already_active(active: &Session) -> AppError {
    AppError::precondition(
        Reason::GameAlreadyActive,
        format!(
            "user {} is already playing game session {} in another chat; finish or abandon it first",
            active.user_id, active.id
        ),
    )
    .with_metadata("game_session_id", active.id)
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

/// `daily_game_limit` per day in `day_timezone`, and `game_cooldown_seconds`
/// after the last game ended (across midnight too).
async fn check_limits<C: ConnectionTrait>(
    db: &C,
    settings: &Snapshot,
    user_id: i32,
    now: NaiveDateTime,
) -> AppResult<()> {
    let zone = settings.day_timezone;
    let played = store::games_started_since(db, user_id, clock::start_of_day(now, zone)).await?;
    if played as i64 >= settings.daily_game_limit {
        let wait = clock::start_of_next_day(now, zone) - now;
        return Err(AppError::exhausted(
            format!("user:{user_id}"),
            "daily_game_limit",
            wait.to_std().ok(),
            format!(
                "daily game limit reached ({} games); try again tomorrow ({} minutes from now)",
                settings.daily_game_limit,
                wait.num_minutes() + 1
            ),
        ));
    }
    if let Some(ended) = store::last_game_end(db, user_id).await? {
        let wait = Duration::seconds(settings.game_cooldown_seconds) - (now - ended);
        if wait > Duration::zero() {
            return Err(AppError::exhausted(
                format!("user:{user_id}"),
                "game_cooldown_seconds",
                wait.to_std().ok(),
                format!(
                    "cooldown: the next game can start in {} seconds",
                    (wait.num_milliseconds() + 999) / 1000
                ),
            ));
        }
    }
    Ok(())
}

/// The questions of a new game (see [`draw`]): personalised and crowd
/// questions or phrasing prompts up to what the gold share leaves, gold
/// questions for the rest, the bank ranked by when this player last saw
/// each question, in a random order.
async fn build_plan<C: ConnectionTrait>(
    db: &C,
    settings: &Snapshot,
    input: &StartInput,
    user: &users::Model,
    language: &str,
    now: NaiveDateTime,
) -> AppResult<Plan> {
    let total = settings.questions_per_game.max(1);
    let mut rng = fastrand::Rng::new();
    let last_seen = store::last_seen(db, user.id).await?;
    let bank = store::bank_questions(
        db,
        input.game_type.as_str(),
        input.difficulty.as_str(),
        language,
    )
    .await?;
    let (gold, phrasing): (Vec<_>, Vec<_>) = bank
        .into_iter()
        .map(|q| (QuestionKind::of(&q).is_gold(), q.id))
        .partition(|(gold, _)| *gold);
    let ranked = |ids: Vec<(bool, i32)>, rng: &mut fastrand::Rng| {
        let candidates = ids
            .into_iter()
            .map(|(_, question_id)| draw::Candidate {
                question_id,
                last_seen: last_seen.get(&question_id).copied(),
            })
            .collect();
        draw::rank(candidates, rng)
    };
    let gold = ranked(gold, &mut rng);
    let mut unverified = ranked(phrasing, &mut rng);
    let personal = personal::personal_items(db, settings, input, user, language, total).await?;
    if input.game_type == GameType::IntentQuest {
        let room = total.saturating_sub(draw::gold_needed(total, settings.gold_question_share));
        let since = now - Duration::days(settings.question_repeat_days.max(0));
        let recent = last_seen
            .iter()
            .filter(|(_, seen)| **seen >= since)
            .map(|(id, _)| *id);
        let crowd_draw = crowd::CrowdDraw {
            user_id: user.id,
            language,
            exclude: recent.collect(),
            limit: room.saturating_sub(personal.len()) as u64,
        };
        let crowd = crowd::draw(db, settings, crowd_draw).await?;
        unverified.splice(0..0, crowd.iter().map(|q| q.id));
    }
    let pools = draw::Pools {
        personal,
        unverified,
        gold,
    };
    let questions = draw::assemble(total, settings.gold_question_share, pools, &mut rng)
        .ok_or_else(|| no_gold(input, language))?;
    Ok(Plan { questions })
}

fn no_gold(input: &StartInput, language: &str) -> AppError {
    AppError::precondition(
        Reason::NoGoldQuestions,
        format!(
            "the bank holds no enabled {} question with a known answer for difficulty {} in \
             language {language}; a game without one cannot measure the player",
            input.game_type.as_str(),
            input.difficulty
        ),
    )
}
