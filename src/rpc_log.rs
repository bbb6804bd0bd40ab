//! A tower layer that gives every RPC a span and one closing log line with
//! its method, gRPC status code and latency.
use std::{
    future::Future,
    pin::Pin,
    task::{Context, Poll},
    time::Instant,
};

use http::{Request, Response};
use tower::{Layer, Service};
use tracing::Instrument;

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
        let span = tracing::info_span!("rpc", %method, code = tracing::field::Empty);
        let started = Instant::now();
        let future = span.in_scope(|| self.inner.call(request));
        Box::pin(
            async move {
                let result = future.await;
                let latency_ms = started.elapsed().as_secs_f64() * 1000.0;
                match &result {
                    Ok(response) => {
                        // Errors travel as trailers-only responses, so their
                        // code is in the headers; OK streams send it later.
                        let code = response
                            .headers()
                            .get("grpc-status")
                            .and_then(|v| v.to_str().ok())
                            .and_then(|v| v.parse::<i32>().ok())
                            .map_or(tonic::Code::Ok, tonic::Code::from_i32);
                        tracing::Span::current().record("code", tracing::field::debug(code));
                        if matches!(
                            code,
                            tonic::Code::Internal | tonic::Code::Unknown | tonic::Code::Unavailable
                        ) {
                            tracing::warn!(latency_ms, "rpc failed");
                        } else {
                            tracing::info!(latency_ms, "rpc finished");
                        }
                    }
                    Err(error) => tracing::warn!(latency_ms, %error, "rpc transport error"),
                }
                result
            }
            .instrument(span),
        )
    }
}
