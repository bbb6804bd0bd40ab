//! Only measured players decide: fresh accounts' votes are kept but count
//! for nothing until their players have answered enough gold questions.
use super::{
    confidence, crowd_app, crowd_question, measure, play, reliability, sample_row, unsure_sample,
    votes,
};
use crate::games::new_user;

const PENDING: &str = "small_talk|pending||0";
const APPROVED: &str = "order_food|corrected|crowd|0";

#[tokio::test]
async fn three_fresh_accounts_cannot_approve_a_label() {
    let app = crowd_app().await;
    let sample = unsure_sample(&app).await;
    let crowd = crowd_question(&app, sample).await;
    for n in 1..=3 {
        let user = new_user(&app, n).await;
        play(&app, user, crowd, "order_food", true).await;
        let record = reliability(&app, user).await;
        assert_eq!(
            (
                record.gold_answered,
                record.accuracy.as_str(),
                record.counts
            ),
            (4, "", false),
            "four gold answers do not yet measure a player"
        );
    }
    assert_eq!(votes(&app, sample).await, 3, "their votes are kept");
    assert_eq!(
        sample_row(&app, sample).await,
        PENDING,
        "and decide nothing"
    );
}

#[tokio::test]
async fn votes_start_to_count_when_their_players_are_measured() {
    let app = crowd_app().await;
    let sample = unsure_sample(&app).await;
    let crowd = crowd_question(&app, sample).await;
    let mut users = Vec::new();
    for n in 1..=3 {
        let user = new_user(&app, n).await;
        play(&app, user, crowd, "order_food", true).await;
        users.push(user);
    }
    // More games: their fifth gold answer measures them; no new vote is cast
    // (the crowd question is not drawn again for them).
    measure(&app, users[0], true).await;
    assert_eq!(
        sample_row(&app, sample).await,
        PENDING,
        "one measured voter"
    );
    measure(&app, users[1], true).await;
    assert_eq!(
        sample_row(&app, sample).await,
        APPROVED,
        "two measured voters agree: the votes they cast earlier now decide"
    );
    assert_eq!(votes(&app, sample).await, 3);
}

#[tokio::test]
async fn two_measured_players_approve_a_label_and_a_fresh_vote_does_not_dilute_it() {
    let app = crowd_app().await;
    let sample = unsure_sample(&app).await;
    let measured = [new_user(&app, 1).await, new_user(&app, 2).await];
    let mut before = Vec::new();
    for user in measured {
        before.push(measure(&app, user, true).await.gold_answered);
    }
    let crowd = crowd_question(&app, sample).await;
    let fresh = new_user(&app, 3).await;
    play(&app, fresh, crowd, "greeting", true).await;
    play(&app, measured[0], crowd, "order_food", true).await;
    assert_eq!(
        sample_row(&app, sample).await,
        PENDING,
        "one measured voter"
    );
    play(&app, measured[1], crowd, "order_food", true).await;
    assert_eq!(sample_row(&app, sample).await, APPROVED);
    assert_eq!(
        confidence(&app, sample).await,
        "1.0000",
        "agreement among measured voters only"
    );
    let enabled =
        format!("SELECT COUNT(*) FROM game_questions WHERE id = {crowd} AND enabled = TRUE");
    assert_eq!(
        app.count(&enabled).await,
        0,
        "a decided sample's question leaves the games"
    );
    let record = reliability(&app, measured[0]).await;
    // The crowd game's other four questions were gold, all right.
    assert_eq!(record.gold_answered, before[0] + 4);
    assert_eq!(record.gold_correct, record.gold_answered);
    assert_eq!((record.accuracy.as_str(), record.counts), ("1.0000", true));
}

#[tokio::test]
async fn measured_players_below_the_reliability_threshold_do_not_count() {
    let app = crowd_app().await;
    let sample = unsure_sample(&app).await;
    let careless = [new_user(&app, 1).await, new_user(&app, 2).await];
    for user in careless {
        let record = measure(&app, user, false).await;
        assert_eq!((record.accuracy.as_str(), record.counts), ("0.0000", false));
    }
    let careful = [new_user(&app, 3).await, new_user(&app, 4).await];
    for user in careful {
        measure(&app, user, true).await;
    }
    let crowd = crowd_question(&app, sample).await;
    for user in careless {
        play(&app, user, crowd, "greeting", false).await;
    }
    play(&app, careful[0], crowd, "order_food", true).await;
    assert_eq!(
        sample_row(&app, sample).await,
        PENDING,
        "three votes, one counting: undecided"
    );
    play(&app, careful[1], crowd, "order_food", true).await;
    assert_eq!(
        sample_row(&app, sample).await,
        APPROVED,
        "the careless players' votes neither count nor weigh against"
    );
    assert_eq!(confidence(&app, sample).await, "1.0000");
}

#[tokio::test]
async fn disagreeing_measured_players_raise_the_samples_review_priority() {
    let app = crowd_app().await;
    let sample = unsure_sample(&app).await;
    let players = [
        (new_user(&app, 1).await, "order_food"),
        (new_user(&app, 2).await, "greeting"),
        (new_user(&app, 3).await, "cancel_order"),
    ];
    for (user, _) in players {
        measure(&app, user, true).await;
    }
    let crowd = crowd_question(&app, sample).await;
    for (user, label) in players {
        play(&app, user, crowd, label, true).await;
    }
    assert_eq!(
        sample_row(&app, sample).await,
        "small_talk|pending||103",
        "disputed: still pending, escalated"
    );
    let queue = app
        .training()
        .get_review_queue(gamification::proto::GetReviewQueueRequest {
            page_size: 1,
            ..Default::default()
        })
        .await
        .expect("queue")
        .into_inner();
    assert_eq!(
        queue.samples.first().map(|s| s.id as i32),
        Some(sample),
        "first in the queue"
    );
}
