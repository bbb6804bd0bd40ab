//! Personalised questions from the player's own conversation history.
use super::{
    GameRequest, advance_to, answer, game_app, game_of, new_user, right_or_any, start_game, submit,
};
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

    let game = start_game(&app, game_of(asha).chat("p-1")).await;
    assert_eq!(
        game.question_count, 5,
        "the share is 0.4 of 5: 2 personalised + 3 general"
    );
    let plan = app
        .text(&format!(
            "SELECT CAST(mission_data AS TEXT) FROM game_sessions WHERE id = {}",
            game.id
        ))
        .await;
    assert!(
        plan.contains("forget it, I am not hungry anymore")
            && plan.contains("what is the status of the thing"),
        "the training candidate and the unsure turn: {plan}"
    );
    assert!(
        !plan.contains("ravi"),
        "never another player's message: {plan}"
    );
    let mut quoted = Vec::new();
    let mut game = game;
    while let Some(question) = game.current_question.clone() {
        let text = if question.text.contains("forget it, I am not hungry anymore") {
            assert!(question.options.contains(&"cancel_order".to_string()));
            "cancel_order".to_string()
        } else {
            right_or_any(&app, &question).await
        };
        if question.personalized {
            quoted.push(question.text.clone());
        }
        let reply = submit(&app, answer(&game, &text)).await;
        assert!(reply.correct, "{}: {}", question.text, reply.feedback);
        game = reply.game_session.expect("session");
    }
    assert_eq!(quoted.len(), 2, "{quoted:?}");
    assert!(
        quoted.iter().any(|q| q.contains("status of the thing")),
        "{quoted:?}"
    );
    let labeled = "SELECT COUNT(*) FROM training_samples WHERE text = 'forget it, I am not hungry anymore' \
        AND intent = 'cancel_order' AND source = 'game' AND review_status = 'pending'";
    assert_eq!(app.count(labeled).await, 1);

    let theirs = start_game(&app, game_of(ravi).chat("p-2")).await;
    let theirs = advance_to(&app, theirs, |q| q.personalized).await;
    let quoted = theirs.current_question.clone().expect("question");
    assert!(quoted.text.contains("ravi wants his secret biryani"));
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

    let fresh = start_game(&app, game_of(new).chat("p-3")).await;
    assert_eq!(
        fresh.question_count, 5,
        "no history: general questions only"
    );
    let plan = app
        .text(&format!(
            "SELECT CAST(mission_data AS TEXT) FROM game_sessions WHERE id = {}",
            fresh.id
        ))
        .await;
    assert!(!plan.contains("source_text"), "{plan}");
}
