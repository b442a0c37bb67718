//! What a TLS handshake negotiated, read back on a [`Socket`].
//!
//! Captured once when the socket is made, so the answers stay valid after
//! `close()` and cost no lock or syscall.

use std::sync::Arc;

use rustls::pki_types::CertificateDer;
use rustls::ProtocolVersion;

use crate::socket::Socket;
use crate::split::{ReadHalf, WriteHalf};
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
        if let Some(info) = self.tls_info.as_mut().and_then(Arc::get_mut) {
            info.server_name = Some(name.to_owned());
        }
        self
    }

    /// The ALPN protocol (RFC 7301) both sides agreed on, such as
    /// `b"http/1.1"`; `None` on plain TCP or when none was negotiated.
    ///
    /// # Examples
    /// ```
    /// # async_std::task::block_on(async {
    /// # let id = rcgen::generate_simple_self_signed(["localhost".to_owned()]).expect("certificate");
    /// # let (cert_pem, key_pem) = (id.cert.pem(), id.signing_key.serialize_pem());
    /// use sockets_core::{dial, serve_with, DialOptions, ServeOptions};
    /// let options = ServeOptions::default().tls(cert_pem.clone(), key_pem).alpn(["http/1.1"]);
    /// let server = serve_with("127.0.0.1", 0, options, |mut conn| async move {
    ///     let alpn = conn.stream.alpn_protocol().unwrap_or_default().to_vec();
    ///     conn.stream.write(&alpn).await?;
    ///     conn.stream.close().await // TLS close_notify: a clean end of stream
    /// })
    /// .await?;
    /// let options = DialOptions::default().ca_pem(cert_pem.clone()).server_name("localhost").alpn(["h2", "http/1.1"]);
    /// let mut socket = dial("127.0.0.1", server.local_addr().port(), options).await?;
    /// assert_eq!(socket.alpn_protocol(), Some(&b"http/1.1"[..]));
    /// assert_eq!(socket.read_all().await?, b"http/1.1");
    /// server.close().await?;
    /// # std::io::Result::Ok(()) }).unwrap();
    /// ```
    pub fn alpn_protocol(&self) -> Option<&[u8]> {
        self.tls_info.as_ref()?.alpn_protocol.as_deref()
    }

    /// The TLS version in use (`TLSv1_3` or `TLSv1_2`); `None` on plain TCP.
    ///
    /// # Examples
    /// ```
    /// # async_std::task::block_on(async {
    /// # let id = rcgen::generate_simple_self_signed(["localhost".to_owned()]).expect("certificate");
    /// # let (cert_pem, key_pem) = (id.cert.pem(), id.signing_key.serialize_pem());
    /// use sockets_core::{dial, rustls::ProtocolVersion, serve_with, DialOptions, ServeOptions};
    /// let options = ServeOptions::default().tls(cert_pem.clone(), key_pem);
    /// let server = serve_with("127.0.0.1", 0, options, |_conn| async { Ok(()) }).await?;
    /// let options = DialOptions::default().ca_pem(cert_pem.clone()).server_name("localhost");
    /// let socket = dial("127.0.0.1", server.local_addr().port(), options).await?;
    /// assert_eq!(socket.tls_version(), Some(ProtocolVersion::TLSv1_3));
    /// server.close().await?;
    /// # std::io::Result::Ok(()) }).unwrap();
    /// ```
    pub fn tls_version(&self) -> Option<ProtocolVersion> {
        self.tls_info.as_ref()?.version
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
    /// # let (cert_pem, key_pem) = (id.cert.pem(), id.signing_key.serialize_pem());
    /// use sockets_core::{dial, serve_with, DialOptions, ServeOptions};
    /// let options = ServeOptions::default().tls(cert_pem.clone(), key_pem);
    /// let server = serve_with("127.0.0.1", 0, options, |mut conn| async move {
    ///     assert!(conn.stream.peer_certificates().is_none()); // no client auth asked
    ///     Ok(())
    /// })
    /// .await?;
    /// let options = DialOptions::default().ca_pem(cert_pem.clone()).server_name("localhost");
    /// let socket = dial("127.0.0.1", server.local_addr().port(), options).await?;
    /// assert_eq!(socket.peer_certificates().map(<[_]>::len), Some(1));
    /// server.close().await?;
    /// # std::io::Result::Ok(()) }).unwrap();
    /// ```
    pub fn peer_certificates(&self) -> Option<&[CertificateDer<'static>]> {
        self.tls_info.as_ref()?.peer_certificates.as_deref()
    }

    /// On a server, the name the client asked for with SNI (RFC 6066; none
    /// when it dialed an IP address); on a client, the name the
    /// certificate was verified against. `None` on plain TCP.
    ///
    /// # Examples
    /// ```
    /// # async_std::task::block_on(async {
    /// # let id = rcgen::generate_simple_self_signed(["localhost".to_owned()]).expect("certificate");
    /// # let (cert_pem, key_pem) = (id.cert.pem(), id.signing_key.serialize_pem());
    /// use sockets_core::{dial, serve_with, DialOptions, ServeOptions};
    /// let options = ServeOptions::default().tls(cert_pem.clone(), key_pem);
    /// let server = serve_with("127.0.0.1", 0, options, |mut conn| async move {
    ///     let sni = conn.stream.server_name().unwrap_or("none").to_owned();
    ///     conn.stream.writeln(&sni).await
    /// })
    /// .await?;
    /// let options = DialOptions::default().ca_pem(cert_pem.clone()).server_name("localhost");
    /// let mut socket = dial("127.0.0.1", server.local_addr().port(), options).await?;
    /// assert_eq!(socket.server_name(), Some("localhost"));
    /// assert_eq!(socket.read_line().await?.as_deref(), Some("localhost"));
    /// server.close().await?;
    /// # std::io::Result::Ok(()) }).unwrap();
    /// ```
    pub fn server_name(&self) -> Option<&str> {
        self.tls_info.as_ref()?.server_name.as_deref()
    }
}

