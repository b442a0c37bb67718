//! The common TLS options (ALPN, private roots, client certificates, the
//! name to verify) on [`DialOptions`] and [`ServeOptions`], and the rustls
//! configurations built from them at `dial`/`serve` time.
//!
//! They are an alternative to a hand-built `tls_config(...)`: combining the
//! two is an `InvalidInput` error naming the option, never a silent choice.

use std::fmt;
use std::io;
use std::sync::{Arc, OnceLock};

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::server::WebPkiClientVerifier;
use rustls::{ClientConfig, RootCertStore, ServerConfig};

use crate::error::{context, invalid_input};
use crate::options::DialOptions;
use crate::serve_options::{ServeOptions, ServerTls};
use crate::tls;
use crate::tls_errors;

/// The client's TLS options, besides `tls_config`.
#[derive(Clone, Default)]
pub(crate) struct ClientTlsOptions {
    alpn: Option<Vec<Vec<u8>>>,
    ca_pem: Option<Vec<u8>>,
    client_cert: Option<(Vec<u8>, Vec<u8>)>,
    server_name: Option<String>,
}

/// The server's TLS options, besides its identity.
#[derive(Clone, Default)]
pub(crate) struct ServerTlsOptions {
    alpn: Option<Vec<Vec<u8>>>,
    client_auth_ca_pem: Option<Vec<u8>>,
}

/// ALPN protocols as text where they are text, for Debug output.
fn protocol_names(protocols: &Option<Vec<Vec<u8>>>) -> Option<Vec<String>> {
    protocols.as_ref().map(|list| {
        list.iter()
            .map(|p| String::from_utf8_lossy(p).into_owned())
            .collect()
    })
}

// Debug says which options are set, never the PEM: a private key must not
// reach a log line.
impl fmt::Debug for ClientTlsOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientTlsOptions")
            .field("alpn", &protocol_names(&self.alpn))
            .field("ca_pem", &self.ca_pem.is_some())
            .field("client_cert", &self.client_cert.is_some())
            .field("server_name", &self.server_name)
            .finish()
    }
}

impl fmt::Debug for ServerTlsOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServerTlsOptions")
            .field("alpn", &protocol_names(&self.alpn))
            .field("client_auth", &self.client_auth_ca_pem.is_some())
            .finish()
    }
}

fn protocol_list(protocols: impl IntoIterator<Item = impl AsRef<[u8]>>) -> Vec<Vec<u8>> {
    protocols.into_iter().map(|p| p.as_ref().to_vec()).collect()
}

impl DialOptions {
    /// Offers these ALPN protocols (RFC 7301), most preferred first, and
    /// turns TLS on; read the server's choice with
    /// [`Socket::alpn_protocol`](crate::Socket::alpn_protocol).
    ///
    /// # Examples
    /// ```
    /// use sockets_core::DialOptions;
    /// let options = DialOptions::default().alpn(["h2", "http/1.1"]);
    /// assert!(options.is_tls());
    /// assert!(format!("{options:?}").contains(r#"alpn: Some(["h2", "http/1.1"])"#));
    /// ```
    #[must_use]
    pub fn alpn(mut self, protocols: impl IntoIterator<Item = impl AsRef<[u8]>>) -> Self {
        self.tls = true;
        self.tls_options.alpn = Some(protocol_list(protocols));
        self
    }

