//! Personalised questions from the player's own conversation history.
use super::{answer, game_app, new_user, start, start_game, submit};
use crate::helpers::TestApp;

async fn said(app: &TestApp, user: i32, text: &str, confidence: &str, candidate: bool) {
    app.exec(&format!(
        "INSERT INTO conversation_logs (user_id, session_id, user_message, nlu_intent, nlu_confidence, \
         is_training_candidate, created_at) \
         VALUES ({user}, 'chat-{user}', '{text}', 'order_food', '{confidence}', {candidate}, CURRENT_TIMESTAMP)"
    ))
    .await;
}

#[tokio::test]
async fn personalised_questions_quote_only_the_players_own_messages() {
    let app = game_app().await;
    let (asha, ravi, new) = (
        new_user(&app, 40).await,
        new_user(&app, 41).await,
        new_user(&app, 42).await,
    );
    said(
        &app,
        asha,
        "forget it, I am not hungry anymore",
        "0.41",
        true,
    )
    .await;
    said(&app, asha, "what is the status of the thing", "0.55", false).await;
    said(&app, ravi, "ravi wants his secret biryani", "0.30", true).await;
    app.exec(&format!(
        "INSERT INTO conversation_memory (user_id, role, content, session_id) \
         VALUES ({asha}, 'user', 'same as last friday please', 'm-1')"
    ))
    .await;

    let game = start_game(&app, start(asha, "intent_quest", "medium", "en", "p-1")).await;
    assert_eq!(
        game.question_count, 5,
        "the share is 0.4 of 5: 2 personalised + 3 general"
    );
    let first = game.current_question.clone().expect("question");
    assert!(first.personalized);
    assert!(
        first.text.contains("forget it, I am not hungry anymore"),
        "the training candidate first: {}",
        first.text
    );
    assert!(first.options.contains(&"cancel_order".to_string()));
    let plan = app
        .text(&format!(
            "SELECT CAST(mission_data AS TEXT) FROM game_sessions WHERE id = {}",
            game.id
        ))
        .await;
    assert!(
        !plan.contains("ravi"),
        "never another player's message: {plan}"
    );

    let reply = submit(&app, answer(&game, "cancel_order")).await;
    assert!(reply.correct, "the player's own label is the answer");
    let labeled = "SELECT COUNT(*) FROM training_samples WHERE text = 'forget it, I am not hungry anymore' \
        AND intent = 'cancel_order' AND source = 'game' AND review_status = 'pending'";
    assert_eq!(app.count(labeled).await, 1);
    let next = reply
        .game_session
        .expect("session")
        .current_question
        .expect("second");
    assert!(
        next.personalized && next.text.contains("status of the thing"),
        "{}",
        next.text
    );

    let theirs = start_game(&app, start(ravi, "intent_quest", "medium", "en", "p-2")).await;
    let quoted = theirs.current_question.expect("question");
    assert!(quoted.personalized && quoted.text.contains("ravi wants his secret biryani"));
    let plan = app
        .text(&format!(
            "SELECT CAST(mission_data AS TEXT) FROM game_sessions WHERE id = {}",
            theirs.id
        ))
        .await;
    assert!(
        !plan.contains("hungry") && !plan.contains("friday"),
        "{plan}"
    );

    let fresh = start_game(&app, start(new, "intent_quest", "medium", "en", "p-3")).await;
    assert_eq!(
        fresh.question_count, 5,
        "no history: general questions only"
    );
    assert!(!fresh.current_question.expect("question").personalized);
}
