//! The starter bank as a freshly migrated server serves it.
use std::collections::HashMap;

use gamification::proto::{ListQuestionsRequest, Question};

use crate::helpers::TestApp;

/// Every question matching `filter`, page after page.
pub async fn list_all(app: &TestApp, filter: ListQuestionsRequest) -> Vec<Question> {
    let mut all = Vec::new();
    let mut page_token = String::new();
    loop {
        let request = ListQuestionsRequest {
            page_size: 200,
            page_token,
            ..filter.clone()
        };
        let page = app
            .questions()
            .list_questions(request)
            .await
            .expect("list")
            .into_inner();
        all.extend(page.questions);
        if page.next_page_token.is_empty() {
            return all;
        }
        page_token = page.next_page_token;
    }
}

#[tokio::test]
async fn a_new_server_has_25_enabled_questions_for_every_type_difficulty_and_language() {
    let app = TestApp::spawn().await;
    let enabled = ListQuestionsRequest {
        enabled: Some(true),
        ..Default::default()
    };
    let questions = list_all(&app, enabled).await;
    let mut counts: HashMap<(String, String, String), usize> = HashMap::new();
    let mut gold: HashMap<(String, String), usize> = HashMap::new();
    for q in &questions {
        let key = (
            q.game_type.clone(),
            q.difficulty.clone(),
            q.language.clone(),
        );
        *counts.entry(key).or_default() += 1;
        if q.game_type == "language_master" && !q.answer_options.is_empty() {
            assert!(q.answer_options.contains(&q.correct_answer), "{q:?}");
            *gold
                .entry((q.difficulty.clone(), q.language.clone()))
                .or_default() += 1;
        }
    }
    for game_type in [
        "intent_quest",
        "tone_detective",
        "entity_hunter",
        "language_master",
    ] {
        for difficulty in ["easy", "medium", "hard"] {
            for language in ["en", "hi"] {
                let key = (game_type.into(), difficulty.into(), language.into());
                let n = counts.get(&key).copied().unwrap_or(0);
                assert!(n >= 25, "{game_type}/{difficulty}/{language}: {n} enabled");
                let gold = gold.get(&(difficulty.into(), language.into())).copied();
                assert!(
                    gold.unwrap_or(0) >= 8,
                    "gold fill-ins {difficulty}/{language}"
                );
            }
        }
    }
    assert!(questions.len() >= 600, "{} questions", questions.len());
}
