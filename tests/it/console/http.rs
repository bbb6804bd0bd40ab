//! A minimal HTTP/1.1 client over a TCP stream: enough to look at status
//! lines, headers and bodies exactly as the server sent them.
use std::net::SocketAddr;

use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpStream,
};

use crate::helpers::ADMIN_TOKEN;

pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn set_cookies(&self) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case("set-cookie"))
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// `name=value` of the cookie `name` this reply sets.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.set_cookies()
            .into_iter()
            .filter_map(|c| c.split(';').next())
            .find(|pair| pair.starts_with(&format!("{name}=")))
            .map(str::to_string)
    }

    /// The value of the hidden input `name` in the body.
    pub fn hidden(&self, name: &str) -> Option<String> {
        let marker = format!("name=\"{name}\" value=\"");
        let start = self.body.find(&marker)? + marker.len();
        let end = self.body[start..].find('"')? + start;
        Some(self.body[start..end].to_string())
    }
}

pub fn encode(value: &str) -> String {
    let mut out = String::new();
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(byte));
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// Sends one request; `form` makes it a urlencoded POST.
pub async fn send(
    addr: SocketAddr,
    path: &str,
    cookies: &[&str],
    form: Option<&[(&str, &str)]>,
    extra: &[(&str, &str)],
) -> Reply {
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    let body = form
        .map(|pairs| {
            pairs
                .iter()
                .map(|(k, v)| format!("{k}={}", encode(v)))
                .collect::<Vec<_>>()
                .join("&")
        })
        .unwrap_or_default();
    let method = if form.is_some() { "POST" } else { "GET" };
    let mut request = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    if !cookies.is_empty() {
        request.push_str(&format!("Cookie: {}\r\n", cookies.join("; ")));
    }
    for (name, value) in extra {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    if form.is_some() {
        request.push_str("Content-Type: application/x-www-form-urlencoded\r\n");
        request.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    request.push_str("\r\n");
    request.push_str(&body);
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.expect("read");
    let text = String::from_utf8_lossy(&raw).to_string();
    let (head, body) = text.split_once("\r\n\r\n").expect("a head");
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .expect("a status");
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    Reply {
        status,
        headers,
        body: body.to_string(),
    }
}

pub async fn get(addr: SocketAddr, path: &str, cookies: &[&str]) -> Reply {
    send(addr, path, cookies, None, &[]).await
}

pub async fn post(addr: SocketAddr, path: &str, cookies: &[&str], form: &[(&str, &str)]) -> Reply {
    send(addr, path, cookies, Some(form), &[]).await
}

/// Signs in with `token` as `name`; the sign-in reply.
pub async fn sign_in_with(addr: SocketAddr, name: &str, token: &str) -> Reply {
    let page = get(addr, "/signin", &[]).await;
    let form_cookie = page
        .cookie("gamification_console_signin")
        .expect("the sign-in form's cookie");
    let token_field = page.hidden("signin").expect("the sign-in form's token");
    post(
        addr,
        "/signin",
        &[&form_cookie],
        &[("signin", &token_field), ("name", name), ("token", token)],
    )
    .await
}

/// A signed-in admin: the session cookie and the CSRF token of its forms.
pub struct Signed {
    pub cookie: String,
    pub csrf: String,
}

pub async fn sign_in(addr: SocketAddr) -> Signed {
    let reply = sign_in_with(addr, "asha", ADMIN_TOKEN).await;
    assert_eq!(reply.status, 303, "{}", reply.body);
    let cookie = reply
        .cookie("gamification_console")
        .expect("a session cookie");
    let page = get(addr, "/settings", &[&cookie]).await;
    let csrf = page.hidden("csrf").expect("a CSRF token in the page");
    Signed { cookie, csrf }
}
