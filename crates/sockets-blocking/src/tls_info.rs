//! What a TLS handshake negotiated, read back on a blocking [`Socket`] or
//! either of its halves.

use sockets_core::rustls::pki_types::CertificateDer;
use sockets_core::rustls::ProtocolVersion;

use crate::socket::Socket;
use crate::split::{ReadHalf, WriteHalf};

impl Socket {
    /// The ALPN protocol both sides agreed on; `None` on plain TCP or when
    /// none was negotiated. As [`sockets_core::Socket::alpn_protocol`].
    ///
    /// # Examples
    /// ```
    /// # let id = rcgen::generate_simple_self_signed(["localhost".to_owned()]).expect("certificate");
    /// # let (cert_pem, key_pem) = (id.cert.pem(), id.signing_key.serialize_pem());
    /// use sockets_blocking::{dial, serve_with, DialOptions, ServeOptions};
    /// let options = ServeOptions::default().tls(cert_pem.clone(), key_pem).alpn(["http/1.1"]);
    /// let server = serve_with("127.0.0.1", 0, options, |mut conn| {
    ///     let alpn = conn.stream.alpn_protocol().unwrap_or_default().to_vec();
    ///     conn.stream.write(&alpn)?;
    ///     conn.stream.close() // TLS close_notify: a clean end of stream
    /// })?;
    /// let options = DialOptions::default().ca_pem(cert_pem).server_name("localhost").alpn(["h2", "http/1.1"]);
    /// let mut socket = dial("127.0.0.1", server.local_addr().port(), options)?;
    /// assert_eq!(socket.alpn_protocol(), Some(&b"http/1.1"[..]));
    /// assert_eq!(socket.read_all()?, b"http/1.1");
    /// server.close()?;
    /// # std::io::Result::Ok(())
    /// ```
    pub fn alpn_protocol(&self) -> Option<&[u8]> {
        self.inner.alpn_protocol()
    }

    /// The TLS version in use; `None` on plain TCP. As
    /// [`sockets_core::Socket::tls_version`].
    ///
    /// # Examples
    /// ```
    /// # let id = rcgen::generate_simple_self_signed(["localhost".to_owned()]).expect("certificate");
    /// # let (cert_pem, key_pem) = (id.cert.pem(), id.signing_key.serialize_pem());
    /// use sockets_blocking::{dial, serve_with, DialOptions, ServeOptions};
    /// use sockets_core::rustls::ProtocolVersion;
    /// let options = ServeOptions::default().tls(cert_pem.clone(), key_pem);
    /// let server = serve_with("127.0.0.1", 0, options, |_conn| Ok(()))?;
    /// let options = DialOptions::default().ca_pem(cert_pem).server_name("localhost");
    /// let socket = dial("127.0.0.1", server.local_addr().port(), options)?;
    /// assert_eq!(socket.tls_version(), Some(ProtocolVersion::TLSv1_3));
    /// server.close()?;
    /// # std::io::Result::Ok(())
    /// ```
    pub fn tls_version(&self) -> Option<ProtocolVersion> {
        self.inner.tls_version()
    }

    /// The certificate chain the peer presented, leaf first; `None` on
    /// plain TCP or when the peer sent none. As
    /// [`sockets_core::Socket::peer_certificates`].
    ///
    /// # Examples
    /// ```
    /// # let id = rcgen::generate_simple_self_signed(["localhost".to_owned()]).expect("certificate");
    /// # let (cert_pem, key_pem) = (id.cert.pem(), id.signing_key.serialize_pem());
    /// use sockets_blocking::{dial, serve_with, DialOptions, ServeOptions};
    /// let options = ServeOptions::default().tls(cert_pem.clone(), key_pem);
    /// let server = serve_with("127.0.0.1", 0, options, |_conn| Ok(()))?;
    /// let options = DialOptions::default().ca_pem(cert_pem).server_name("localhost");
    /// let socket = dial("127.0.0.1", server.local_addr().port(), options)?;
    /// assert_eq!(socket.peer_certificates().map(<[_]>::len), Some(1));
    /// server.close()?;
    /// # std::io::Result::Ok(())
    /// ```
    pub fn peer_certificates(&self) -> Option<&[CertificateDer<'static>]> {
        self.inner.peer_certificates()
    }

