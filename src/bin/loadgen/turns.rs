//! Realistic chat turns: Hindi, Hinglish and English messages with an NLU
//! analysis (2 to 5 alternate intents, entities, context), reproducible
//! from a seed.
use serde_json::{Value, json};

const MESSAGES: &[(&str, &str, &str)] = &[
    (
        "mujhe do paneer butter masala chahiye",
        "hi-Latn",
        "order_food",
    ),
    ("मेरा ऑर्डर कहाँ है? 40 मिनट हो गए", "hi", "track_order"),
    (
        "I want to cancel my order from Sharma Dhaba",
        "en",
        "cancel_order",
    ),
    (
        "refund kab milega bhai, paisa kat gaya",
        "hi-Latn",
        "refund_request",
    ),
    ("खाना ठंडा आया, बहुत बुरा अनुभव", "hi", "complaint"),
    ("book a table for 4 at 8 pm tonight", "en", "book_table"),
    (
        "address change karna hai, flat 302 Andheri",
        "hi-Latn",
        "change_address",
    ),
    ("नमस्ते, आज क्या स्पेशल है?", "hi", "greeting"),
];

const INTENTS: &[&str] = &[
    "order_food",
    "track_order",
    "cancel_order",
    "refund_request",
    "complaint",
    "book_table",
    "change_address",
    "greeting",
];

impl Turn {
    /// The turn as the NLU backend sends it to LogTurn(s).
    pub fn to_input(&self) -> gamification::proto::TurnInput {
        gamification::proto::TurnInput {
            session_id: self.session_id.clone(),
            channel: "whatsapp".into(),
            user_message: self.user_message.clone(),
            bot_response: self.bot_response.clone(),
            nlu_intent: self.intent.clone(),
            nlu_confidence: self.confidence.clone(),
            nlu_alternate_intents_json: self.alternates.to_string(),
            nlu_entities_json: self.entities.to_string(),
            nlu_language: self.language.clone(),
            nlu_provider: "indicbert".into(),
            nlu_processing_time_ms: Some(42),
            routed_to: "flow".into(),
            response_success: Some(true),
            response_time_ms: Some(120),
            conversation_context_json: self.context.to_string(),
            turn_number: Some(self.turn_number),
            ..Default::default()
        }
    }
}

/// One generated turn.
#[derive(Debug, Clone)]
pub struct Turn {
    pub session_id: String,
    pub user_message: String,
    pub bot_response: String,
    pub intent: String,
    pub confidence: String,
    pub alternates: Value,
    pub entities: Value,
    pub language: String,
    pub context: Value,
    pub turn_number: i32,
}

pub struct TurnGenerator {
    rng: fastrand::Rng,
    worker: usize,
    count: u64,
}

impl TurnGenerator {
    pub fn new(seed: u64, worker: usize) -> TurnGenerator {
        TurnGenerator {
            rng: fastrand::Rng::with_seed(seed ^ (worker as u64) << 32),
            worker,
            count: 0,
        }
    }

    pub fn next_turn(&mut self) -> Turn {
        self.count += 1;
        let (text, language, intent) = MESSAGES[self.rng.usize(..MESSAGES.len())];
        let confidence = self.rng.u32(30..=99);
        let alternates: Vec<Value> = (0..self.rng.usize(2..=5))
            .map(|i| {
                let other = INTENTS[(self.rng.usize(..INTENTS.len()) + i) % INTENTS.len()];
                json!({"intent": other, "confidence": f64::from(self.rng.u32(1..confidence)) / 100.0})
            })
            .collect();
        Turn {
            session_id: format!("load-{}-{}", self.worker, self.count / 10),
            user_message: format!("{text} #{}", self.count),
            bot_response: "Sure, let me help you with that.".to_string(),
            intent: intent.to_string(),
            confidence: format!("0.{confidence:02}"),
            alternates: Value::Array(alternates),
            entities: json!([{"type": "dish", "value": "paneer butter masala", "start": 9, "end": 29}]),
            language: language.split('-').next().unwrap_or("en").to_string(),
            context: json!({"channel": "whatsapp", "flow": "food_order", "cart_items": self.rng.u8(0..5)}),
            turn_number: (self.count % 10) as i32 + 1,
        }
    }
}
