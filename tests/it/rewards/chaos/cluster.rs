//! Server instances as real processes of the built binary, so that one can
//! be killed with SIGKILL (no shutdown code runs) and started again.
use std::{
    net::{SocketAddr, TcpListener},
    path::PathBuf,
    process::{Child, Command, Stdio},
    sync::{Mutex, atomic::AtomicUsize},
    time::Duration,
};

use tonic::transport::{Channel, Endpoint};
use tonic_health::pb::{
    HealthCheckRequest, health_check_response::ServingStatus, health_client::HealthClient,
};

use crate::helpers::{ADMIN_TOKEN, SERVICE_TOKEN};

struct Instance {
    /// None once killed.
    child: Option<Child>,
    channel: Channel,
}

/// SIGKILL, and reap the process (it is gone at once: the wait is short).
fn kill(mut child: Child) {
    child.kill().expect("SIGKILL");
    child.wait().expect("the killed instance is reaped");
}

/// Tests kill what they start, whatever way they end.
impl Drop for Instance {
    fn drop(&mut self) {
        if let Some(child) = self.child.take() {
            kill(child);
        }
    }
}

pub struct Cluster {
    database_url: String,
    wallet_url: String,
    logs: tempfile::TempDir,
    instances: Mutex<Vec<Instance>>,
    /// How many processes were started, for instance ids and log names.
    started: Mutex<usize>,
    /// Calls that failed for a passing reason and were made again.
    pub repeated_calls: AtomicUsize,
}

impl Cluster {
    /// One instance on the database, pushing rewards to the wallet (it
    /// migrates the database before it serves).
    pub async fn start(database_url: &str, wallet_url: &str) -> Cluster {
        let cluster = Cluster {
            database_url: database_url.into(),
            wallet_url: wallet_url.into(),
            logs: tempfile::tempdir().expect("log directory"),
            instances: Mutex::new(Vec::new()),
            started: Mutex::new(0),
            repeated_calls: AtomicUsize::new(0),
        };
        cluster.add().await;
        cluster
    }

    /// One more instance on the same database.
    pub async fn add(&self) {
        let instance = self.spawn().await;
        self.instances.lock().expect("instances").push(instance);
    }

    pub fn database_url(&self) -> &str {
        &self.database_url
    }

    /// A channel to instance `i` (a killed one answers UNAVAILABLE).
    pub fn channel(&self, i: usize) -> Channel {
        let instances = self.instances.lock().expect("instances");
        instances[i % instances.len()].channel.clone()
    }

    /// SIGKILL: no graceful shutdown, posts in flight are cut off.
    pub async fn kill(&self, i: usize) {
        let child = self.instances.lock().expect("instances")[i].child.take();
        kill(child.expect("a running instance"));
    }

    /// Starts instance `i` again (a new process on a new port).
    pub async fn restart(&self, i: usize) {
        let instance = self.spawn().await;
        let old = std::mem::replace(&mut self.instances.lock().expect("instances")[i], instance);
        drop(old);
    }

    async fn spawn(&self) -> Instance {
        let n = {
            let mut started = self.started.lock().expect("started");
            *started += 1;
            *started
        };
        let addr = free_port();
        let log: PathBuf = self.logs.path().join(format!("instance-{n}.log"));
        let file = std::fs::File::create(&log).expect("log file");
        let child = Command::new(env!("CARGO_BIN_EXE_gamification"))
            .env("DATABASE_URL", &self.database_url)
            .env("LISTEN_ADDR", addr.to_string())
            .env("ADMIN_LISTEN", "off")
            .env(
                "AUTH_TOKENS",
                format!("admin:{ADMIN_TOKEN},service:{SERVICE_TOKEN}"),
            )
            .env("DB_POOL_SIZE", "6")
            .env("WALLET_URL", &self.wallet_url)
            .env("WALLET_TOKEN", super::super::wallet::WALLET_TOKEN)
            .env("WALLET_TIMEOUT_SECS", "1")
            .env("REWARD_POLL_MILLIS", "50")
            .env("REWARD_RETRY_BASE_MILLIS", "50")
            .env("INSTANCE_ID", format!("chaos-{n}"))
            .env("SHUTDOWN_GRACE_SECS", "1")
            .env("RUST_LOG", "warn,gamification::rewards=info")
            .stdin(Stdio::null())
            .stdout(file.try_clone().expect("log file"))
            .stderr(file)
            .spawn()
            .expect("the server binary starts");
        let channel = Endpoint::from_shared(format!("http://{addr}"))
            .expect("uri")
            .connect_timeout(Duration::from_secs(1))
            .timeout(Duration::from_secs(10))
            .connect_lazy();
        let mut instance = Instance {
            child: Some(child),
            channel,
        };
        wait_until_serving(&mut instance, &log).await;
        instance
    }
}

/// A loopback port nobody listens on right now.
fn free_port() -> SocketAddr {
    let socket = TcpListener::bind("127.0.0.1:0").expect("a free port");
    socket.local_addr().expect("address")
}

async fn wait_until_serving(instance: &mut Instance, log: &PathBuf) {
    let mut health = HealthClient::new(instance.channel.clone());
    for _ in 0..600 {
        let exited = instance.child.as_mut().map(|child| child.try_wait());
        if let Some(Ok(Some(status))) = exited {
            let text = std::fs::read_to_string(log).unwrap_or_default();
            panic!("the server exited with {status} before serving:\n{text}");
        }
        let check = health.check(HealthCheckRequest::default()).await;
        if check.is_ok_and(|r| r.into_inner().status() == ServingStatus::Serving) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the server did not serve within a minute");
}
