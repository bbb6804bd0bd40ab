//! A sample the crowd cannot settle within `max_votes_per_sample` votes
//! goes to a person and is no longer asked.
use gamification::proto::{CreateCrowdQuestionRequest, GetReviewQueueRequest, RecordSampleRequest};
use tonic::Code;
use tonic_types::StatusExt;

use super::{
    OPTIONS, crowd_app, crowd_question, drew, measure, play, sample_row, unsure_sample, votes,
};
use crate::{
    games::{GameRequest, game_of, new_user, set, start_game},
    helpers::expect_code,
};

#[tokio::test]
async fn after_max_votes_a_sample_is_first_in_the_review_queue_and_no_longer_drawn() {
    let app = crowd_app().await;
    set(&app, "max_votes_per_sample", "3").await;
    // Another sample already waiting for a person, with a high priority.
    app.training()
        .record_sample(RecordSampleRequest {
            text: "kuch bhi".into(),
            intent: "greeting".into(),
            review_priority: 50,
            ..Default::default()
        })
        .await
        .expect("sample");
    let sample = unsure_sample(&app).await;
    let late = new_user(&app, 4).await;
    let mut voters = Vec::new();
    for (n, label) in [(1, "order_food"), (2, "greeting"), (3, "cancel_order")] {
        let user = new_user(&app, n).await;
        measure(&app, user, true).await;
        voters.push((user, label));
    }
    measure(&app, late, true).await;
    let crowd = crowd_question(&app, sample).await;
    for (user, label) in voters {
        play(&app, user, crowd, label, true).await;
    }
    assert_eq!(
        sample_row(&app, sample).await,
        "small_talk|pending||258",
        "three measured voters, three labels: not approved, given to a person with \
         the priority of the most uncertain posterior (100 + log2(3) bits in hundredths)"
    );
    let queue = app
        .training()
        .get_review_queue(GetReviewQueueRequest {
            page_size: 10,
            ..Default::default()
        })
        .await
        .expect("queue")
        .into_inner();
    assert_eq!(queue.samples.first().map(|s| s.id as i32), Some(sample));

    let game = start_game(&app, game_of(late).chat("late")).await;
    assert!(!drew(&app, &game, crowd).await, "no longer drawn");
    assert_eq!(votes(&app, sample).await, 3);
    let again = app
        .crowd()
        .create_crowd_question(CreateCrowdQuestionRequest {
            sample_id: sample,
            question_text: "one more like that".into(),
            answer_options: OPTIONS.map(String::from).to_vec(),
            ..Default::default()
        })
        .await;
    let status = expect_code(again, Code::FailedPrecondition);
    let info = status.get_error_details().error_info().cloned();
    assert_eq!(
        info.map(|i| i.reason).as_deref(),
        Some("SAMPLE_VOTES_EXHAUSTED"),
        "{status:?}"
    );
}
