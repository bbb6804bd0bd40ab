//! Whole games of each type, from start to reward.
use gamification::proto::GameSession;
use rust_decimal::Decimal;

use super::{
    GameRequest, answer, correct_answer, game_app, game_of, new_user, play_out, start_game, submit,
    usage_of,
};
use crate::helpers::TestApp;

#[tokio::test]
async fn a_whole_intent_quest_game_is_scored_and_rewarded_at_completion() {
    let app = game_app().await;
    let user = new_user(&app, 1).await;
    let game = start_game(&app, game_of(user).chat("chat-1")).await;
    assert_eq!((game.status.as_str(), game.question_count), ("active", 5));
    let first = game.current_question.clone().expect("first question");
    assert_eq!(first.position, 0);
    assert!(first.options.len() >= 3, "choices are shown");

    let game = play_out(&app, game, &[2]).await;
    assert_eq!(game.status, "completed");
    assert_eq!((game.score, game.answered_count), (4, 5));
    assert!(game.current_question.is_none());
    let reward = game.reward.expect("reward");
    // 4 correct x 2.00 (medium) + 5.00 completion bonus.
    assert_eq!(reward.amount, "13.00");
    assert_eq!(
        (
            reward.per_correct.as_str(),
            reward.completion_bonus.as_str()
        ),
        ("2.00", "5.00")
    );
    assert_eq!(
        (
            reward.loyalty_points,
            reward.correct_answers,
            reward.questions
        ),
        (40, 4, 5)
    );
    assert!(!reward.capped);
    assert_eq!(game.reward_status, "pending");
    assert!(game.completion_time_seconds.is_some() && game.complete_time.is_some());

    let stored = app
        .text(&format!(
            "SELECT CAST(rewards_earned AS TEXT) FROM game_sessions WHERE id = {}",
            game.id
        ))
        .await;
    let json: serde_json::Value = serde_json::from_str(&stored).expect("json");
    assert_eq!(json["amount"], "13.00");
    assert_eq!(json["currency"], "INR");
    assert_eq!(json["capped"], false);
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM users WHERE id = {user} AND total_games_played = 1 \
             AND loyalty_points = 70 AND last_active_at IS NOT NULL"
        ))
        .await,
        1,
        "the user's totals move in the completion transaction: 40 points for the game, \
         10 + 20 for the first_game and first_game_en achievements it unlocked"
    );
    assert_eq!(
        app.text(&format!(
            "SELECT CAST(total_rewards_earned AS TEXT) FROM users WHERE id = {user}"
        ))
        .await
        .parse::<f64>()
        .ok(),
        Some(0.0),
        "the money total moves when the wallet confirms, not here"
    );
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM game_answers WHERE game_session_id = {}",
            game.id
        ))
        .await,
        5
    );
    // The bank counts each answered question once, right or wrong.
    let mut rates = Vec::new();
    for position in 0..5 {
        let question_id = app
            .count(&format!(
                "SELECT CAST(question_id AS BIGINT) FROM game_answers WHERE game_session_id = {} AND position = {position}",
                game.id
            ))
            .await;
        let (usage, rate) = usage_of(&app, i32::try_from(question_id).expect("id")).await;
        assert_eq!(usage, 1, "question at {position} used once");
        rates.push(rate);
    }
    rates.sort();
    assert_eq!(rates, ["0.0000", "1.0000", "1.0000", "1.0000", "1.0000"]);
}

#[tokio::test]
async fn a_tone_detective_game_plays_through() {
    let app = game_app().await;
    super::set(&app, "questions_per_game", "3").await;
    let user = new_user(&app, 2).await;
    let game = start_game(
        &app,
        game_of(user)
            .kind("tone_detective")
            .difficulty("easy")
            .chat("chat-2"),
    )
    .await;
    let game = play_out(&app, game, &[]).await;
    assert_eq!((game.status.as_str(), game.score), ("completed", 3));
    // 3 x 1.00 (easy) + 5.00.
    assert_eq!(game.reward.expect("reward").amount, "8.00");
}

