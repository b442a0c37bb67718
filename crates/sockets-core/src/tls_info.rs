//! What a TLS handshake negotiated, read back on a [`Socket`] or either
//! of its halves (accessors generated once by [`tls_part!`]).
//!
//! Captured once when the socket is made, so the answers stay valid after
//! `close()` and cost no lock or syscall.

use std::sync::Arc;

use rustls::pki_types::CertificateDer;
use rustls::ProtocolVersion;

use crate::socket::Socket;
use crate::transport::Transport;

/// The negotiated parameters of one TLS session.
#[derive(Debug)]
pub(crate) struct TlsInfo {
    alpn_protocol: Option<Vec<u8>>,
    version: Option<ProtocolVersion>,
    peer_certificates: Option<Vec<CertificateDer<'static>>>,
    server_name: Option<String>,
}

impl TlsInfo {
    /// The session of `transport`, `None` for plain TCP. A server reads the
    /// SNI name from the session; a client's verified name is added by
    /// [`Socket::with_verified_name`] (rustls does not keep it).
    pub(crate) fn of(transport: &Transport) -> Option<Arc<TlsInfo>> {
        let Transport::Tls(stream) = transport else {
            return None;
        };
        let (_, state) = stream.get_ref();
        let server_name = stream.sni().map(str::to_owned);
        Some(Arc::new(TlsInfo {
            alpn_protocol: state.alpn_protocol().map(<[u8]>::to_vec),
            version: state.protocol_version(),
            peer_certificates: state
                .peer_certificates()
                .map(|certs| certs.iter().map(|c| c.clone().into_owned()).collect()),
            server_name,
        }))
    }
}

impl Socket {
    /// Records the name a client's handshake verified (no-op on plain TCP).
    pub(crate) fn with_verified_name(mut self, name: &str) -> Socket {
        if let Some(info) = self.info.tls_info.as_mut().and_then(Arc::get_mut) {
            info.server_name = Some(name.to_owned());
        }
        self
    }
}

impl TlsInfo {
    pub(crate) fn alpn_protocol(&self) -> Option<&[u8]> {
        self.alpn_protocol.as_deref()
    }

    pub(crate) fn version(&self) -> Option<ProtocolVersion> {
        self.version
    }

    pub(crate) fn peer_certificates(&self) -> Option<&[CertificateDer<'static>]> {
        self.peer_certificates.as_deref()
    }

    pub(crate) fn server_name(&self) -> Option<&str> {
        self.server_name.as_deref()
    }
}

/// Generates the TLS session accessors of `$type`, whose `info` field is a
/// `SocketInfo`. In the examples `$open` dials a TLS echo server and binds
/// `$s`.
macro_rules! tls_part {
    ($type:ident, open = $open:literal, this = $s:ident) => {
        impl $type {
            /// The ALPN protocol (RFC 7301) both sides agreed on, such as
            /// `b"http/1.1"`; `None` on plain TCP or when none was negotiated.
            /// A server's handler reads it on `conn.stream` to pick the protocol.
            ///
            /// # Examples
            /// ```
            /// # async_std::task::block_on(async {
            /// # let id = rcgen::generate_simple_self_signed(["localhost".to_owned()]).expect("certificate");
            /// # let (port, options, _server) = sockets_core::__doc::tls_echo_peer(id.cert.pem(), id.signing_key.serialize_pem()).await?;
            /// // options: DialOptions::default().ca_pem(..).server_name("localhost").alpn(["echo/1"])
            #[doc = $open]
            #[doc = concat!("assert_eq!(", stringify!($s), ".alpn_protocol(), Some(&b\"echo/1\"[..]));")]
            /// # std::io::Result::Ok(()) }).unwrap();
            /// ```
            pub fn alpn_protocol(&self) -> Option<&[u8]> {
                self.info.tls_info.as_ref()?.alpn_protocol()
            }

            /// The TLS version in use (`TLSv1_3` or `TLSv1_2`); `None` on plain TCP.
            ///
            /// # Examples
            /// ```
            /// # async_std::task::block_on(async {
            /// # let id = rcgen::generate_simple_self_signed(["localhost".to_owned()]).expect("certificate");
            /// # let (port, options, _server) = sockets_core::__doc::tls_echo_peer(id.cert.pem(), id.signing_key.serialize_pem()).await?;
            /// use sockets_core::rustls::ProtocolVersion;
            #[doc = $open]
            #[doc = concat!("assert_eq!(", stringify!($s), ".tls_version(), Some(ProtocolVersion::TLSv1_3));")]
            /// # std::io::Result::Ok(()) }).unwrap();
            /// ```
            pub fn tls_version(&self) -> Option<$crate::rustls::ProtocolVersion> {
                self.info.tls_info.as_ref()?.version()
            }

            /// The certificate chain the peer presented, leaf first, DER-encoded:
            /// on a client the server's chain, on a server the client's (with
            /// [`ServeOptions::client_auth`](crate::ServeOptions::client_auth)).
            /// `None` on plain TCP or when the peer sent none.
            ///
            /// # Examples
            /// ```
            /// # async_std::task::block_on(async {
            /// # let id = rcgen::generate_simple_self_signed(["localhost".to_owned()]).expect("certificate");
            /// # let (port, options, _server) = sockets_core::__doc::tls_echo_peer(id.cert.pem(), id.signing_key.serialize_pem()).await?;
            #[doc = $open]
            #[doc = concat!("assert_eq!(", stringify!($s), ".peer_certificates().map(<[_]>::len), Some(1));")]
            /// # std::io::Result::Ok(()) }).unwrap();
            /// ```
            pub fn peer_certificates(&self) -> Option<&[$crate::rustls::pki_types::CertificateDer<'static>]> {
                self.info.tls_info.as_ref()?.peer_certificates()
            }

            /// On a server, the name the client asked for with SNI (RFC 6066; none
            /// when it dialed an IP address); on a client, the name the
            /// certificate was verified against. `None` on plain TCP.
            ///
            /// # Examples
            /// ```
            /// # async_std::task::block_on(async {
            /// # let id = rcgen::generate_simple_self_signed(["localhost".to_owned()]).expect("certificate");
            /// # let (port, options, _server) = sockets_core::__doc::tls_echo_peer(id.cert.pem(), id.signing_key.serialize_pem()).await?;
            #[doc = $open]
            #[doc = concat!("assert_eq!(", stringify!($s), ".server_name(), Some(\"localhost\"));")]
            /// # std::io::Result::Ok(()) }).unwrap();
            /// ```
            pub fn server_name(&self) -> Option<&str> {
                self.info.tls_info.as_ref()?.server_name()
            }
        }
    };
}

pub(crate) use tls_part;