    /// Trusts exactly the CA certificates in this PEM instead of the
    /// system's store (a private CA), and turns TLS on. Bad PEM makes
    /// `dial` fail with `InvalidInput` naming this option.
    ///
    /// # Examples
    /// ```
    /// # async_std::task::block_on(async {
    /// use sockets_core::{dial, DialOptions};
    /// let options = DialOptions::default().ca_pem("not PEM");
    /// assert!(options.is_tls());
    /// let e = dial("127.0.0.1", 1, options).await.unwrap_err();
    /// assert_eq!(e.kind(), std::io::ErrorKind::InvalidInput);
    /// assert!(e.to_string().contains("ca_pem"), "{e}");
    /// # std::io::Result::Ok(()) }).unwrap();
    /// ```
    #[must_use]
    pub fn ca_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.tls = true;
        self.tls_options.ca_pem = Some(pem.into());
        self
    }

    /// Presents this certificate chain (PEM, leaf first) and private key
    /// (PEM: PKCS#8, PKCS#1 or SEC1) when the server asks for one: mutual
    /// TLS. Turns TLS on. Bad PEM makes `dial` fail with `InvalidInput`.
    ///
    /// # Examples
    /// ```
    /// use sockets_core::DialOptions;
    /// # let key = rcgen::KeyPair::generate().expect("key");
    /// # let cert = rcgen::CertificateParams::new(vec!["client".into()]).expect("name").self_signed(&key).expect("cert");
    /// # let (cert_pem, key_pem) = (cert.pem(), key.serialize_pem());
    /// let options = DialOptions::default().client_cert(cert_pem, key_pem.clone());
    /// assert!(options.is_tls());
    /// assert!(!format!("{options:?}").contains(&key_pem[40..60])); // Debug never shows the key
    /// ```
    #[must_use]
    pub fn client_cert(
        mut self,
        cert_chain_pem: impl Into<Vec<u8>>,
        key_pem: impl Into<Vec<u8>>,
    ) -> Self {
        self.tls = true;
        self.tls_options.client_cert = Some((cert_chain_pem.into(), key_pem.into()));
        self
    }

    /// Sends this name as SNI and verifies the certificate against it
    /// instead of the host given to `dial`: for dialing an IP address or an
    /// alias. Turns TLS on; works with `tls_config` too.
    ///
    /// # Examples
    /// ```
    /// use sockets_core::DialOptions;
    /// let options = DialOptions::default().server_name("localhost");
    /// assert!(options.is_tls());
    /// ```
    #[must_use]
    pub fn server_name(mut self, name: impl Into<String>) -> Self {
        self.tls = true;
        self.tls_options.server_name = Some(name.into());
        self
    }

    /// The name to send as SNI and verify: `server_name` or the host.
    pub(crate) fn tls_name<'a>(&'a self, host: &'a str) -> &'a str {
        self.tls_options.server_name.as_deref().unwrap_or(host)
    }

    /// The client configuration these options ask for.
    pub(crate) fn client_config(&self) -> io::Result<Arc<ClientConfig>> {
        let options = &self.tls_options;
        if let Some(config) = &self.tls_config {
            let conflict = [
                ("alpn", options.alpn.is_some()),
                ("ca_pem", options.ca_pem.is_some()),
                ("client_cert", options.client_cert.is_some()),
            ];
            return match conflict.iter().find(|(_, set)| *set) {
                Some((name, _)) => Err(conflicts("DialOptions", name)),
                None => Ok(config.clone()),
            };
        }
        if options.ca_pem.is_none() && options.client_cert.is_none() && options.alpn.is_none() {
            return tls::system_client_config();
        }
        let roots = match &options.ca_pem {
            Some(pem) => Arc::new(root_store("DialOptions::ca_pem", pem)?),
            None => system_roots()?,
        };
        let builder = ClientConfig::builder_with_provider(tls::provider())
            .with_safe_default_protocol_versions()
            .map_err(|e| invalid_input(format!("no TLS protocol version to offer: {e}")))?
            .with_root_certificates(roots);
        let mut config = match &options.client_cert {
            None => builder.with_no_client_auth(),
            Some((chain, key)) => {
                let what = "DialOptions::client_cert";
                builder
                    .with_client_auth_cert(certs(what, chain)?, private_key(what, key)?)
                    .map_err(|e| {
                        let words = tls_errors::config_error(e);
                        context(words, format!("{what}: the certificate and key do not fit"))
                    })?
            }
        };
        config.alpn_protocols = options.alpn.clone().unwrap_or_default();
        Ok(Arc::new(config))
    }
}

impl ServeOptions {
    /// Accepts these ALPN protocols (RFC 7301), in the server's order of
    /// preference; a client offering none of them fails its handshake
    /// (rustls sends `no_application_protocol`). Read the choice with
    /// [`Socket::alpn_protocol`](crate::Socket::alpn_protocol).
    ///
    /// # Examples
    /// ```
    /// use sockets_core::ServeOptions;
    /// let options = ServeOptions::default().alpn(["h2", "http/1.1"]);
    /// assert!(format!("{options:?}").contains("alpn"));
    /// ```
    #[must_use]
    pub fn alpn(mut self, protocols: impl IntoIterator<Item = impl AsRef<[u8]>>) -> Self {
        self.tls_options.alpn = Some(protocol_list(protocols));
        self
    }

