//! GetAgreementReport and the agreement in GetTrainingStats.
use gamification::proto::{GetAgreementReportRequest, GetTrainingStatsRequest};
use tonic::Code;

use super::{crowd_app, crowd_question, stored_vote, unsure_sample};
use crate::helpers::{SERVICE_TOKEN, expect_code, field_violations};

#[tokio::test]
async fn the_agreement_of_the_votes_is_reported_to_admins() {
    let app = crowd_app().await;
    let samples = [unsure_sample(&app).await, unsure_sample(&app).await];
    for sample in samples {
        crowd_question(&app, sample).await;
    }
    // Perfect agreement on each sample, two labels in all: kappa = alpha(ish) = 1.
    for user in 1..=3 {
        stored_vote(&app, samples[0], user, "order_food").await;
        stored_vote(&app, samples[1], user, "greeting").await;
    }
    let stats = app
        .training()
        .get_training_stats(GetTrainingStatsRequest {})
        .await
        .expect("stats")
        .into_inner();
    assert_eq!(
        (
            stats.crowd_sample_count,
            stats.fleiss_kappa.as_str(),
            stats.krippendorff_alpha.as_str()
        ),
        (2, "1.0000", "1.0000")
    );
    let denied = app
        .crowd_as(Some(SERVICE_TOKEN))
        .get_agreement_report(GetAgreementReportRequest::default())
        .await;
    expect_code(denied, Code::PermissionDenied);
    let bad = app
        .crowd()
        .get_agreement_report(GetAgreementReportRequest {
            max_players: -1,
            max_confused_pairs: 101,
        })
        .await;
    let status = expect_code(bad, Code::InvalidArgument);
    let fields: Vec<String> = field_violations(&status)
        .into_iter()
        .map(|(f, _)| f)
        .collect();
    assert_eq!(fields, ["max_players", "max_confused_pairs"]);
    let report = app
        .crowd()
        .get_agreement_report(GetAgreementReportRequest::default())
        .await
        .expect("report")
        .into_inner();
    let overall = report.overall.expect("overall");
    assert_eq!((overall.sample_count, overall.vote_count), (2, 6));
    assert_eq!(overall.fleiss_kappa, "1.0000");
    let intents: Vec<&str> = report.by_intent.iter().map(|a| a.key.as_str()).collect();
    assert_eq!(intents, ["greeting", "order_food"]);
    assert_eq!(report.players.len(), 3);
    assert!(report.confused_pairs.is_empty(), "nobody disagrees");
}
