//! What a bank question is for the economy and the crowd: only a question
//! whose right answer is known can measure a player (gold); the others
//! collect labels nobody can check yet.
use crate::{domain::GameType, entity::game_questions};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuestionKind {
    /// A curated question with a known answer: intent_quest, tone_detective
    /// and entity_hunter bank questions, and language_master fill-ins (a
    /// language_master question with accepted answers in `answer_options`).
    Gold,
    /// A template quoting the player's own message (`context_required`).
    Personal,
    /// A crowd question: the answer is a vote on a pending sample.
    Crowd,
    /// A language_master phrasing prompt: the answer is the player's own
    /// sentence, checked by rules and then reviewed.
    Phrasing,
}

impl QuestionKind {
    pub fn of(question: &game_questions::Model) -> QuestionKind {
        if question.crowd_sample_id.is_some() {
            QuestionKind::Crowd
        } else if question.context_required == Some(true) {
            QuestionKind::Personal
        } else if question.game_type == GameType::LanguageMaster.as_str() && !has_options(question)
        {
            QuestionKind::Phrasing
        } else {
            QuestionKind::Gold
        }
    }

    pub fn is_gold(self) -> bool {
        self == QuestionKind::Gold
    }
}

fn has_options(question: &game_questions::Model) -> bool {
    question
        .answer_options
        .as_ref()
        .and_then(|json| json.as_array())
        .is_some_and(|options| !options.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn question(game_type: &str, options: Option<serde_json::Value>) -> game_questions::Model {
        game_questions::Model {
            id: 1,
            game_type: game_type.into(),
            language: "en".into(),
            question_text: "text".into(),
            question_context: None,
            correct_answer: "cancel".into(),
            answer_options: options,
            difficulty: Some("easy".into()),
            reward_amount: None,
            context_required: Some(false),
            created_at: None,
            updated_at: None,
            enabled: Some(true),
            usage_count: None,
            success_rate: None,
            crowd_sample_id: None,
            source_sample_id: None,
            created_by: None,
        }
    }

    #[test]
    fn only_questions_with_a_known_answer_are_gold() {
        let options = Some(serde_json::json!(["cancel", "rad"]));
        assert_eq!(
            QuestionKind::of(&question("intent_quest", options.clone())),
            QuestionKind::Gold
        );
        assert_eq!(
            QuestionKind::of(&question("entity_hunter", None)),
            QuestionKind::Gold
        );
        assert_eq!(
            QuestionKind::of(&question("language_master", options)),
            QuestionKind::Gold
        );
        assert_eq!(
            QuestionKind::of(&question("language_master", None)),
            QuestionKind::Phrasing
        );
        let empty = Some(serde_json::json!([]));
        assert_eq!(
            QuestionKind::of(&question("language_master", empty)),
            QuestionKind::Phrasing
        );
        let mut personal = question("intent_quest", None);
        personal.context_required = Some(true);
        assert_eq!(QuestionKind::of(&personal), QuestionKind::Personal);
        let mut crowd = question("intent_quest", None);
        crowd.crowd_sample_id = Some(7);
        assert_eq!(QuestionKind::of(&crowd), QuestionKind::Crowd);
    }
}