    /// Requires every client to present a certificate signed by one of the
    /// CA certificates in this PEM (mutual TLS). A client without one fails
    /// its handshake and is counted in
    /// [`ServerStats::tls_failures`](crate::ServerStats::tls_failures); the
    /// handler sees the chain in
    /// [`Socket::peer_certificates`](crate::Socket::peer_certificates).
    /// Needs [`tls`](Self::tls); bad PEM makes `serve` fail with
    /// `InvalidInput` naming this option.
    ///
    /// # Examples
    /// ```
    /// # async_std::task::block_on(async {
    /// use sockets_core::{serve_with, ServeOptions};
    /// let options = ServeOptions::default().client_auth("not PEM");
    /// let e = serve_with("127.0.0.1", 0, options, |_conn| async { Ok(()) }).await.unwrap_err();
    /// assert_eq!(e.kind(), std::io::ErrorKind::InvalidInput);
    /// assert!(e.to_string().contains("client_auth"), "{e}");
    /// # std::io::Result::Ok(()) }).unwrap();
    /// ```
    #[must_use]
    pub fn client_auth(mut self, ca_pem: impl Into<Vec<u8>>) -> Self {
        self.tls_options.client_auth_ca_pem = Some(ca_pem.into());
        self
    }

    /// The server configuration these options ask for; `None` for plain TCP.
    pub(crate) fn server_config(&self) -> io::Result<Option<Arc<ServerConfig>>> {
        let options = &self.tls_options;
        let (chain, key) = match &self.tls {
            Some(ServerTls::Config(config)) => {
                let conflict = [
                    ("alpn", options.alpn.is_some()),
                    ("client_auth", options.client_auth_ca_pem.is_some()),
                ];
                return match conflict.iter().find(|(_, set)| *set) {
                    Some((name, _)) => Err(conflicts("ServeOptions", name)),
                    None => Ok(Some(config.clone())),
                };
            }
            Some(ServerTls::Pem { cert_chain, key }) => (cert_chain, key),
            None if options.client_auth_ca_pem.is_some() => {
                return Err(needs_identity("client_auth"))
            }
            None if options.alpn.is_some() => return Err(needs_identity("alpn")),
            None => return Ok(None),
        };
        let verifier = match &options.client_auth_ca_pem {
            None => None,
            Some(pem) => {
                let what = "ServeOptions::client_auth";
                let roots = Arc::new(root_store(what, pem)?);
                let verifier = WebPkiClientVerifier::builder_with_provider(roots, tls::provider())
                    .build()
                    .map_err(|e| invalid_input(format!("{what}: {e}")))?;
                Some(verifier)
            }
        };
        let mut config = tls::server_config_from_pem(chain, key, verifier)
            .map_err(|e| context(e, "ServeOptions::tls"))?;
        if let Some(alpn) = &options.alpn {
            Arc::make_mut(&mut config).alpn_protocols = alpn.clone();
        }
        Ok(Some(config))
    }
}

fn conflicts(options: &str, name: &str) -> io::Error {
    invalid_input(format!(
        "{options}::{name} conflicts with {options}::tls_config: \
         set it in the rustls configuration instead, or drop tls_config"
    ))
}

fn needs_identity(name: &str) -> io::Error {
    invalid_input(format!(
        "ServeOptions::{name} needs TLS: set ServeOptions::tls (certificate and key) too"
    ))
}

/// The system's roots, loaded once per process (it costs milliseconds).
fn system_roots() -> io::Result<Arc<RootCertStore>> {
    static ROOTS: OnceLock<Result<Arc<RootCertStore>, String>> = OnceLock::new();
    ROOTS
        .get_or_init(|| tls::system_roots().map(Arc::new))
        .clone()
        .map_err(|message| io::Error::new(io::ErrorKind::NotFound, message))
}

/// The certificates in `pem`, at least one; `what` names the option.
pub(crate) fn certs(what: &str, pem: &[u8]) -> io::Result<Vec<CertificateDer<'static>>> {
    let certs = CertificateDer::pem_slice_iter(pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| invalid_input(format!("{what}: invalid certificate PEM: {e}")))?;
    if certs.is_empty() {
        return Err(invalid_input(format!(
            "{what}: the PEM holds no certificate (expected -----BEGIN CERTIFICATE-----)"
        )));
    }
    Ok(certs)
}

/// The private key in `pem`; `what` names the option.
fn private_key(what: &str, pem: &[u8]) -> io::Result<PrivateKeyDer<'static>> {
    PrivateKeyDer::from_pem_slice(pem)
        .map_err(|e| invalid_input(format!("{what}: invalid private key PEM: {e}")))
}

/// A root store holding every certificate in `pem`.
fn root_store(what: &str, pem: &[u8]) -> io::Result<RootCertStore> {
    let mut roots = RootCertStore::empty();
    for cert in certs(what, pem)? {
        roots.add(cert).map_err(|e| {
            let words = tls_errors::config_error(e);
            context(words, format!("{what}: not a usable CA certificate"))
        })?;
    }
    Ok(roots)
}
