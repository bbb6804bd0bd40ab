//! TLS on the gRPC port, with certificates made here: a CA, the server's
//! certificate for localhost, client certificates from that CA and from
//! another one.
use std::path::PathBuf;

use gamification::proto::{ListSettingsRequest, settings_service_client::SettingsServiceClient};
use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, ExtendedKeyUsagePurpose, IsCa, KeyPair,
};
use tonic::transport::{Certificate, Channel, ClientTlsConfig, Identity};
use tonic_health::pb::{HealthCheckRequest, health_client::HealthClient};

use super::admin;
use crate::helpers::TestApp;

struct Pki {
    dir: tempfile::TempDir,
    ca: CertifiedIssuer<'static, KeyPair>,
}

impl Pki {
    /// A CA, and the server's certificate and key written to files.
    fn new() -> Pki {
        let dir = tempfile::tempdir().expect("a directory");
        let ca = ca("test CA");
        let pki = Pki { dir, ca };
        let (cert, key) = pki.leaf(ExtendedKeyUsagePurpose::ServerAuth);
        pki.write("server.pem", &cert);
        pki.write("server.key", &key);
        pki.write("ca.pem", &pki.ca.pem());
        pki
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn write(&self, name: &str, text: &str) {
        std::fs::write(self.path(name), text).expect("write a PEM file");
    }

    /// A certificate for localhost signed by this CA, and its key (PEM).
    fn leaf(&self, usage: ExtendedKeyUsagePurpose) -> (String, String) {
        leaf_of(&self.ca, usage)
    }

    fn client_identity(&self) -> Identity {
        let (cert, key) = self.leaf(ExtendedKeyUsagePurpose::ClientAuth);
        Identity::from_pem(cert, key)
    }
}

fn ca(name: &str) -> CertifiedIssuer<'static, KeyPair> {
    let mut params = CertificateParams::new(Vec::<String>::new()).expect("params");
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, name);
    CertifiedIssuer::self_signed(params, KeyPair::generate().expect("key")).expect("a CA")
}

fn leaf_of(
    ca: &CertifiedIssuer<'static, KeyPair>,
    usage: ExtendedKeyUsagePurpose,
) -> (String, String) {
    let key = KeyPair::generate().expect("key");
    let mut params = CertificateParams::new(vec!["localhost".to_string(), "127.0.0.1".to_string()])
        .expect("params");
    params.extended_key_usages = vec![usage];
    let cert = params.signed_by(&key, ca).expect("signed");
    (cert.pem(), key.serialize_pem())
}

async fn tls_server(pki: &Pki, mutual: bool) -> TestApp {
    let (cert, key, ca) = (
        pki.path("server.pem"),
        pki.path("server.key"),
        pki.path("ca.pem"),
    );
    TestApp::spawn_with(move |config| {
        config.tls_cert_file = Some(cert);
        config.tls_key_file = Some(key);
        config.tls_client_ca_file = mutual.then_some(ca);
    })
    .await
}

/// A health check over TLS trusting `pki`'s CA, with an optional client
/// certificate; the error text when the connection or the call fails.
async fn check(app: &TestApp, pki: &Pki, identity: Option<Identity>) -> Result<(), String> {
    let channel = tls_channel(app, pki, identity).await?;
    let request = HealthCheckRequest {
        service: String::new(),
    };
    HealthClient::new(channel)
        .check(request)
        .await
        .map(|_| ())
        .map_err(|e| e.to_string())
}

async fn tls_channel(
    app: &TestApp,
    pki: &Pki,
    identity: Option<Identity>,
) -> Result<Channel, String> {
    let mut tls = ClientTlsConfig::new()
        .ca_certificate(Certificate::from_pem(pki.ca.pem()))
        .domain_name("localhost");
    if let Some(identity) = identity {
        tls = tls.identity(identity);
    }
    let endpoint =
        Channel::from_shared(format!("https://{}", app.addr)).map_err(|e| e.to_string())?;
    let endpoint = endpoint.tls_config(tls).map_err(|e| e.to_string())?;
    endpoint.connect().await.map_err(|e| format!("{e:?}"))
}

