//! A private CA and a certificate it signed for the test wallet (127.0.0.1
//! and localhost), made fresh by each test with rcgen.
use std::{path::PathBuf, sync::Arc};

use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose,
};
use tokio_rustls::{
    TlsAcceptor,
    rustls::{
        ServerConfig,
        crypto::ring::default_provider,
        pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer},
    },
};

pub struct TestCa {
    /// The CA certificate as a PEM file (what WALLET_CA_FILE names).
    pub ca_file: PathBuf,
    /// The wallet's side of TLS: its certificate, signed by the CA.
    pub acceptor: TlsAcceptor,
    _dir: tempfile::TempDir,
}

impl TestCa {
    pub fn new() -> TestCa {
        let mut ca = CertificateParams::new(Vec::new()).expect("CA params");
        ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca.distinguished_name
            .push(DnType::CommonName, "Test wallet private CA");
        ca.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let ca_key = KeyPair::generate().expect("CA key");
        let ca_cert = ca.self_signed(&ca_key).expect("CA certificate");
        let issuer = Issuer::new(ca, ca_key);

        let mut leaf = CertificateParams::new(vec!["127.0.0.1".into(), "localhost".into()])
            .expect("wallet params");
        leaf.distinguished_name.push(DnType::CommonName, "wallet");
        leaf.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        let leaf_key = KeyPair::generate().expect("wallet key");
        let leaf_cert = leaf
            .signed_by(&leaf_key, &issuer)
            .expect("wallet certificate");

        let dir = tempfile::tempdir().expect("temporary directory");
        let ca_file = dir.path().join("wallet-ca.pem");
        std::fs::write(&ca_file, ca_cert.pem()).expect("write the CA file");
        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(leaf_key.serialize_der()));
        let chain = vec![CertificateDer::from(leaf_cert.der().to_vec())];
        let config = ServerConfig::builder_with_provider(Arc::new(default_provider()))
            .with_safe_default_protocol_versions()
            .expect("TLS versions")
            .with_no_client_auth()
            .with_single_cert(chain, key)
            .expect("server certificate");
        TestCa {
            ca_file,
            acceptor: TlsAcceptor::from(Arc::new(config)),
            _dir: dir,
        }
    }
}
