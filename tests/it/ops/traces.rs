//! OTLP traces: the server binary (in a process of its own: the exporter is
//! process-wide) exports to an OTLP/gRPC collector run here, and a call
//! carrying a W3C `traceparent` shows up in the caller's trace.
use std::sync::{Arc, Mutex};

use gamification::proto::{ListSettingsRequest, settings_service_client::SettingsServiceClient};
use opentelemetry_proto::tonic::{
    collector::trace::v1::{
        ExportTraceServiceRequest, ExportTraceServiceResponse,
        trace_service_server::{TraceService, TraceServiceServer},
    },
    trace::v1::Span,
};
use tokio_util::sync::CancellationToken;
use tonic::{Request, Response, Status, metadata::MetadataValue, transport::Server};

use super::{admin, process::ServerProcess};
use crate::db::TestDatabase;

const TRACE_ID: &str = "4bf92f3577b34da6a3ce929d0e0e4736";
const PARENT_ID: &str = "00f067aa0ba902b7";

/// Keeps every span it is sent.
#[derive(Clone, Default)]
struct Collector(Arc<Mutex<Vec<Span>>>);

#[tonic::async_trait]
impl TraceService for Collector {
    async fn export(
        &self,
        request: Request<ExportTraceServiceRequest>,
    ) -> Result<Response<ExportTraceServiceResponse>, Status> {
        let spans = request
            .into_inner()
            .resource_spans
            .into_iter()
            .flat_map(|r| r.scope_spans)
            .flat_map(|s| s.spans);
        self.0.lock().expect("lock").extend(spans);
        Ok(Response::new(ExportTraceServiceResponse::default()))
    }
}

#[tokio::test]
async fn a_call_with_a_traceparent_is_exported_in_the_callers_trace() {
    let collector = Collector::default();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let endpoint = format!("http://{}", listener.local_addr().expect("addr"));
    let stop = CancellationToken::new();
    let serving = Server::builder()
        .add_service(TraceServiceServer::new(collector.clone()))
        .serve_with_incoming_shutdown(
            tonic::transport::server::TcpIncoming::from(listener),
            stop.clone().cancelled_owned(),
        );
    let collector_task = tokio::spawn(serving);

    let database = TestDatabase::new().await;
    let server =
        ServerProcess::start(&database.url, &[("OTEL_EXPORTER_OTLP_ENDPOINT", &endpoint)]).await;
    let mut request = Request::new(ListSettingsRequest::default());
    let traceparent: MetadataValue<_> = format!("00-{TRACE_ID}-{PARENT_ID}-01")
        .parse()
        .expect("ascii");
    request.metadata_mut().insert("traceparent", traceparent);
    SettingsServiceClient::with_interceptor(server.channel(), admin)
        .list_settings(request)
        .await
        .expect("list settings");
    // Stopping flushes the spans still buffered.
    server.stop().await;
    stop.cancel();
    collector_task.await.expect("task").expect("collector");

    let spans = collector.0.lock().expect("lock").clone();
    let rpc = spans
        .iter()
        .find(|s| s.name == "/gamification.v1.SettingsService/ListSettings")
        .unwrap_or_else(|| panic!("no span for the call among {:?}", names(&spans)));
    assert_eq!(hex(&rpc.trace_id), TRACE_ID, "the caller's trace continues");
    assert_eq!(
        hex(&rpc.parent_span_id),
        PARENT_ID,
        "the caller's span is the parent"
    );
}

fn names(spans: &[Span]) -> Vec<&str> {
    spans.iter().map(|s| s.name.as_str()).collect()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