#[tokio::test]
async fn a_tls_server_answers_a_client_that_trusts_its_ca_and_not_a_plaintext_one() {
    let pki = Pki::new();
    let app = tls_server(&pki, false).await;
    check(&app, &pki, None)
        .await
        .expect("TLS with the CA works");
    let channel = tls_channel(&app, &pki, None).await.expect("channel");
    let settings = SettingsServiceClient::with_interceptor(channel, admin)
        .list_settings(ListSettingsRequest::default())
        .await;
    assert!(
        settings.is_ok(),
        "an application call over TLS: {settings:?}"
    );

    // The test helper's own channel is plaintext.
    let plaintext = HealthClient::new(app.channel())
        .check(HealthCheckRequest {
            service: String::new(),
        })
        .await;
    assert!(
        plaintext.is_err(),
        "plaintext must not be served: {plaintext:?}"
    );
    let other = Pki::new();
    let untrusted = check(&app, &other, None).await;
    assert!(
        untrusted.is_err(),
        "a client trusting another CA must not connect"
    );
}

#[tokio::test]
async fn with_a_client_ca_only_clients_with_a_certificate_from_it_are_served() {
    let pki = Pki::new();
    let app = tls_server(&pki, true).await;
    check(&app, &pki, Some(pki.client_identity()))
        .await
        .expect("a client certificate from the CA is accepted");

    let without = check(&app, &pki, None).await;
    assert!(
        without.is_err(),
        "a client without a certificate must be refused"
    );
    let stranger = ca("another CA");
    let (cert, key) = leaf_of(&stranger, ExtendedKeyUsagePurpose::ClientAuth);
    let foreign = check(&app, &pki, Some(Identity::from_pem(cert, key))).await;
    assert!(
        foreign.is_err(),
        "a certificate from another CA must be refused"
    );
}

#[tokio::test]
async fn a_server_with_an_unreadable_or_broken_certificate_does_not_start() {
    let pki = Pki::new();
    pki.write(
        "broken.pem",
        "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n",
    );
    for (cert, why) in [
        ("missing.pem", "unreadable"),
        ("broken.pem", "not a certificate"),
    ] {
        let database = crate::db::TestDatabase::new().await;
        let mut config = gamification::config::Config::for_database(database.url.clone());
        config.tls_cert_file = Some(pki.path(cert));
        config.tls_key_file = Some(pki.path("server.key"));
        let started = gamification::startup::Application::build(config).await;
        assert!(started.is_err(), "{why}: the server started");
    }
}

/// `gamification healthcheck` (the containers' health check) with its
/// arguments; whether it exited 0.
async fn healthcheck(args: Vec<String>) -> bool {
    let run = move || {
        std::process::Command::new(env!("CARGO_BIN_EXE_gamification"))
            .arg("healthcheck")
            .args(&args)
            .env_clear()
            .output()
    };
    let output = tokio::task::spawn_blocking(run)
        .await
        .expect("task")
        .expect("runs");
    output.status.success()
}

#[tokio::test]
async fn the_healthcheck_command_passes_on_a_serving_server_plain_or_tls() {
    let plain = TestApp::spawn().await;
    assert!(healthcheck(vec!["--addr".into(), plain.addr.to_string()]).await);
    let pki = Pki::new();
    let tls = tls_server(&pki, true).await;
    let (cert, key) = pki.leaf(ExtendedKeyUsagePurpose::ClientAuth);
    pki.write("client.pem", &cert);
    pki.write("client.key", &key);
    let path = |name: &str| pki.path(name).display().to_string();
    let mut args = vec![
        "--addr".into(),
        tls.addr.to_string(),
        "--ca".into(),
        path("ca.pem"),
    ];
    assert!(
        !healthcheck(args.clone()).await,
        "mutual TLS needs the client certificate"
    );
    args.extend([
        "--cert".into(),
        path("client.pem"),
        "--key".into(),
        path("client.key"),
    ]);
    assert!(healthcheck(args).await, "with the client certificate");
    let nobody = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let closed = nobody.local_addr().expect("addr").to_string();
    drop(nobody);
    assert!(
        !healthcheck(vec!["--addr".into(), closed]).await,
        "nothing listening"
    );
}
