//! The second part of the starter bank: enough questions that a player can
//! play every game type, difficulty and language many times over (at least
//! 25 enabled questions for each, counting the first seed).
//!
//! Same line format as [`crate::starter_questions`], one table per game type
//! and language. The messages are what people write to a chat assistant in
//! India: food and grocery orders, deliveries, UPI payments and refunds,
//! mobile recharge, weather, table and ticket bookings, complaints,
//! greetings. Hindi is written in Devanagari, with the English loanwords
//! people actually use (ऑर्डर, पेमेंट, रिफ़ंड).
//!
//! Difficulty means something: `easy` messages say what they want in plain
//! words; `medium` ones mix two topics or need a detail read; `hard` ones
//! are indirect, sarcastic or ambiguous, with distractors close to the
//! answer.
//!
//! Intents are the NLU labels used elsewhere in the service (`order_food`,
//! `track_order`, `cancel_order`, `refund_request`, `complaint`,
//! `book_table`, `change_address`, `greeting`, `modify_order`,
//! `weather_forecast`, `small_talk`) plus `payment_issue` (a payment failed
//! or is unclear) and `mobile_recharge`.
//!
//! language_master tables list the phrasing prompts of a difficulty first
//! and its gold fill-ins ("Fill the gap: ...") after them.
mod entity_hunter;
mod intent_quest;
mod language_master;
#[cfg(test)]
mod tests;
mod tone_detective;

use crate::starter_questions::{StarterQuestion, parse};

/// `(language, table)` of every table, English first.
const TABLES: [(&str, &str); 8] = [
    ("en", intent_quest::EN),
    ("en", tone_detective::EN),
    ("en", entity_hunter::EN),
    ("en", language_master::EN),
    ("hi", intent_quest::HI),
    ("hi", tone_detective::HI),
    ("hi", entity_hunter::HI),
    ("hi", language_master::HI),
];

/// The questions added by the second seed.
pub fn more_starter_questions() -> Vec<StarterQuestion> {
    TABLES
        .iter()
        .flat_map(|(language, table)| table.lines().filter_map(|line| parse(language, line)))
        .collect()
}