#[tokio::test]
async fn entity_hunter_accepts_normalised_answers_and_alternatives_and_hides_them() {
    let app = game_app().await;
    let user = new_user(&app, 3).await;
    let game = start_game(
        &app,
        game_of(user)
            .kind("entity_hunter")
            .difficulty("easy")
            .chat("chat-3"),
    )
    .await;
    let question = game.current_question.clone().expect("question");
    assert!(question.options.is_empty(), "alternatives are never shown");
    assert!(!question.context.is_empty(), "says what to look for");
    let correct = correct_answer(&app, question.question_id).await;
    let shouted = format!("  {}  ", correct.to_uppercase().replace(' ', "   "));
    let response = submit(&app, answer(&game, &shouted)).await;
    assert!(response.correct, "{}", response.feedback);
    let game = response.game_session.expect("session");
    // "Send 3 cold coffees": "three" is an accepted alternative of "3".
    let question = game.current_question.clone().expect("second");
    let text = app
        .text(&format!(
            "SELECT question_text FROM game_questions WHERE id = {}",
            question.question_id
        ))
        .await;
    if text.contains("cold coffees") {
        assert!(submit(&app, answer(&game, "Three")).await.correct);
    }
}

#[tokio::test]
async fn a_hindi_language_master_answer_becomes_a_linked_training_sample() {
    let app = game_app().await;
    let user = new_user(&app, 4).await;
    let game = start_game(
        &app,
        game_of(user)
            .kind("language_master")
            .difficulty("easy")
            .language("hi")
            .chat("chat-4"),
    )
    .await;
    let game = to_prompt(&app, game).await;
    let latin = submit(&app, answer(&game, "mujhe pizza chahiye bhai")).await;
    assert!(!latin.correct, "Hindi must be written in Devanagari");
    assert!(latin.feedback.contains("script"), "{}", latin.feedback);
    assert_eq!(app.count("SELECT COUNT(*) FROM training_samples").await, 0);
    abandon(&app, game.id).await;

    let game = start_game(
        &app,
        game_of(user)
            .kind("language_master")
            .difficulty("easy")
            .language("hi")
            .chat("chat-5"),
    )
    .await;
    let game = to_prompt(&app, game).await;
    let question = game.current_question.clone().expect("question");
    let intent = correct_answer(&app, question.question_id).await;
    let reply = submit(&app, answer(&game, "भैया जल्दी से कुछ बढ़िया भेज दो")).await;
    assert!(reply.correct, "{}", reply.feedback);
    let sql = format!(
        "SELECT COUNT(*) FROM training_samples WHERE intent = '{intent}' AND language = 'hi' \
         AND source = 'game' AND review_status = 'pending' AND user_id = {user} \
         AND session_id = 'chat-5' AND game_session_id = '{}'",
        game.id
    );
    assert_eq!(
        app.count(&sql).await,
        1,
        "sample with intent, language and links"
    );
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM game_sessions g JOIN training_samples t ON t.id = g.training_sample_id \
             WHERE g.id = {}",
            game.id
        ))
        .await,
        1,
        "the session links to its latest sample"
    );
    assert_ne!(intent, "", "questions carry their intent");
}

/// Whether a language_master question is a phrasing prompt (no accepted
/// answers) rather than a gold fill-in.
async fn is_prompt(app: &TestApp, question_id: i32) -> bool {
    let sql = format!(
        "SELECT COUNT(*) FROM game_questions WHERE id = {question_id} \
         AND (answer_options IS NULL OR CAST(answer_options AS TEXT) = '[]')"
    );
    app.count(&sql).await == 1
}

/// Answers gold fill-ins right until the current question is a prompt.
async fn to_prompt(app: &TestApp, mut game: GameSession) -> GameSession {
    loop {
        let question = game.current_question.clone().expect("a prompt comes");
        if is_prompt(app, question.question_id).await {
            return game;
        }
        let right = correct_answer(app, question.question_id).await;
        game = submit(app, answer(&game, &right))
            .await
            .game_session
            .expect("session");
    }
}

async fn abandon(app: &TestApp, game_session_id: i32) {
    let request = gamification::proto::AbandonGameRequest { game_session_id };
    app.games().abandon_game(request).await.expect("abandon");
}