    /// On a server the SNI name the client sent, on a client the name the
    /// certificate was verified against; `None` on plain TCP. As
    /// [`sockets_core::Socket::server_name`].
    ///
    /// # Examples
    /// ```
    /// # let id = rcgen::generate_simple_self_signed(["localhost".to_owned()]).expect("certificate");
    /// # let (cert_pem, key_pem) = (id.cert.pem(), id.signing_key.serialize_pem());
    /// use sockets_blocking::{dial, serve_with, DialOptions, ServeOptions};
    /// let options = ServeOptions::default().tls(cert_pem.clone(), key_pem);
    /// let server = serve_with("127.0.0.1", 0, options, |mut conn| {
    ///     let sni = conn.stream.server_name().unwrap_or("none").to_owned();
    ///     conn.stream.writeln(&sni)
    /// })?;
    /// let options = DialOptions::default().ca_pem(cert_pem).server_name("localhost");
    /// let mut socket = dial("127.0.0.1", server.local_addr().port(), options)?;
    /// assert_eq!(socket.server_name(), Some("localhost"));
    /// assert_eq!(socket.read_line()?.as_deref(), Some("localhost"));
    /// server.close()?;
    /// # std::io::Result::Ok(())
    /// ```
    pub fn server_name(&self) -> Option<&str> {
        self.inner.server_name()
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
            /// # let id = rcgen::generate_simple_self_signed(["localhost".to_owned()]).expect("certificate");
            /// # let (cert_pem, key_pem) = (id.cert.pem(), id.signing_key.serialize_pem());
            /// use sockets_blocking::{dial, serve_with, DialOptions, ServeOptions};
            /// let options = ServeOptions::default().tls(cert_pem.clone(), key_pem).alpn(["echo/1"]);
            /// let server = serve_with("127.0.0.1", 0, options, |_conn| Ok(()))?;
            /// let options = DialOptions::default().ca_pem(cert_pem).server_name("localhost").alpn(["echo/1"]);
            /// let halves = dial("127.0.0.1", server.local_addr().port(), options)?.split();
            #[doc = concat!("let half = &halves.", stringify!($index), ";")]
            /// assert_eq!(half.alpn_protocol(), Some(&b"echo/1"[..]));
            /// assert!(half.tls_version().is_some());
            /// assert!(half.peer_certificates().is_some());
            /// assert_eq!(half.server_name(), Some("localhost"));
            /// server.close()?;
            /// # std::io::Result::Ok(())
            /// ```
            pub fn alpn_protocol(&self) -> Option<&[u8]> {
                self.inner.alpn_protocol()
            }

            /// As [`Socket::tls_version`]: the TLS version in use.
            ///
            /// # Examples
            /// ```
            /// # let port = sockets_blocking::__doc::echo_peer()?;
            /// use sockets_blocking::{dial, DialOptions};
            /// let halves = dial("127.0.0.1", port, DialOptions::default())?.split();
            #[doc = concat!("assert_eq!(halves.", stringify!($index), ".tls_version(), None); // plain TCP")]
            /// # std::io::Result::Ok(())
            /// ```
            pub fn tls_version(&self) -> Option<ProtocolVersion> {
                self.inner.tls_version()
            }

            /// As [`Socket::peer_certificates`]: the peer's chain, leaf first.
            ///
            /// # Examples
            /// ```
            /// # let port = sockets_blocking::__doc::echo_peer()?;
            /// use sockets_blocking::{dial, DialOptions};
            /// let halves = dial("127.0.0.1", port, DialOptions::default())?.split();
            #[doc = concat!("assert!(halves.", stringify!($index), ".peer_certificates().is_none()); // plain TCP")]
            /// # std::io::Result::Ok(())
            /// ```
            pub fn peer_certificates(&self) -> Option<&[CertificateDer<'static>]> {
                self.inner.peer_certificates()
            }

            /// As [`Socket::server_name`]: the SNI name (server) or the
            /// verified name (client).
            ///
            /// # Examples
            /// ```
            /// # let port = sockets_blocking::__doc::echo_peer()?;
            /// use sockets_blocking::{dial, DialOptions};
            /// let halves = dial("127.0.0.1", port, DialOptions::default())?.split();
            #[doc = concat!("assert_eq!(halves.", stringify!($index), ".server_name(), None); // plain TCP")]
            /// # std::io::Result::Ok(())
            /// ```
            pub fn server_name(&self) -> Option<&str> {
                self.inner.server_name()
            }
        }
    };
}

half_accessors!(ReadHalf, 0);
half_accessors!(WriteHalf, 1);

/// Whether `$type` runs TLS, written once for the socket and both halves.
/// In the example `$open` dials and binds `$s`.
macro_rules! is_tls_method {
    ($type:ident, open = $open:literal, this = $s:ident) => {
        impl $type {
            /// Whether the connection runs TLS.
            #[doc = concat!("As [`sockets_core::", stringify!($type), "::is_tls`].")]
            ///
            /// # Examples
            /// ```
            /// # let port = sockets_blocking::__doc::echo_peer()?; // echoes until we half-close
            /// use sockets_blocking::{dial, DialOptions};
            #[doc = $open]
            #[doc = concat!("assert!(!", stringify!($s), ".is_tls()); // plain TCP")]
            /// # std::io::Result::Ok(())
            /// ```
            pub fn is_tls(&self) -> bool {
                self.inner.is_tls()
            }
        }
    };
}

is_tls_method!(
    Socket,
    open = "let socket = dial(\"127.0.0.1\", port, DialOptions::default())?;",
    this = socket
);
is_tls_method!(
    ReadHalf,
    open = "let (reader, _writer) = dial(\"127.0.0.1\", port, DialOptions::default())?.split();",
    this = reader
);
is_tls_method!(
    WriteHalf,
    open = "let (_reader, writer) = dial(\"127.0.0.1\", port, DialOptions::default())?.split();",
    this = writer
);
