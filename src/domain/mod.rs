//! The closed sets more than one room reads: game types, difficulties, game
//! statuses and reward statuses. Each is stored as the same lower-case text
//! the database has always held; `parse` returns None for text another
//! application wrote that is not in the set, so callers decide (skip it, or
//! treat it as not playable) instead of panicking or failing the request.
pub mod reward;
mod text_enum;

/// Declares a closed set stored as text (used by rooms with sets of their own).
pub(crate) use text_enum::text_enum;

text_enum::text_enum! {
    /// The game types the service knows; which ones may be played is a setting.
    GameType {
        IntentQuest = "intent_quest",
        ToneDetective = "tone_detective",
        EntityHunter = "entity_hunter",
        LanguageMaster = "language_master",
    }
}

impl GameType {
    /// The player picks one of `answer_options` (shown to them).
    pub fn is_choice(self) -> bool {
        matches!(self, GameType::IntentQuest | GameType::ToneDetective)
    }
}

text_enum::text_enum! {
    /// How hard a game or question is.
    Difficulty {
        Easy = "easy",
        Medium = "medium",
        Hard = "hard",
    }
}

/// A request that names no difficulty gets a medium game (the column's
/// default in the audit).
impl Default for Difficulty {
    fn default() -> Difficulty {
        Difficulty::Medium
    }
}

text_enum::text_enum! {
    /// `game_sessions.status`.
    SessionStatus {
        Active = "active",
        Completed = "completed",
        Abandoned = "abandoned",
        Expired = "expired",
    }
}

text_enum::text_enum! {
    /// `game_sessions.reward_status` and `reward_deliveries.status`.
    RewardStatus {
        Pending = "pending",
        Credited = "credited",
        Failed = "failed",
    }
}

/// What the text enums share, so a column another application writes can
/// be read as [`Stored`].
pub trait TextEnum: Copy {
    fn as_str(self) -> &'static str;
    fn parse(text: &str) -> Option<Self>;
}

/// A closed-set value read from a column another application may write:
/// one of ours, or its text kept as it was (shown back unchanged, never a
/// panic or an INTERNAL error).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stored<T> {
    Known(T),
    Unknown(String),
}

impl<T: TextEnum> Stored<T> {
    pub fn read(text: String) -> Stored<T> {
        T::parse(&text).map_or(Stored::Unknown(text), Stored::Known)
    }

    /// The value, if it is one of ours.
    pub fn known(&self) -> Option<T> {
        match self {
            Stored::Known(value) => Some(*value),
            Stored::Unknown(_) => None,
        }
    }

    /// The text as stored.
    pub fn as_str(&self) -> &str {
        match self {
            Stored::Known(value) => value.as_str(),
            Stored::Unknown(text) => text,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_reads_back_from_its_text_and_strangers_are_none() {
        for kind in GameType::ALL {
            assert_eq!(GameType::parse(kind.as_str()), Some(*kind));
        }
        for status in SessionStatus::ALL {
            assert_eq!(SessionStatus::parse(&status.to_string()), Some(*status));
        }
        assert_eq!(Difficulty::parse("medium"), Some(Difficulty::Medium));
        assert_eq!(RewardStatus::parse("paid"), None);
        assert_eq!(GameType::parse("Intent_Quest"), None);
    }
}