/// The TLS session accessors of a split half, the same as the socket's.
macro_rules! half_accessors {
    ($half:ident, $index:tt) => {
        impl $half {
            /// As [`Socket::alpn_protocol`]: the negotiated ALPN protocol.
            ///
            /// # Examples
            /// ```
            /// # async_std::task::block_on(async {
            /// # let id = rcgen::generate_simple_self_signed(["localhost".to_owned()]).expect("certificate");
            /// # let (cert_pem, key_pem) = (id.cert.pem(), id.signing_key.serialize_pem());
            /// use sockets_core::{dial, serve_with, DialOptions, ServeOptions};
            /// let options = ServeOptions::default().tls(cert_pem.clone(), key_pem).alpn(["echo/1"]);
            /// let server = serve_with("127.0.0.1", 0, options, |_conn| async { Ok(()) }).await?;
            /// let options = DialOptions::default().ca_pem(cert_pem).server_name("localhost").alpn(["echo/1"]);
            /// let halves = dial("127.0.0.1", server.local_addr().port(), options).await?.split();
            #[doc = concat!("let half = &halves.", stringify!($index), ";")]
            /// assert_eq!(half.alpn_protocol(), Some(&b"echo/1"[..]));
            /// assert!(half.tls_version().is_some());
            /// assert!(half.peer_certificates().is_some());
            /// assert_eq!(half.server_name(), Some("localhost"));
            /// server.close().await?;
            /// # std::io::Result::Ok(()) }).unwrap();
            /// ```
            pub fn alpn_protocol(&self) -> Option<&[u8]> {
                self.tls_info.as_ref()?.alpn_protocol.as_deref()
            }

            /// As [`Socket::tls_version`]: the TLS version in use.
            ///
            /// # Examples
            /// ```
            /// # async_std::task::block_on(async {
            /// # let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
            /// # let port = listener.local_addr()?.port();
            /// use sockets_core::{dial, DialOptions};
            /// let halves = dial("127.0.0.1", port, DialOptions::default()).await?.split();
            #[doc = concat!("assert_eq!(halves.", stringify!($index), ".tls_version(), None); // plain TCP")]
            /// # std::io::Result::Ok(()) }).unwrap();
            /// ```
            pub fn tls_version(&self) -> Option<ProtocolVersion> {
                self.tls_info.as_ref()?.version
            }

            /// As [`Socket::peer_certificates`]: the peer's chain, leaf first.
            ///
            /// # Examples
            /// ```
            /// # async_std::task::block_on(async {
            /// # let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
            /// # let port = listener.local_addr()?.port();
            /// use sockets_core::{dial, DialOptions};
            /// let halves = dial("127.0.0.1", port, DialOptions::default()).await?.split();
            #[doc = concat!("assert!(halves.", stringify!($index), ".peer_certificates().is_none()); // plain TCP")]
            /// # std::io::Result::Ok(()) }).unwrap();
            /// ```
            pub fn peer_certificates(&self) -> Option<&[CertificateDer<'static>]> {
                self.tls_info.as_ref()?.peer_certificates.as_deref()
            }

            /// As [`Socket::server_name`]: the SNI name (server) or the
            /// verified name (client).
            ///
            /// # Examples
            /// ```
            /// # async_std::task::block_on(async {
            /// # let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
            /// # let port = listener.local_addr()?.port();
            /// use sockets_core::{dial, DialOptions};
            /// let halves = dial("127.0.0.1", port, DialOptions::default()).await?.split();
            #[doc = concat!("assert_eq!(halves.", stringify!($index), ".server_name(), None); // plain TCP")]
            /// # std::io::Result::Ok(()) }).unwrap();
            /// ```
            pub fn server_name(&self) -> Option<&str> {
                self.tls_info.as_ref()?.server_name.as_deref()
            }
        }
    };
}

half_accessors!(ReadHalf, 0);
half_accessors!(WriteHalf, 1);
