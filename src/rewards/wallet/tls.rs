//! TLS for an `https://` wallet: rustls with the ring provider. Trusted
//! roots are the public web roots (webpki-roots, built in, so no system
//! store is needed), or, with `WALLET_CA_FILE`, only the CAs in that PEM
//! file: a wallet behind a private CA is then trusted through that CA
//! alone, not through every public one.
use std::{path::Path, sync::Arc};

use rustls::{
    ClientConfig, RootCertStore,
    pki_types::{CertificateDer, pem::PemObject},
};

/// The client's TLS configuration, or why it cannot be built (a startup error).
pub fn client_config(ca_file: Option<&Path>) -> Result<ClientConfig, String> {
    let roots = match ca_file {
        Some(path) => private_roots(path)?,
        None => RootCertStore {
            roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
        },
    };
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    Ok(ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS for the wallet: {e}"))?
        .with_root_certificates(roots)
        .with_no_client_auth())
}

fn private_roots(path: &Path) -> Result<RootCertStore, String> {
    let unreadable = |e: &dyn std::fmt::Display| {
        format!(
            "WALLET_CA_FILE {}: not a readable PEM file of CA certificates: {e}",
            path.display()
        )
    };
    let certificates = CertificateDer::pem_file_iter(path)
        .map_err(|e| unreadable(&e))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| unreadable(&e))?;
    let mut roots = RootCertStore::empty();
    let (added, _ignored) = roots.add_parsable_certificates(certificates);
    if added == 0 {
        return Err(unreadable(&"it holds no usable certificate"));
    }
    Ok(roots)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_or_empty_ca_file_is_a_clear_error() {
        let dir = tempfile::tempdir().expect("dir");
        let missing = dir.path().join("missing.pem");
        let error = client_config(Some(&missing)).expect_err("missing");
        assert!(error.contains("WALLET_CA_FILE"), "{error}");
        let empty = dir.path().join("empty.pem");
        std::fs::write(&empty, "not a certificate\n").expect("write");
        let error = client_config(Some(&empty)).expect_err("empty");
        assert!(error.contains("no usable certificate"), "{error}");
        assert!(client_config(None).is_ok(), "the public roots");
    }
}
