//! grpc-web on the gRPC port: raw grpc-web frames over HTTP/1.1, as a
//! browser's fetch sends them, and the CORS allow-list of
//! CORS_ALLOWED_ORIGINS (preflights, allowed and refused origins).
use bytes::{Buf, BufMut, Bytes, BytesMut};
use gamification::proto::{
    GetSettingRequest, GetSettingResponse, UpdateSettingRequest, UpsertUserRequest,
};
use http::{HeaderMap, Method, Request, StatusCode, header};
use http_body_util::{BodyExt, Full};
use hyper_util::rt::TokioIo;
use prost::Message;
use tokio::net::TcpStream;
use tonic::Code;
use tonic_types::StatusExt;

use crate::helpers::{ADMIN_TOKEN, TestApp};

const DASHBOARD: &str = "https://admin.example.com";
const OTHER: &str = "https://evil.example.net";

/// A server that lets the dashboard's origin in.
async fn web_app() -> TestApp {
    TestApp::spawn_with(|config| {
        config.cors_allowed_origins = format!("{DASHBOARD}, http://localhost:5173");
    })
    .await
}

/// What came back over HTTP/1.1: status, headers and the whole body.
struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The grpc-web body: its message frames, then its trailers (the last
    /// frame, flag 0x80, HTTP/1 header lines).
    fn frames(&self) -> (Vec<Bytes>, HeaderMap) {
        let mut body = self.body.clone();
        let mut messages = Vec::new();
        let mut trailers = HeaderMap::new();
        while body.has_remaining() {
            let flag = body.get_u8();
            let len = body.get_u32() as usize;
            let frame = body.split_to(len);
            if flag & 0x80 == 0 {
                messages.push(frame);
                continue;
            }
            for line in std::str::from_utf8(&frame)
                .expect("ascii trailers")
                .split("\r\n")
            {
                if let Some((name, value)) = line.split_once(':') {
                    trailers.insert(
                        http::HeaderName::from_bytes(name.trim().as_bytes()).expect("name"),
                        value.trim().parse().expect("value"),
                    );
                }
            }
        }
        (messages, trailers)
    }
}

/// One grpc-web data frame around a message.
fn frame(message: &impl Message) -> Bytes {
    let encoded = message.encode_to_vec();
    let mut out = BytesMut::with_capacity(encoded.len() + 5);
    out.put_u8(0);
    out.put_u32(encoded.len() as u32);
    out.put_slice(&encoded);
    out.freeze()
}

/// Sends one request over a fresh HTTP/1.1 connection.
async fn send(app: &TestApp, request: Request<Full<Bytes>>) -> Reply {
    let stream = TcpStream::connect(app.addr).await.expect("connect");
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .expect("HTTP/1.1 handshake");
    let driver = tokio::spawn(connection);
    let response = sender.send_request(request).await.expect("response");
    let (parts, body) = response.into_parts();
    let body = body.collect().await.expect("body").to_bytes();
    driver.abort();
    Reply {
        status: parts.status,
        headers: parts.headers,
        body,
    }
}

/// A grpc-web call as a browser page at `origin` (None: no browser) makes it.
async fn grpc_web(
    app: &TestApp,
    origin: Option<&str>,
    method: &str,
    message: &impl Message,
) -> Reply {
    let mut request = Request::builder()
        .method(Method::POST)
        .uri(format!("http://{}/{method}", app.addr))
        .header(header::HOST, app.addr.to_string())
        .header(header::CONTENT_TYPE, "application/grpc-web+proto")
        .header("x-grpc-web", "1")
        .header(header::AUTHORIZATION, format!("Bearer {ADMIN_TOKEN}"));
    if let Some(origin) = origin {
        request = request.header(header::ORIGIN, origin);
    }
    send(
        app,
        request.body(Full::new(frame(message))).expect("request"),
    )
    .await
}

async fn preflight(app: &TestApp, origin: &str) -> Reply {
    let request = Request::builder()
        .method(Method::OPTIONS)
        .uri(format!(
            "http://{}/gamification.v1.SettingsService/GetSetting",
            app.addr
        ))
        .header(header::HOST, app.addr.to_string())
        .header(header::ORIGIN, origin)
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
        .header(
            header::ACCESS_CONTROL_REQUEST_HEADERS,
            "authorization,content-type,x-grpc-web,x-user-agent",
        )
        .body(Full::new(Bytes::new()))
        .expect("request");
    send(app, request).await
}

fn get_setting() -> GetSettingRequest {
    GetSettingRequest {
        key: "daily_game_limit".into(),
    }
}

