//! TLS for the gRPC server (rustls with ring): a certificate and key from
//! PEM files, and optionally a client CA, which turns on mutual TLS (every
//! client must then present a certificate that CA signed).
use std::{fs, path::Path};

use tonic::transport::{Certificate, Identity, ServerTlsConfig};

use crate::config::Config;

/// The server's TLS settings, or None for plaintext.
pub fn server_config(config: &Config) -> Result<Option<ServerTlsConfig>, String> {
    let (Some(cert), Some(key)) = (&config.tls_cert_file, &config.tls_key_file) else {
        return Ok(None);
    };
    let identity = Identity::from_pem(read("TLS_CERT_FILE", cert)?, read("TLS_KEY_FILE", key)?);
    let mut tls = ServerTlsConfig::new().identity(identity);
    if let Some(ca) = &config.tls_client_ca_file {
        // Client certificates are required (not optional) once a CA is set.
        tls = tls
            .client_ca_root(Certificate::from_pem(read("TLS_CLIENT_CA_FILE", ca)?))
            .client_auth_optional(false);
    }
    Ok(Some(tls))
}

/// Both TLS_CERT_FILE and TLS_KEY_FILE or neither; a client CA only
/// with them; every named file readable.
pub fn validate(config: &Config) -> Result<(), String> {
    match (&config.tls_cert_file, &config.tls_key_file) {
        (Some(_), None) | (None, Some(_)) => {
            return Err("TLS_CERT_FILE and TLS_KEY_FILE go together: set both or neither".into());
        }
        (None, None) if config.tls_client_ca_file.is_some() => {
            return Err("TLS_CLIENT_CA_FILE needs TLS_CERT_FILE and TLS_KEY_FILE".into());
        }
        _ => {}
    }
    let files = [
        ("TLS_CERT_FILE", &config.tls_cert_file),
        ("TLS_KEY_FILE", &config.tls_key_file),
        ("TLS_CLIENT_CA_FILE", &config.tls_client_ca_file),
    ];
    for (name, path) in files {
        if let Some(path) = path {
            std::fs::File::open(path)
                .map_err(|e| format!("cannot read {name} {}: {e}", path.display()))?;
        }
    }
    Ok(())
}

fn read(name: &str, path: &Path) -> Result<Vec<u8>, String> {
    fs::read(path).map_err(|e| format!("cannot read {name} {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    #[test]
    fn tls_files_come_in_pairs_and_must_be_readable() {
        let file = tempfile::NamedTempFile::new().expect("a file");
        let path = file.path().to_path_buf();
        let missing = PathBuf::from("/nonexistent/cert.pem");
        let with = |cert: Option<&PathBuf>, key: Option<&PathBuf>, ca: Option<&PathBuf>| {
            let mut config = Config::for_database("sqlite::memory:");
            config.tls_cert_file = cert.cloned();
            config.tls_key_file = key.cloned();
            config.tls_client_ca_file = ca.cloned();
            config.validate()
        };
        assert!(with(None, None, None).is_ok(), "plaintext");
        assert!(with(Some(&path), Some(&path), None).is_ok(), "TLS");
        assert!(
            with(Some(&path), Some(&path), Some(&path)).is_ok(),
            "mutual TLS"
        );
        let cases = [
            (with(Some(&path), None, None), "a certificate without a key"),
            (with(None, Some(&path), None), "a key without a certificate"),
            (with(None, None, Some(&path)), "a client CA without TLS"),
            (
                with(Some(&missing), Some(&path), None),
                "an unreadable certificate",
            ),
            (
                with(Some(&path), Some(&path), Some(&missing)),
                "an unreadable CA",
            ),
        ];
        for (result, case) in cases {
            let error = result.expect_err(case);
            assert!(error.contains("TLS_"), "{case}: {error}");
        }
    }
}
