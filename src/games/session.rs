//! A game session as the rules and handlers read it, apart from the
//! `game_sessions` row: closed sets are typed (text another application
//! wrote is kept as [`Stored::Unknown`]), and a legacy NULL score is 0.
use chrono::NaiveDateTime;

use super::{Plan, Reward};
use crate::{
    domain::{Difficulty, GameType, RewardStatus, SessionStatus, Stored},
    entity::game_sessions,
    error::AppResult,
};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    pub id: i32,
    /// The chat session the game was played in.
    pub session_id: String,
    pub user_id: i32,
    pub game_type: Stored<GameType>,
    pub difficulty: Option<Stored<Difficulty>>,
    pub language: Option<String>,
    pub mission_id: Option<String>,
    pub status: Option<Stored<SessionStatus>>,
    pub score: i32,
    pub completion_time_seconds: Option<i32>,
    pub started_at: Option<NaiveDateTime>,
    pub completed_at: Option<NaiveDateTime>,
    pub updated_at: Option<NaiveDateTime>,
    pub reward_status: Option<Stored<RewardStatus>>,
    /// The newest training sample one of its answers produced.
    pub training_sample_id: Option<i32>,
    /// The plan (`mission_data`) as stored; read with [`Session::plan`].
    pub mission_data: Option<serde_json::Value>,
    /// `rewards_earned` as stored; the money part is read by the rewards
    /// room ([`crate::domain::reward::Earned`]), the rest by [`Reward`].
    pub rewards_earned: Option<serde_json::Value>,
    /// Answers given so far.
    pub answers_count: usize,
    pub last_answer_at: Option<NaiveDateTime>,
    /// The question after the one to answer now, when known.
    pub next_question_id: Option<i32>,
}

impl Session {
    /// The status, None for text another application wrote that is not in
    /// the set (such a session is not playable).
    pub fn status(&self) -> Option<SessionStatus> {
        self.status.as_ref().and_then(Stored::known)
    }

    /// The status as stored, for messages ("unknown" when NULL).
    pub fn status_text(&self) -> &str {
        self.status.as_ref().map_or("unknown", Stored::as_str)
    }

    /// The known game type, None for one another application wrote.
    pub fn game_type(&self) -> Option<GameType> {
        self.game_type.known()
    }

    /// The difficulty; one another app wrote that is not in the set, or
    /// none, counts as medium (the audit's column default).
    pub fn difficulty_or_default(&self) -> Difficulty {
        self.difficulty
            .as_ref()
            .and_then(Stored::known)
            .unwrap_or_default()
    }

    /// The question plan; FAILED_PRECONDITION for a session this service
    /// did not start.
    pub fn plan(&self) -> AppResult<Plan> {
        Plan::from_json(self.mission_data.as_ref())
    }

    /// The reward as shown, once completed (None when its money cannot be read).
    pub fn reward(&self) -> Option<Reward> {
        Reward::from_json(self.rewards_earned.as_ref())
    }
}

/// What a rule changes in a session's row: each `Some` is written, each
/// `None` leaves its column as it is. The store applies it
/// (`store::update_session`).
#[derive(Clone, Debug, Default)]
pub struct Change {
    pub status: Option<SessionStatus>,
    pub score: Option<i32>,
    pub training_sample_id: Option<i32>,
    pub completed_at: Option<NaiveDateTime>,
    pub completion_time_seconds: Option<i32>,
    pub rewards_earned: Option<serde_json::Value>,
    /// The reward's state, written by the rewards room's rule
    /// ([`crate::rewards::Mark`]).
    pub reward: Option<crate::rewards::Mark>,
    pub updated_at: Option<NaiveDateTime>,
    /// The game's progress after an answer (the row is locked, so the
    /// count read under the lock plus one is exact).
    pub progress: Option<Progress>,
}

/// Where a game stands after an answer.
#[derive(Clone, Copy, Debug)]
pub struct Progress {
    pub answers_count: usize,
    pub last_answer_at: NaiveDateTime,
    /// The question after the one to answer next (None: that one is last).
    pub next_question_id: Option<i32>,
}

impl Change {
    /// An active session ends with nothing to pay (abandoned or expired).
    pub fn ended(status: SessionStatus, now: NaiveDateTime) -> Change {
        Change {
            status: Some(status),
            reward: Some(crate::rewards::Mark::NothingToPay),
            updated_at: Some(now),
            ..Change::default()
        }
    }
}

/// The one conversion from the row.
impl From<game_sessions::Model> for Session {
    fn from(row: game_sessions::Model) -> Session {
        let game_sessions::Model {
            id,
            session_id,
            user_id,
            game_type,
            difficulty,
            language,
            mission_id,
            status,
            score,
            completion_time_seconds,
            started_at,
            completed_at,
            updated_at,
            reward_status,
            training_sample_id,
            mission_data,
            rewards_earned,
            answers_count,
            last_answer_at,
            next_question_id,
            // The rewards room's (transaction id) and the old app's columns.
            conversation_log_id: _,
            reward_transaction_id: _,
        } = row;
        Session {
            id,
            session_id,
            user_id,
            game_type: Stored::read(game_type),
            difficulty: difficulty.map(Stored::read),
            language,
            mission_id,
            status: status.map(Stored::read),
            score: score.unwrap_or(0),
            completion_time_seconds,
            started_at,
            completed_at,
            updated_at,
            reward_status: reward_status.map(Stored::read),
            training_sample_id,
            mission_data,
            rewards_earned,
            answers_count: usize::try_from(answers_count).unwrap_or(0),
            last_answer_at,
            next_question_id,
        }
    }
}

/// The text of an optional stored value, empty when absent (as on the wire).
pub fn text<T: crate::domain::TextEnum>(value: &Option<Stored<T>>) -> String {
    value
        .as_ref()
        .map_or_else(String::new, |v| v.as_str().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_legacy_row_with_nulls_and_foreign_text_converts_and_keeps_its_text() {
        let row = game_sessions::Model {
            id: 3,
            session_id: "chat".into(),
            user_id: 1,
            game_type: "trivia".into(),
            difficulty: None,
            language: None,
            mission_id: None,
            mission_data: None,
            status: Some("paused".into()),
            score: None,
            completion_time_seconds: None,
            rewards_earned: None,
            started_at: None,
            completed_at: None,
            updated_at: None,
            training_sample_id: None,
            conversation_log_id: None,
            reward_transaction_id: None,
            reward_status: Some("pending".into()),
            answers_count: 0,
            last_answer_at: None,
            next_question_id: None,
        };
        let session = Session::from(row);
        assert_eq!(session.game_type, Stored::Unknown("trivia".into()));
        assert_eq!(text(&session.status), "paused");
        assert_eq!(session.status(), None);
        assert_eq!(session.status_text(), "paused");
        assert_eq!(session.difficulty_or_default(), Difficulty::Medium);
        assert_eq!(
            session.reward_status,
            Some(Stored::Known(RewardStatus::Pending))
        );
        assert_eq!(
            (session.score, text(&session.difficulty)),
            (0, String::new())
        );
    }
}
