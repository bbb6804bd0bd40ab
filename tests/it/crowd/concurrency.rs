//! Votes arriving at once on one message.
use super::{crowd_app, crowd_question, measure, sample_row, unsure_sample};
use crate::games::{GameRequest, advance_to, answer, game_of, new_user, start_game};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_votes_decide_a_sample_once() {
    let app = crowd_app().await;
    let sample = unsure_sample(&app).await;
    let mut users = Vec::new();
    for n in 1..=6 {
        let user = new_user(&app, n).await;
        measure(&app, user, true).await;
        users.push(user);
    }
    let crowd = crowd_question(&app, sample).await;
    let mut requests = Vec::new();
    for user in users {
        let game = start_game(&app, game_of(user).chat("c")).await;
        let game = advance_to(&app, game, |q| q.question_id == crowd).await;
        requests.push(answer(&game, "order_food"));
    }
    let tasks: Vec<_> = requests
        .into_iter()
        .map(|request| {
            let mut client = app.games();
            tokio::spawn(async move { client.submit_answer(request).await })
        })
        .collect();
    for task in tasks {
        task.await.expect("task").expect("vote accepted");
    }
    assert_eq!(
        sample_row(&app, sample).await,
        "order_food|corrected|crowd|0"
    );
    let votes = format!("SELECT COUNT(*) FROM label_votes WHERE sample_id = {sample}");
    assert_eq!(
        app.count(&votes).await,
        3,
        "the third vote decided it; later ones find it decided"
    );
}
