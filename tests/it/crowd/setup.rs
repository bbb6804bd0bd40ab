//! Setting up crowd labelling: crowd questions, the gold share of a game,
//! and a player's own messages (never theirs to vote on).
use gamification::proto::{CreateCrowdQuestionRequest, RecordSampleRequest};
use tonic::Code;

use super::{
    OPTIONS, crowd_app, crowd_question, drew, measure, play, sample_row, unsure_sample, votes,
};
use crate::{
    games::{GameRequest, answer, game_of, new_user, play_out, set, start_game, submit},
    helpers::{SERVICE_TOKEN, expect_code, field_violations},
};

#[tokio::test]
async fn gold_questions_keep_their_share_of_every_game() {
    let app = crowd_app().await;
    set(&app, "gold_question_share", "0.4").await;
    let user = new_user(&app, 1).await;
    measure(&app, user, true).await;
    let mut crowd = Vec::new();
    for _ in 0..5 {
        let sample = unsure_sample(&app).await;
        crowd.push(crowd_question(&app, sample).await);
    }
    let game = start_game(&app, game_of(user).chat("gold-1")).await;
    let plan = app
        .text(&format!(
            "SELECT CAST(mission_data AS TEXT) FROM game_sessions WHERE id = {}",
            game.id
        ))
        .await;
    let plan: serde_json::Value = serde_json::from_str(&plan).expect("plan");
    let ids: Vec<i64> = plan["questions"]
        .as_array()
        .expect("questions")
        .iter()
        .filter_map(|item| item["question_id"].as_i64())
        .collect();
    let drawn = ids
        .iter()
        .filter(|id| crowd.contains(&(**id as i32)))
        .count();
    assert_eq!(
        (game.question_count, drawn),
        (5, 3),
        "2 of 5 stay gold: {ids:?}"
    );
}

#[tokio::test]
async fn crowd_questions_need_an_admin_a_pending_sample_and_valid_options() {
    let app = crowd_app().await;
    let sample = unsure_sample(&app).await;
    let request = |sample_id: i32, options: Vec<&str>| CreateCrowdQuestionRequest {
        sample_id,
        question_text: "send one more".into(),
        answer_options: options.into_iter().map(String::from).collect(),
        ..Default::default()
    };
    let denied = app
        .crowd_as(Some(SERVICE_TOKEN))
        .create_crowd_question(request(sample, OPTIONS.to_vec()))
        .await;
    expect_code(denied, Code::PermissionDenied);
    let bad = app
        .crowd()
        .create_crowd_question(request(sample, vec!["Order Food"]))
        .await;
    let status = expect_code(bad, Code::InvalidArgument);
    let fields: Vec<String> = field_violations(&status)
        .into_iter()
        .map(|(f, _)| f)
        .collect();
    assert!(fields.contains(&"answer_options".to_string()), "{fields:?}");
    assert!(
        fields.contains(&"answer_options[0]".to_string()),
        "{fields:?}"
    );
    let missing = app
        .crowd()
        .create_crowd_question(request(sample + 100, OPTIONS.to_vec()))
        .await;
    expect_code(missing, Code::NotFound);
    app.exec(&format!(
        "UPDATE training_samples SET review_status = 'rejected' WHERE id = {sample}"
    ))
    .await;
    let decided = app
        .crowd()
        .create_crowd_question(request(sample, OPTIONS.to_vec()))
        .await;
    expect_code(decided, Code::FailedPrecondition);
    let crowd_questions = "SELECT COUNT(*) FROM game_questions WHERE crowd_sample_id IS NOT NULL";
    assert_eq!(app.count(crowd_questions).await, 0, "nothing written");
}

#[tokio::test]
async fn a_players_label_of_their_own_message_is_a_suggestion_not_a_vote() {
    let app = crowd_app().await;
    let owner = new_user(&app, 1).await;
    app.exec(&format!(
        "INSERT INTO conversation_logs (user_id, session_id, user_message, nlu_intent, nlu_confidence, \
         is_training_candidate, created_at) \
         VALUES ({owner}, 'chat-1', 'ek aur wala bhej do Ramesh bhai', 'small_talk', '0.31', TRUE, CURRENT_TIMESTAMP)"
    ))
    .await;
    let game = start_game(&app, game_of(owner).chat("own-1")).await;
    let game = crate::games::advance_to(&app, game, |q| q.personalized).await;
    submit(&app, answer(&game, "order_food")).await;
    let sample = app
        .count("SELECT CAST(id AS BIGINT) FROM training_samples WHERE text = 'ek aur wala bhej do Ramesh bhai'")
        .await as i32;
    assert_eq!(
        sample_row(&app, sample).await,
        "order_food|pending||0",
        "the owner's label is the sample's suggested intent"
    );
    assert_eq!(votes(&app, sample).await, 0, "and not a vote");

    // Others see only the admin's anonymised text, never the owner's words.
    let players = [new_user(&app, 2).await, new_user(&app, 3).await];
    for user in players {
        measure(&app, user, true).await;
    }
    let crowd = crowd_question(&app, sample).await;
    for user in players {
        let game = play(&app, user, crowd, "order_food", true).await;
        let plan = app
            .text(&format!(
                "SELECT CAST(mission_data AS TEXT) FROM game_sessions WHERE id = {}",
                game.id
            ))
            .await;
        assert!(!plan.contains("Ramesh"), "{plan}");
    }
    assert_eq!(
        sample_row(&app, sample).await,
        "order_food|pending||0",
        "two votes: one short of auto_approve_min_votes without the owner's"
    );
    let third = new_user(&app, 4).await;
    measure(&app, third, true).await;
    play(&app, third, crowd, "order_food", true).await;
    assert_eq!(
        sample_row(&app, sample).await,
        "order_food|approved|crowd|0",
        "three measured players agree with the owner's suggestion"
    );
}

#[tokio::test]
async fn a_player_is_never_drawn_a_crowd_question_on_their_own_sample() {
    let app = crowd_app().await;
    let owner = new_user(&app, 1).await;
    let sample = app
        .training()
        .record_sample(RecordSampleRequest {
            user_id: Some(owner),
            text: "wahi wala phir se".into(),
            intent: "small_talk".into(),
            confidence: "0.31".into(),
            language: "en".into(),
            ..Default::default()
        })
        .await
        .expect("sample")
        .into_inner()
        .sample
        .expect("sample")
        .id as i32;
    let other = new_user(&app, 2).await;
    measure(&app, other, true).await;
    let crowd = crowd_question(&app, sample).await;
    for (n, difficulty) in [(1, "easy"), (2, "medium"), (3, "hard")] {
        let chat = format!("own-{n}");
        let game = start_game(&app, game_of(owner).difficulty(difficulty).chat(&chat)).await;
        assert!(
            !drew(&app, &game, crowd).await,
            "{difficulty} game of the owner"
        );
        play_out(&app, game, &[]).await;
    }
    assert_eq!(votes(&app, sample).await, 0);
    let game = start_game(&app, game_of(other).chat("other")).await;
    assert!(drew(&app, &game, crowd).await, "anyone else is asked");
}
