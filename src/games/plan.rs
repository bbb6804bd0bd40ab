//! The plan of a game, kept in `game_sessions.mission_data`: the questions
//! in the order they are asked, and for personalised ones the text built
//! from the player's own message.
use serde::{Deserialize, Serialize};

use crate::error::{AppError, AppResult, Reason};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    pub questions: Vec<PlanItem>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanItem {
    pub question_id: i32,
    /// The question as shown, when built from the player's own message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub personalized_text: Option<String>,
    /// The player's own message that a personalised question asks about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conversation_log_id: Option<i32>,
}

impl PlanItem {
    pub fn general(question_id: i32) -> PlanItem {
        PlanItem {
            question_id,
            personalized_text: None,
            source_text: None,
            conversation_log_id: None,
        }
    }

    pub fn is_personalized(&self) -> bool {
        self.source_text.is_some()
    }
}

impl Plan {
    pub fn from_json(json: Option<&serde_json::Value>) -> AppResult<Plan> {
        // Sessions the old app wrote have no plan of ours; they cannot be played.
        let unplayable = || {
            AppError::precondition(
                Reason::GameNotPlayable,
                "the game session has no question plan (it was not started by this service)",
            )
        };
        let json = json.ok_or_else(unplayable)?;
        serde_json::from_value(json.clone()).map_err(|_| unplayable())
    }

    pub fn to_json(&self) -> AppResult<serde_json::Value> {
        serde_json::to_value(self).map_err(|e| AppError::Internal(format!("game plan: {e}")))
    }

    /// The position of a question in the plan.
    pub fn position_of(&self, question_id: i32) -> Option<usize> {
        self.questions
            .iter()
            .position(|item| item.question_id == question_id)
    }

    pub fn question_ids(&self) -> Vec<i32> {
        self.questions.iter().map(|item| item.question_id).collect()
    }
}