#[tokio::test]
async fn a_grpc_web_call_from_an_allowed_origin_is_served_over_http1_with_cors_headers() {
    let app = web_app().await;
    let reply = grpc_web(
        &app,
        Some(DASHBOARD),
        "gamification.v1.SettingsService/GetSetting",
        &get_setting(),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(
        reply.header("content-type"),
        Some("application/grpc-web+proto")
    );
    assert_eq!(reply.header("access-control-allow-origin"), Some(DASHBOARD));
    let exposed = reply
        .header("access-control-expose-headers")
        .expect("exposed headers");
    for name in ["grpc-status", "grpc-message", "grpc-status-details-bin"] {
        assert!(exposed.contains(name), "{name} is not exposed: {exposed}");
    }
    assert!(reply.header("vary").is_some_and(|v| v.contains("origin")));
    let (messages, trailers) = reply.frames();
    assert_eq!(
        trailers.get("grpc-status").map(|v| v.as_bytes()),
        Some(&b"0"[..])
    );
    assert_eq!(messages.len(), 1);
    let response = GetSettingResponse::decode(messages[0].clone()).expect("a GetSettingResponse");
    assert_eq!(response.setting.expect("setting").value, "10");
}

#[tokio::test]
async fn a_preflight_is_answered_for_allowed_origins_only() {
    let app = web_app().await;
    let allowed = preflight(&app, DASHBOARD).await;
    assert_eq!(allowed.status, StatusCode::NO_CONTENT);
    assert_eq!(
        allowed.header("access-control-allow-origin"),
        Some(DASHBOARD)
    );
    let methods = allowed
        .header("access-control-allow-methods")
        .expect("methods");
    assert!(methods.contains("POST"), "{methods}");
    let headers = allowed
        .header("access-control-allow-headers")
        .expect("headers");
    for name in [
        "authorization",
        "content-type",
        "x-grpc-web",
        "x-user-agent",
    ] {
        assert!(headers.contains(name), "{name} is not allowed: {headers}");
    }
    assert!(allowed.header("access-control-allow-credentials").is_none());
    let second = preflight(&app, "http://localhost:5173").await;
    assert_eq!(second.status, StatusCode::NO_CONTENT);

    for origin in [OTHER, "https://admin.example.com.evil.net", "null"] {
        let refused = preflight(&app, origin).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{origin}");
        assert!(refused.header("access-control-allow-origin").is_none());
        assert!(refused.header("access-control-allow-methods").is_none());
    }
}

#[tokio::test]
async fn a_call_from_a_refused_origin_never_runs() {
    let app = web_app().await;
    let upsert = UpsertUserRequest {
        php_user_id: Some(77),
        phone: "98123 45678".into(),
        ..Default::default()
    };
    let reply = grpc_web(
        &app,
        Some(OTHER),
        "gamification.v1.UserService/UpsertUser",
        &upsert,
    )
    .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert!(reply.header("access-control-allow-origin").is_none());
    assert!(reply.body.is_empty());
    assert_eq!(
        app.count("SELECT COUNT(*) FROM users WHERE php_user_id = 77")
            .await,
        0,
        "the refused call wrote nothing"
    );
    // The same call from the dashboard writes the user.
    let reply = grpc_web(
        &app,
        Some(DASHBOARD),
        "gamification.v1.UserService/UpsertUser",
        &upsert,
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    let (_, trailers) = reply.frames();
    assert_eq!(
        trailers.get("grpc-status").map(|v| v.as_bytes()),
        Some(&b"0"[..])
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM users WHERE php_user_id = 77")
            .await,
        1
    );
}

#[tokio::test]
async fn with_no_origin_configured_every_browser_origin_is_refused() {
    let app = TestApp::spawn().await;
    assert_eq!(
        preflight(&app, DASHBOARD).await.status,
        StatusCode::FORBIDDEN
    );
    let reply = grpc_web(
        &app,
        Some(DASHBOARD),
        "gamification.v1.SettingsService/GetSetting",
        &get_setting(),
    )
    .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    // A grpc-web client that is not a browser (no Origin) is served.
    let reply = grpc_web(
        &app,
        None,
        "gamification.v1.SettingsService/GetSetting",
        &get_setting(),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.header("access-control-allow-origin").is_none());
    let (messages, _) = reply.frames();
    let response = GetSettingResponse::decode(messages[0].clone()).expect("response");
    assert_eq!(response.setting.expect("setting").value, "10");
}

#[tokio::test]
async fn error_details_reach_the_page_through_grpc_web() {
    let app = web_app().await;
    let reply = grpc_web(
        &app,
        Some(DASHBOARD),
        "gamification.v1.SettingsService/UpdateSetting",
        &UpdateSettingRequest {
            key: "daily_game_limit".into(),
            value: "ten".into(),
            updated_by: "dashboard".into(),
            etag: "1".into(),
            reason: String::new(),
        },
    )
    .await;
    assert_eq!(
        reply.status,
        StatusCode::OK,
        "grpc-web errors are in trailers"
    );
    let (messages, trailers) = reply.frames();
    assert!(messages.is_empty());
    // An error before any message is a trailers-only response: its status
    // is in the HTTP headers, which is why CORS must expose them; otherwise
    // it is in the trailer frame.
    let status = tonic::Status::from_header_map(&reply.headers)
        .or_else(|| tonic::Status::from_header_map(&trailers))
        .expect("a status in the headers or the trailers");
    let exposed = reply
        .header("access-control-expose-headers")
        .expect("exposed headers");
    assert!(exposed.contains("grpc-status-details-bin"));
    assert_eq!(status.code(), Code::InvalidArgument);
    let violations = status
        .get_details_bad_request()
        .expect("BadRequest details")
        .field_violations;
    assert_eq!(violations.len(), 1);
    assert_eq!(violations[0].field, "value");
}
