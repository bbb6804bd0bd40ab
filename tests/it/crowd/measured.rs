//! Only measured players decide: fresh accounts are not asked, and votes
//! of players who do not count are kept but count for nothing until their
//! players have answered enough gold questions.
use super::{
    confidence, crowd_app, crowd_question, drew, measure, play, reliability, sample_row,
    stored_vote, unsure_sample, votes,
};
use crate::games::{new_user, set};

const PENDING: &str = "small_talk|pending||0";
const APPROVED: &str = "order_food|corrected|crowd|0";

#[tokio::test]
async fn fresh_accounts_are_not_asked_until_their_gold_answers_measure_them() {
    let app = crowd_app().await;
    set(&app, "crowd_asks_unmeasured_players", "false").await;
    let sample = unsure_sample(&app).await;
    let crowd = crowd_question(&app, sample).await;
    for n in 1..=3 {
        let user = new_user(&app, n).await;
        let game = play(&app, user, crowd, "order_food", true).await;
        assert!(
            !drew(&app, &game, crowd).await,
            "a vote that cannot count is not asked for"
        );
        let record = reliability(&app, user).await;
        assert_eq!(
            (
                record.gold_answered,
                record.accuracy.as_str(),
                record.counts
            ),
            (5, "1.0000", true),
            "a game of gold questions measures the player"
        );
    }
    assert_eq!(votes(&app, sample).await, 0);
    assert_eq!(sample_row(&app, sample).await, PENDING);
    let user = new_user(&app, 1).await;
    let game = play(&app, user, crowd, "order_food", true).await;
    assert!(drew(&app, &game, crowd).await, "measured: asked");
    assert_eq!(votes(&app, sample).await, 1);
}

#[tokio::test]
async fn stored_votes_of_fresh_accounts_decide_nothing_until_their_players_are_measured() {
    let app = crowd_app().await;
    let sample = unsure_sample(&app).await;
    crowd_question(&app, sample).await;
    let mut users = Vec::new();
    for n in 1..=3 {
        let user = new_user(&app, n).await;
        stored_vote(&app, sample, user, "order_food").await;
        users.push(user);
    }
    // Their fifth gold answer measures them; no new vote is cast (the crowd
    // question is not drawn again for them).
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
    stored_vote(&app, sample, fresh, "greeting").await;
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
async fn measured_players_below_the_reliability_threshold_do_not_count_and_are_not_asked() {
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
        let game = play(&app, user, crowd, "greeting", false).await;
        assert!(
            !drew(&app, &game, crowd).await,
            "a vote that cannot count does not take one of the sample's slots"
        );
    }
    assert_eq!(votes(&app, sample).await, 0);
    // Their votes, cast anyway (e.g. drawn before their record fell), count
    // for nothing and weigh nothing against the careful players.
    for user in careless {
        stored_vote(&app, sample, user, "greeting").await;
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
        "small_talk|pending||258",
        "disputed: still pending, escalated by the entropy of its posterior \
         (three labels equally likely: log2(3) = 1.58 bits → 100 + 158)"
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
