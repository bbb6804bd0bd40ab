//! A tower layer that gives every RPC a span (continuing the caller's W3C
//! trace when traces are exported), records its metrics, and writes its one
//! closing log line. This is the only place a call's outcome is logged, at
//! the level [`severity`] gives its code: a client's mistake is INFO, a
//! failing dependency WARN, a fault of ours ERROR (with the cause that
//! [`note_cause`] kept, so the line says what went wrong).
use std::{
    cell::RefCell,
    future::Future,
    pin::Pin,
    task::{Context, Poll},
    time::Instant,
};

use http::{Request, Response};
use tonic::Code;
use tower::{Layer, Service};
use tracing::{Instrument, Level, field::Empty};
use tracing_opentelemetry::OpenTelemetrySpanExt;

use crate::{metrics, telemetry};

#[derive(Debug, Clone, Copy, Default)]
pub struct RpcLogLayer;

impl<S> Layer<S> for RpcLogLayer {
    type Service = RpcLog<S>;

    fn layer(&self, inner: S) -> RpcLog<S> {
        RpcLog { inner }
    }
}

#[derive(Debug, Clone)]
pub struct RpcLog<S> {
    inner: S,
}

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

tokio::task_local! {
    /// The cause of the call's INTERNAL or UNAVAILABLE status, kept for the
    /// closing line (the status sent to the client is opaque).
    static CAUSE: RefCell<Option<String>>;
}

/// Keeps the cause of a server-side failure for the call's closing line.
/// Outside a call (background tasks, a stream's later items) there is no
/// closing line, so it is logged here at `level` instead.
pub fn note_cause(level: Level, cause: &str) {
    let kept = CAUSE.try_with(|slot| *slot.borrow_mut() = Some(cause.to_string()));
    if kept.is_err() {
        if level == Level::ERROR {
            tracing::error!(%cause, "internal error");
        } else {
            tracing::warn!(%cause, "dependency unavailable");
        }
    }
}

/// The level a finished call is logged at, by its status code.
pub fn severity(code: Code) -> Level {
    match code {
        Code::Ok
        | Code::Cancelled
        | Code::InvalidArgument
        | Code::NotFound
        | Code::AlreadyExists
        | Code::PermissionDenied
        | Code::ResourceExhausted
        | Code::FailedPrecondition
        | Code::Aborted
        | Code::OutOfRange
        | Code::Unimplemented
        | Code::Unauthenticated => Level::INFO,
        Code::Unavailable | Code::DeadlineExceeded => Level::WARN,
        Code::Unknown | Code::Internal | Code::DataLoss => Level::ERROR,
    }
}

impl<S, B, R> Service<Request<B>> for RpcLog<S>
where
    S: Service<Request<B>, Response = Response<R>> + Send,
    S::Future: Send + 'static,
    S::Error: std::fmt::Display,
{
    type Response = Response<R>;
    type Error = S::Error;
    type Future = BoxFuture<Result<Response<R>, S::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        let method = request.uri().path().to_string();
        let span = tracing::info_span!("rpc", %method, code = Empty,
            otel.name = %method, otel.kind = "server", otel.status_code = Empty, rpc.system = "grpc");
        if telemetry::traces_enabled() {
            // Before the span is entered: a started span cannot change parent.
            let _ = span.set_parent(telemetry::remote_context(request.headers()));
        }
        let started = Instant::now();
        let future = span.in_scope(|| self.inner.call(request));
        let call = async move {
            let result = future.await;
            let cause = CAUSE.with(|slot| slot.borrow_mut().take());
            finish(&method, &result, cause, started);
            result
        };
        Box::pin(CAUSE.scope(RefCell::new(None), call).instrument(span))
    }
}

/// Records the call's metrics and writes its closing line.
fn finish<R, E: std::fmt::Display>(
    method: &str,
    result: &Result<Response<R>, E>,
    cause: Option<String>,
    started: Instant,
) {
    let elapsed = started.elapsed().as_secs_f64();
    let latency_ms = elapsed * 1000.0;
    let response = match result {
        Ok(response) => response,
        Err(error) => {
            tracing::warn!(latency_ms, %error, "rpc transport error");
            return;
        }
    };
    // Errors travel as trailers-only responses, so their status is in the
    // headers; OK streams send theirs later.
    let status = tonic::Status::from_header_map(response.headers());
    let code = status.as_ref().map_or(Code::Ok, tonic::Status::code);
    let detail = status
        .as_ref()
        .map(tonic::Status::message)
        .unwrap_or_default();
    metrics::rpc_finished(method, code, elapsed);
    let span = tracing::Span::current();
    span.record("code", tracing::field::debug(code));
    let level = severity(code);
    if level == Level::ERROR {
        span.record("otel.status_code", "ERROR");
    }
    let cause = cause.unwrap_or_default();
    match level {
        Level::ERROR => tracing::error!(latency_ms, %detail, %cause, "rpc failed"),
        Level::WARN => tracing::warn!(latency_ms, %detail, %cause, "rpc failed"),
        _ if code == Code::Ok => tracing::info!(latency_ms, "rpc finished"),
        _ => tracing::info!(latency_ms, %detail, "rpc refused"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_mistakes_are_info_dependencies_warn_and_our_faults_error() {
        let cases = [
            (Code::InvalidArgument, Level::INFO),
            (Code::NotFound, Level::INFO),
            (Code::FailedPrecondition, Level::INFO),
            (Code::AlreadyExists, Level::INFO),
            (Code::Aborted, Level::INFO),
            (Code::ResourceExhausted, Level::INFO),
            (Code::PermissionDenied, Level::INFO),
            (Code::Unauthenticated, Level::INFO),
            (Code::Unavailable, Level::WARN),
            (Code::DeadlineExceeded, Level::WARN),
            (Code::Internal, Level::ERROR),
            (Code::Unknown, Level::ERROR),
        ];
        for (code, level) in cases {
            assert_eq!(severity(code), level, "{code:?}");
        }
    }
}
