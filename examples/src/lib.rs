//! Helpers shared by the example programs (the Rhai binding is the `sockets-rhai` crate).
#![doc(test(attr(deny(warnings))))]

pub mod cli;

/// `docs/guide.md`, whose every snippet `cargo test` compiles and runs.
#[cfg(doctest)]
#[doc = include_str!("../../docs/guide.md")]
pub struct Guide;

use std::io;
use std::sync::Arc;

use sockets_core::rustls;

/// A rustls client configuration trusting only the PEM certificates in
/// `ca_pem` (for private CAs and self-signed test servers).
///
/// # Errors
/// `InvalidInput` when `ca_pem` holds no valid certificate.
pub fn client_config_trusting(ca_pem: &[u8]) -> io::Result<Arc<rustls::ClientConfig>> {
    use rustls::pki_types::{pem::PemObject, CertificateDer};
    let mut roots = rustls::RootCertStore::empty();
    for cert in CertificateDer::pem_slice_iter(ca_pem) {
        let cert = cert
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, format!("bad CA PEM: {e}")))?;
        roots
            .add(cert)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
    }
    if roots.is_empty() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "the CA file holds no certificate",
        ));
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(io::Error::other)?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(Arc::new(config))
}
