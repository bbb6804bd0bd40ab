use gamification::proto::{ListFlowsRequest, SetFlowEnabledRequest, SetFlowSystemCriticalRequest};
use tonic::Code;

use crate::helpers::{SERVICE_TOKEN, TestApp, expect_code};

/// Flows as the flow engine's own app writes them (this service never creates flows).
async fn seed_flows(app: &TestApp) {
    for (id, module) in [
        ("greeting_v1", "general"),
        ("help_v1", "general"),
        ("order_v1", "food"),
        ("quiz_v1", "games"),
    ] {
        app.exec(&format!(
            "INSERT INTO flows (id, name, module, states, \"initialState\", enabled, status, created_at, updated_at) \
             VALUES ('{id}', '{id} flow', '{module}', '{{}}', 'start', TRUE, 'active', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
        ))
        .await;
    }
}

fn critical(flow_id: &str, system_critical: bool) -> SetFlowSystemCriticalRequest {
    SetFlowSystemCriticalRequest {
        flow_id: flow_id.into(),
        system_critical,
    }
}

fn enabled(flow_id: &str, enabled: bool) -> SetFlowEnabledRequest {
    SetFlowEnabledRequest {
        flow_id: flow_id.into(),
        enabled,
    }
}

#[tokio::test]
async fn a_system_critical_flow_can_never_be_disabled() {
    let app = TestApp::spawn().await;
    seed_flows(&app).await;
    app.flows()
        .set_flow_system_critical(critical("greeting_v1", true))
        .await
        .expect("mark");
    let status = expect_code(
        app.flows()
            .set_flow_enabled(enabled("greeting_v1", false))
            .await,
        Code::FailedPrecondition,
    );
    assert!(
        status.message().contains("greeting_v1"),
        "names the flow: {}",
        status.message()
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM flows WHERE id = 'greeting_v1' AND enabled")
            .await,
        1
    );

    // Unmarked, it can be disabled; a disabled flow cannot be marked critical.
    app.flows()
        .set_flow_system_critical(critical("greeting_v1", false))
        .await
        .expect("unmark");
    let flow = app
        .flows()
        .set_flow_enabled(enabled("greeting_v1", false))
        .await
        .expect("disable");
    assert!(!flow.into_inner().flow.expect("flow").enabled);
    expect_code(
        app.flows()
            .set_flow_system_critical(critical("greeting_v1", true))
            .await,
        Code::FailedPrecondition,
    );
}

#[tokio::test]
async fn flows_are_listed_with_filters_and_pages() {
    let app = TestApp::spawn().await;
    seed_flows(&app).await;
    app.flows()
        .set_flow_system_critical(critical("help_v1", true))
        .await
        .expect("mark");
    app.flows()
        .set_flow_enabled(enabled("quiz_v1", false))
        .await
        .expect("disable");

    let list = |request: ListFlowsRequest| {
        let mut client = app.flows_as(Some(SERVICE_TOKEN));
        async move {
            let flows = client
                .list_flows(request)
                .await
                .expect("list")
                .into_inner()
                .flows;
            flows.into_iter().map(|f| f.id).collect::<Vec<_>>()
        }
    };
    assert_eq!(
        list(ListFlowsRequest {
            system_critical: Some(true),
            ..Default::default()
        })
        .await,
        ["help_v1"]
    );
    assert_eq!(
        list(ListFlowsRequest {
            enabled: Some(false),
            ..Default::default()
        })
        .await,
        ["quiz_v1"]
    );
    assert_eq!(
        list(ListFlowsRequest {
            module: "food".into(),
            ..Default::default()
        })
        .await,
        ["order_v1"]
    );
    assert_eq!(
        list(ListFlowsRequest {
            system_critical: Some(false),
            ..Default::default()
        })
        .await,
        ["greeting_v1", "order_v1", "quiz_v1"]
    );

    let first = app
        .flows()
        .list_flows(ListFlowsRequest {
            page_size: 3,
            ..Default::default()
        })
        .await;
    let first = first.expect("page 1").into_inner();
    assert_eq!(first.flows.len(), 3);
    let rest = app
        .flows()
        .list_flows(ListFlowsRequest {
            page_size: 3,
            page_token: first.next_page_token,
            ..Default::default()
        })
        .await
        .expect("page 2")
        .into_inner();
    assert_eq!(
        rest.flows.iter().map(|f| f.id.as_str()).collect::<Vec<_>>(),
        ["quiz_v1"]
    );
    assert!(rest.next_page_token.is_empty());
}

#[tokio::test]
async fn flow_changes_need_an_admin_and_an_existing_flow() {
    let app = TestApp::spawn().await;
    seed_flows(&app).await;
    let denied = app
        .flows_as(Some(SERVICE_TOKEN))
        .set_flow_enabled(enabled("order_v1", false))
        .await;
    expect_code(denied, Code::PermissionDenied);
    expect_code(
        app.flows()
            .set_flow_enabled(enabled("nope_v9", false))
            .await,
        Code::NotFound,
    );
    expect_code(
        app.flows().set_flow_enabled(enabled("", false)).await,
        Code::InvalidArgument,
    );
    let bad_token = ListFlowsRequest {
        page_token: "zz".into(),
        ..Default::default()
    };
    expect_code(
        app.flows().list_flows(bad_token).await,
        Code::InvalidArgument,
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM flows WHERE enabled").await,
        4
    );
}
