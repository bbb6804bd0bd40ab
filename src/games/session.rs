//! A game session as the rules and handlers read it, apart from the
//! `game_sessions` row: closed sets are typed (text another application
//! wrote is kept as [`Stored::Unknown`]), and a legacy NULL score is 0.
use chrono::NaiveDateTime;

use crate::{
    domain::{Difficulty, GameType, RewardStatus, SessionStatus, Stored},
    entity::game_sessions,
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
            // Read by the plan, the reward and the training code, not here.
            mission_data: _,
            rewards_earned: _,
            training_sample_id: _,
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
        };
        let session = Session::from(row);
        assert_eq!(session.game_type, Stored::Unknown("trivia".into()));
        assert_eq!(text(&session.status), "paused");
        assert_eq!(session.status.and_then(|s| s.known()), None);
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