#[tokio::test]
async fn seeded_hindi_questions_play_through_every_choice_game() {
    let app = game_app().await;
    let user = new_user(&app, 5).await;
    for (n, game_type) in ["intent_quest", "tone_detective", "entity_hunter"]
        .into_iter()
        .enumerate()
    {
        let game = start_game(
            &app,
            game_of(user)
                .kind(game_type)
                .language("hi")
                .chat(&format!("hi-{n}")),
        )
        .await;
        assert_eq!(game.language, "hi");
        let game = play_out(&app, game, &[]).await;
        assert_eq!(game.status, "completed", "{game_type}");
        assert_eq!(game.score, game.question_count, "{game_type}");
    }
}

#[tokio::test]
async fn a_whole_language_master_game_pays_and_collects_one_sample_per_accepted_answer() {
    let app = game_app().await;
    let user = new_user(&app, 6).await;
    let mut game = start_game(
        &app,
        game_of(user)
            .kind("language_master")
            .difficulty("easy")
            .chat("lm"),
    )
    .await;
    let mut phrasings = [
        "Could you sort this out for me tonight, friend?",
        "I would love some help with this one, thanks",
        "Any chance you can look into it right away?",
        "Please help me out with this thing today",
        "Can somebody check on this for me soon?",
    ]
    .into_iter();
    let (mut prompts, mut fill_ins) = (0, 0);
    while let Some(question) = game.current_question.clone() {
        assert!(
            question.options.is_empty(),
            "accepted answers are never shown"
        );
        let text = if is_prompt(&app, question.question_id).await {
            prompts += 1;
            phrasings.next().expect("a phrasing").to_string()
        } else {
            fill_ins += 1;
            correct_answer(&app, question.question_id).await
        };
        let reply = submit(&app, answer(&game, &text)).await;
        assert!(reply.correct, "{text}: {}", reply.feedback);
        game = reply.game_session.expect("session");
    }
    assert_eq!(game.status, "completed");
    assert!(fill_ins >= 1, "every game measures the player");
    // Fill-ins pay 1.00 (easy), phrasings the flat 0.50, and the bonus 5.00.
    let expected = Decimal::from(fill_ins)
        + Decimal::new(50, 2) * Decimal::from(prompts)
        + Decimal::new(500, 2);
    let reward = game.reward.expect("reward");
    assert_eq!(reward.amount.parse::<Decimal>().expect("amount"), expected);
    let samples = format!(
        "SELECT COUNT(*) FROM training_samples WHERE game_session_id = '{}' AND language = 'en'",
        game.id
    );
    assert_eq!(app.count(&samples).await, prompts);

    // Another player's phrasing close to a collected one is refused.
    let other = new_user(&app, 7).await;
    let game = start_game(
        &app,
        game_of(other)
            .kind("language_master")
            .difficulty("easy")
            .chat("lm"),
    )
    .await;
    let game = to_prompt(&app, game).await;
    let intent = correct_answer(&app, game.current_question.as_ref().expect("q").question_id).await;
    let said = "Would you kindly arrange this for me, please";
    app.exec(&format!(
        "INSERT INTO training_samples (text, intent, language, source, review_status) \
         VALUES ('{said}', '{intent}', 'en', 'manual', 'pending')"
    ))
    .await;
    let before = app.count("SELECT COUNT(*) FROM training_samples").await;
    let reply = submit(&app, answer(&game, &format!("{said}!"))).await;
    assert!(!reply.correct, "a near-duplicate is not accepted");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM training_samples").await,
        before
    );
}

#[tokio::test]
async fn questions_keep_their_usage_count_and_success_rate() {
    let app = game_app().await;
    super::set(&app, "questions_per_game", "2").await;
    let asha = new_user(&app, 8).await;
    let game = start_game(&app, game_of(asha).difficulty("easy").chat("s")).await;
    let first = game.current_question.clone().expect("q").question_id;
    let game = play_out(&app, game, &[1]).await;
    assert_eq!(game.score, 1);
    let rate = |id: i32| {
        let mut client = app.questions();
        async move {
            let request = gamification::proto::GetQuestionRequest { id };
            let q = client
                .get_question(request)
                .await
                .expect("get")
                .into_inner();
            let q = q.question.expect("question");
            (q.usage_count, q.success_rate.parse::<f64>().unwrap_or(-1.0))
        }
    };
    assert_eq!(rate(first).await, (1, 1.0));
}
