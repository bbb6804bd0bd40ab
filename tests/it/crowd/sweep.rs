//! The background re-estimation: the full Dawid–Skene EM over every stored
//! vote decides the samples still open, once, whichever instances run it.
use gamification::{clock::Clock, crowd::estimate::reestimate, settings::Snapshot};

use super::{crowd_app, crowd_question, sample_row, stored_vote, unsure_sample};

/// Players with a gold record (no games needed).
async fn reliable(app: &crate::helpers::TestApp, user: i32, answered: i32, correct: i32) {
    app.exec(&format!(
        "INSERT INTO player_reliability (user_id, gold_answered, gold_correct, updated_at) \
         VALUES ({user}, {answered}, {correct}, CURRENT_TIMESTAMP)"
    ))
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_sweep_decides_open_samples_from_every_vote_once() {
    let app = crowd_app().await;
    let clear = unsure_sample(&app).await;
    let split = unsure_sample(&app).await;
    let fresh_only = unsure_sample(&app).await;
    for sample in [clear, split, fresh_only] {
        crowd_question(&app, sample).await;
    }
    for user in 1..=3 {
        reliable(&app, user, 20, 19).await;
    }
    // Votes stored without a vote's own decision (e.g. written while an
    // instance was down): only the sweep decides them.
    for user in 1..=3 {
        stored_vote(&app, clear, user, "order_food").await;
    }
    for (user, label) in [(1, "order_food"), (2, "greeting"), (3, "cancel_order")] {
        stored_vote(&app, split, user, label).await;
    }
    for user in 11..=13 {
        stored_vote(&app, fresh_only, user, "greeting").await;
    }
    let settings = Snapshot {
        dawid_skene_min_votes: 5,
        ..Snapshot::default()
    };
    let clock = Clock::system();
    let (a, b) = tokio::join!(
        reestimate(&app.db, &settings, &clock),
        reestimate(&app.db, &settings, &clock)
    );
    let decided = a.expect("a sweep") + b.expect("another sweep");
    assert!(
        decided >= 3,
        "each open sample decided at least by one: {decided}"
    );
    assert_eq!(
        sample_row(&app, clear).await,
        "order_food|corrected|crowd|0",
        "three reliable players agree"
    );
    let split_row = sample_row(&app, split).await;
    assert!(
        split_row.starts_with("small_talk|pending||") && !split_row.ends_with("||0"),
        "three labels: disputed, priority raised: {split_row}"
    );
    assert_eq!(
        sample_row(&app, fresh_only).await,
        "small_talk|pending||0",
        "votes of players who do not count decide nothing"
    );
    let method = app
        .text(&format!(
            "SELECT method || '|' || top_intent FROM sample_posteriors WHERE sample_id = {clear}"
        ))
        .await;
    assert_eq!(method, "dawid_skene|order_food");
    // A later round finds nothing new to decide for the approved sample.
    reestimate(&app.db, &settings, &clock).await.expect("again");
    assert_eq!(
        sample_row(&app, clear).await,
        "order_food|corrected|crowd|0"
    );
}
