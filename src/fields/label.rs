//! Label fields: intents, confidences, JSON, free text (moved here from the
//! training room, which conversations and questions share).
