//! Everything TLS: rustls with the `ring` provider, through futures-rustls.
//!
//! The provider is always passed explicitly, never installed process-wide:
//! with two rustls providers enabled in one program rustls has no default and
//! `ClientConfig::builder()` panics, and a library must keep working there.

use std::io;
use std::sync::{Arc, OnceLock};

use futures_rustls::{TlsAcceptor, TlsConnector};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName};
use rustls::server::danger::ClientCertVerifier;
use rustls::{ClientConfig, RootCertStore, ServerConfig};

use crate::error::{context, invalid_input};
use crate::runtime::TcpStream;
use crate::tls_errors::{self, Side};

pub(crate) use crate::tls_stream::TlsStream;

/// The crypto provider this crate uses everywhere: ring.
pub(crate) fn provider() -> Arc<CryptoProvider> {
    static PROVIDER: OnceLock<Arc<CryptoProvider>> = OnceLock::new();
    PROVIDER
        .get_or_init(|| Arc::new(rustls::crypto::ring::default_provider()))
        .clone()
}

/// The client configuration trusting the system's roots, loaded once per
/// process: reading the store costs milliseconds, far more than a dial.
pub(crate) fn system_client_config() -> io::Result<Arc<ClientConfig>> {
    static CONFIG: OnceLock<Result<Arc<ClientConfig>, String>> = OnceLock::new();
    CONFIG
        .get_or_init(|| {
            let roots = system_roots()?;
            client_config(roots).map_err(|e| e.to_string())
        })
        .clone()
        .map_err(|message| io::Error::new(io::ErrorKind::NotFound, message))
}

/// A client configuration trusting `roots`, on this crate's provider.
pub(crate) fn client_config(roots: RootCertStore) -> io::Result<Arc<ClientConfig>> {
    let config = ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .map_err(tls_error)?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(Arc::new(config))
}

pub(crate) fn system_roots() -> Result<RootCertStore, String> {
    let mut roots = RootCertStore::empty();
    let found = rustls_native_certs::load_native_certs();
    let (added, _ignored) = roots.add_parsable_certificates(found.certs);
    if added == 0 {
        add_bundled_roots(&mut roots);
    }
    if roots.is_empty() {
        let errors: Vec<String> = found.errors.iter().map(ToString::to_string).collect();
        return Err(format!(
            "no trusted root certificates found in the system store{}; \
             install the system's CA certificates or pass DialOptions::tls_config",
            if errors.is_empty() {
                String::new()
            } else {
                format!(" ({})", errors.join("; "))
            }
        ));
    }
    Ok(roots)
}

#[cfg(feature = "webpki-roots")]
fn add_bundled_roots(roots: &mut RootCertStore) {
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
}

#[cfg(not(feature = "webpki-roots"))]
fn add_bundled_roots(_roots: &mut RootCertStore) {}

/// Runs the client handshake; SNI and the certificate check use `name`.
pub(crate) async fn connect(
    config: Arc<ClientConfig>,
    name: ServerName<'static>,
    tcp: TcpStream,
) -> io::Result<TlsStream> {
    let stream = TlsConnector::from(config)
        .connect(name, tcp)
        .await
        .map_err(|e| tls_errors::explain(e, Side::Client))?;
    Ok(stream.into())
}

/// Runs the server handshake.
pub(crate) async fn accept(config: Arc<ServerConfig>, tcp: TcpStream) -> io::Result<TlsStream> {
    let stream = TlsAcceptor::from(config)
        .accept(tcp)
        .await
        .map_err(|e| tls_errors::explain(e, Side::Server))?;
    Ok(stream.into())
}

/// Builds a server configuration from a PEM certificate chain and key,
/// verifying client certificates with `client_auth` when given.
pub(crate) fn server_config_from_pem(
    cert_chain_pem: &[u8],
    key_pem: &[u8],
    client_auth: Option<Arc<dyn ClientCertVerifier>>,
) -> io::Result<Arc<ServerConfig>> {
    let chain = CertificateDer::pem_slice_iter(cert_chain_pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| invalid_input(format!("invalid certificate chain PEM: {e}")))?;
    if chain.is_empty() {
        return Err(invalid_input(
            "the certificate chain PEM holds no certificate",
        ));
    }
    let key = PrivateKeyDer::from_pem_slice(key_pem)
        .map_err(|e| invalid_input(format!("invalid private key PEM: {e}")))?;
    let builder = ServerConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .map_err(tls_error)?;
    let builder = match client_auth {
        None => builder.with_no_client_auth(),
        Some(verifier) => builder.with_client_cert_verifier(verifier),
    };
    let config = builder.with_single_cert(chain, key).map_err(|e| {
        context(
            tls_errors::config_error(e),
            "the certificate and key do not make a server",
        )
    })?;
    Ok(Arc::new(config))
}

/// A rustls error as an `InvalidInput` io::Error with the error as source.
fn tls_error(error: rustls::Error) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, error)
}
