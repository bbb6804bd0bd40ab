//! CORS for grpc-web callers in browsers, from an allow-list of origins
//! (CORS_ALLOWED_ORIGINS). It stands outside every other layer:
//!
//! - a request without `Origin` (gRPC clients, grpcurl, servers) passes
//!   untouched: CORS is a browser's concern, tokens guard the calls;
//! - a request whose `Origin` is not on the list is refused with 403 before
//!   it reaches any service, preflight or not, so an unlisted page gets
//!   nothing (not even a preflight answer) and a call is never run for it;
//! - a preflight (`OPTIONS` with `Access-Control-Request-Method`) from a
//!   listed origin is answered here (204) with the methods and headers a
//!   grpc-web client sends; any other request from it is served, and its
//!   response names the origin and exposes the gRPC status headers
//!   (`grpc-status`, `grpc-message`, `grpc-status-details-bin`), so the
//!   page can read errors and their details.
//!
//! An empty list allows no origin at all. Credentials (cookies) are never
//! allowed: callers authenticate with a bearer token.
use std::{
    pin::Pin,
    sync::Arc,
    task::{Context, Poll},
};

use http::{HeaderValue, Method, Request, Response, StatusCode, header};
use tonic::body::Body;
use tower::{Layer, Service};

/// Headers a grpc-web (or Connect) client sends with its calls.
const ALLOW_HEADERS: &str = "authorization, content-type, grpc-timeout, grpc-accept-encoding, \
     grpc-encoding, x-grpc-web, x-user-agent, x-request-id, traceparent";
/// Response headers a page may read: the status and its details.
const EXPOSE_HEADERS: &str = "grpc-status, grpc-message, grpc-status-details-bin";
/// How long a browser may keep a preflight's answer (seconds).
const MAX_AGE: &str = "600";

#[derive(Debug, Clone, Default)]
pub struct CorsLayer {
    allowed: Arc<[HeaderValue]>,
}

impl CorsLayer {
    /// Only these origins (`scheme://host[:port]`, as browsers send them);
    /// an origin that is not a valid header value is left out.
    pub fn allow(origins: &[String]) -> CorsLayer {
        CorsLayer {
            allowed: origins
                .iter()
                .filter_map(|o| HeaderValue::from_str(o).ok())
                .collect(),
        }
    }
}

impl<S> Layer<S> for CorsLayer {
    type Service = Cors<S>;

    fn layer(&self, inner: S) -> Cors<S> {
        Cors {
            inner,
            allowed: self.allowed.clone(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Cors<S> {
    inner: S,
    allowed: Arc<[HeaderValue]>,
}

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

impl<S, B> Service<Request<B>> for Cors<S>
where
    S: Service<Request<B>, Response = Response<Body>> + Send,
    S::Future: Send + 'static,
{
    type Response = Response<Body>;
    type Error = S::Error;
    type Future = BoxFuture<Result<Response<Body>, S::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        let Some(origin) = request.headers().get(header::ORIGIN).cloned() else {
            return Box::pin(self.inner.call(request));
        };
        if !self.allowed.contains(&origin) {
            return Box::pin(async { Ok(refused()) });
        }
        let preflight = request.method() == Method::OPTIONS
            && request
                .headers()
                .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
        if preflight {
            return Box::pin(async move { Ok(preflight_answer(origin)) });
        }
        let future = self.inner.call(request);
        Box::pin(async move {
            let mut response = future.await?;
            let headers = response.headers_mut();
            headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            headers.insert(
                header::ACCESS_CONTROL_EXPOSE_HEADERS,
                HeaderValue::from_static(EXPOSE_HEADERS),
            );
            headers.append(header::VARY, HeaderValue::from_static("origin"));
            Ok(response)
        })
    }
}

/// 403 for an origin that is not on the list, with no CORS header: the
/// browser reports a CORS failure and the page learns nothing.
fn refused() -> Response<Body> {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = StatusCode::FORBIDDEN;
    response
        .headers_mut()
        .insert(header::VARY, HeaderValue::from_static("origin"));
    response
}

fn preflight_answer(origin: HeaderValue) -> Response<Body> {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = StatusCode::NO_CONTENT;
    let headers = response.headers_mut();
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("POST, OPTIONS"),
    );
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static(ALLOW_HEADERS),
    );
    headers.insert(
        header::ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from_static(MAX_AGE),
    );
    headers.insert(
        header::VARY,
        HeaderValue::from_static(
            "origin, access-control-request-method, access-control-request-headers",
        ),
    );
    response
}
