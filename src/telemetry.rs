//! Logs and traces, set up once per process: the tracing subscriber (pretty
//! or JSON) and, when `OTEL_EXPORTER_OTLP_ENDPOINT` is set, an OpenTelemetry
//! layer exporting every span over OTLP/gRPC. Unset, no OpenTelemetry layer
//! exists and the RPC layer skips `traceparent` parsing: zero cost.
use std::sync::atomic::{AtomicBool, Ordering};

use opentelemetry::{
    Context,
    propagation::{Extractor, TextMapPropagator},
    trace::TracerProvider,
};
use opentelemetry_otlp::WithExportConfig;
use opentelemetry_sdk::{Resource, propagation::TraceContextPropagator, trace::SdkTracerProvider};
use tracing_subscriber::{EnvFilter, Layer, fmt, prelude::*};

use crate::config::{Config, LogFormat};

static TRACES_ON: AtomicBool = AtomicBool::new(false);

/// Whether spans are exported (and so worth parenting on a caller's trace).
pub fn traces_enabled() -> bool {
    TRACES_ON.load(Ordering::Relaxed)
}

/// What must be flushed before the process exits.
#[must_use = "call shutdown() before exiting, or buffered spans are lost"]
pub struct Telemetry {
    provider: Option<SdkTracerProvider>,
}

impl Telemetry {
    /// Exports the spans still buffered (traces on) and stops the exporter.
    pub async fn shutdown(self) {
        let Some(provider) = self.provider else {
            return;
        };
        // The batch processor's shutdown blocks until its export ends.
        let done = tokio::task::spawn_blocking(move || provider.shutdown()).await;
        if let Ok(Err(error)) = done {
            tracing::warn!(%error, "flushing the last traces failed");
        }
    }
}

/// Installs the global subscriber. A second call (tests start many servers
/// in one process) leaves the first one in place. Must run inside the tokio
/// runtime (the OTLP exporter's channel lives there).
pub fn init(config: &Config) -> Result<Telemetry, String> {
    let filter = EnvFilter::try_new(&config.log_filter).unwrap_or_else(|_| EnvFilter::new("info"));
    let provider = config
        .otlp_endpoint
        .as_deref()
        .map(|endpoint| tracer_provider(endpoint, &config.otel_service_name))
        .transpose()?;
    let logs = match config.log_format {
        LogFormat::Pretty => fmt::layer().compact().boxed(),
        LogFormat::Json => fmt::layer().json().flatten_event(true).boxed(),
    };
    let traces = provider.as_ref().map(|provider| {
        tracing_opentelemetry::layer().with_tracer(provider.tracer("gamification"))
    });
    let installed = tracing_subscriber::registry()
        .with(filter)
        .with(logs)
        .with(traces)
        .try_init()
        .is_ok();
    if installed && provider.is_some() {
        TRACES_ON.store(true, Ordering::Relaxed);
    }
    Ok(Telemetry { provider })
}

fn tracer_provider(endpoint: &str, service_name: &str) -> Result<SdkTracerProvider, String> {
    let exporter = opentelemetry_otlp::SpanExporter::builder()
        .with_tonic()
        .with_endpoint(endpoint)
        .build()
        .map_err(|e| format!("OTEL_EXPORTER_OTLP_ENDPOINT {endpoint}: {e}"))?;
    let resource = Resource::builder()
        .with_service_name(service_name.to_string())
        .build();
    Ok(SdkTracerProvider::builder()
        .with_batch_exporter(exporter)
        .with_resource(resource)
        .build())
}

/// The caller's trace from a W3C `traceparent` (and `tracestate`) header,
/// or an empty context when there is none or it is malformed.
pub fn remote_context(headers: &http::HeaderMap) -> Context {
    TraceContextPropagator::new().extract(&Headers(headers))
}

struct Headers<'a>(&'a http::HeaderMap);

impl Extractor for Headers<'_> {
    fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).and_then(|value| value.to_str().ok())
    }

    fn keys(&self) -> Vec<&str> {
        self.0.keys().map(|name| name.as_str()).collect()
    }
}
