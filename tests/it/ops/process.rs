//! The server binary as it is deployed, in a process of its own: what the
//! process-wide parts (the metrics recorder, the trace exporter) need, since
//! every other test shares this test binary's process.
use std::{
    io::{BufRead, BufReader},
    net::SocketAddr,
    process::{Child, Command, Stdio},
    time::Duration,
};

use serde_json::Value;
use tokio::sync::mpsc::{UnboundedReceiver, unbounded_channel};
use tonic::transport::Channel;

use crate::helpers::ADMIN_TOKEN;

pub struct ServerProcess {
    child: Option<Child>,
    /// The gRPC address it logged when serving.
    pub addr: SocketAddr,
    /// The metrics address it logged, when METRICS_LISTEN was set.
    pub metrics: Option<SocketAddr>,
    lines: UnboundedReceiver<Value>,
}

impl ServerProcess {
    /// Starts the binary on `database_url` with JSON logs, an admin token,
    /// port 0, and `env` on top (nothing inherited), and waits until it
    /// logs "serving" (and the metrics address, when asked for).
    pub async fn start(database_url: &str, env: &[(&str, &str)]) -> ServerProcess {
        let mut command = Command::new(env!("CARGO_BIN_EXE_gamification"));
        command
            .env_clear()
            .env("DATABASE_URL", database_url)
            .env("LISTEN_ADDR", "127.0.0.1:0")
            // Processes run side by side: no console on the default port.
            .env("ADMIN_LISTEN", "off")
            .env("LOG_FORMAT", "json")
            .env("RUST_LOG", "info")
            .env("AUTH_TOKENS", format!("admin:{ADMIN_TOKEN}"))
            .env("SHUTDOWN_GRACE_SECS", "2")
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        let mut child = command.spawn().expect("the server binary starts");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, lines) = unbounded_channel();
        // Reads the log for the whole run, so the pipe never fills up.
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Ok(json) = serde_json::from_str::<Value>(&line) {
                    let _ = tx.send(json);
                }
            }
        });
        let wants_metrics = env.iter().any(|(k, _)| *k == "METRICS_LISTEN");
        let mut process = ServerProcess {
            child: Some(child),
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            metrics: None,
            lines,
        };
        process.wait_until_serving(wants_metrics).await;
        process
    }

    async fn wait_until_serving(&mut self, wants_metrics: bool) {
        let address = |line: &Value, field: &str| -> SocketAddr {
            line[field]
                .as_str()
                .and_then(|a| a.parse().ok())
                .unwrap_or_else(|| panic!("no {field} in {line}"))
        };
        let mut serving = false;
        while !serving || (wants_metrics && self.metrics.is_none()) {
            let line = self.next_line().await;
            match line["message"].as_str() {
                Some("serving") => {
                    self.addr = address(&line, "addr");
                    serving = true;
                }
                Some("metrics served") => self.metrics = Some(address(&line, "addr")),
                Some("cannot start") => panic!("the server did not start: {line}"),
                _ => {}
            }
        }
    }

    async fn next_line(&mut self) -> Value {
        let line = tokio::time::timeout(Duration::from_secs(60), self.lines.recv()).await;
        line.expect("a log line within a minute")
            .expect("the server exited early")
    }

    pub fn channel(&self) -> Channel {
        Channel::from_shared(format!("http://{}", self.addr))
            .expect("uri")
            .connect_lazy()
    }

    /// SIGTERM, then waits for a clean exit (spans are flushed on the way).
    pub async fn stop(mut self) {
        let mut child = self.child.take().expect("running");
        let pid = child.id().to_string();
        let signalled = Command::new("kill").args(["-TERM", &pid]).status();
        assert!(signalled.is_ok_and(|s| s.success()), "kill -TERM {pid}");
        let waited = tokio::task::spawn_blocking(move || child.wait()).await;
        let status = waited.expect("task").expect("wait");
        assert!(status.success(), "the server exited with {status}");
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        // A test that failed half-way leaves no server behind.
        if let Some(child) = self.child.as_mut() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// GET `path` over plain HTTP/1.0 and the body.
pub async fn http_get(addr: SocketAddr, path: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr)
        .await
        .expect("connect to the metrics endpoint");
    let request = format!("GET {path} HTTP/1.0\r\nHost: {addr}\r\n\r\n");
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut response = String::new();
    stream
        .read_to_string(&mut response)
        .await
        .expect("read the response");
    let (head, body) = response.split_once("\r\n\r\n").expect("an HTTP response");
    assert!(
        head.starts_with("HTTP/1.0 200") || head.starts_with("HTTP/1.1 200"),
        "{head}"
    );
    body.to_string()
}
