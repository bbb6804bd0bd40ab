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

fn read(name: &str, path: &Path) -> Result<Vec<u8>, String> {
    fs::read(path).map_err(|e| format!("cannot read {name} {}: {e}", path.display()))
}
