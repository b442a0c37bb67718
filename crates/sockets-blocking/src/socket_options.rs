//! TCP and IP options of a live blocking [`Socket`] or either of its
//! halves, through socket2 (methods written once by `options_methods!`).

use std::io;
use std::time::Duration;

use crate::socket::Socket;
use crate::split::{ReadHalf, WriteHalf};

/// The socket option methods of `$type`, documented once for the socket and
/// both halves, which share one descriptor. In the examples `$open` dials
/// and binds `$s`.
macro_rules! options_methods {
    ($type:ident, open = $open:literal, this = $s:ident) => {
        impl $type {
            /// Sets `TCP_NODELAY`: with `true` small writes leave at once
            /// instead of waiting for the peer's acknowledgement (Nagle's
            /// algorithm, RFC 896).
            #[doc = concat!("As [`sockets_core::", stringify!($type), "::set_nodelay`].")]
            ///
            /// # Errors
            /// `NotConnected` after close; the system's error otherwise.
            ///
            /// # Examples
            /// ```
            /// # let port = sockets_blocking::__doc::echo_peer()?;
            /// use sockets_blocking::{dial, DialOptions};
            #[doc = $open]
            #[doc = concat!(stringify!($s), ".set_nodelay(false)?;")]
            #[doc = concat!("assert!(!", stringify!($s), ".nodelay()?);")]
            /// # std::io::Result::Ok(())
            /// ```
            pub fn set_nodelay(&self, nodelay: bool) -> io::Result<()> {
                self.inner.set_nodelay(nodelay)
            }

            /// Whether `TCP_NODELAY` is set.
            #[doc = concat!("As [`sockets_core::", stringify!($type), "::nodelay`].")]
            ///
            /// # Errors
            /// `NotConnected` after close; the system's error otherwise.
            ///
            /// # Examples
            /// ```
            /// # let port = sockets_blocking::__doc::echo_peer()?;
            /// use sockets_blocking::{dial, DialOptions};
            #[doc = $open]
            #[doc = concat!("assert!(", stringify!($s), ".nodelay()?); // the default")]
            /// # std::io::Result::Ok(())
            /// ```
            pub fn nodelay(&self) -> io::Result<bool> {
                self.inner.nodelay()
            }

            /// Turns TCP keepalive on with `idle` before the first probe, or
            /// off with `None`.
            #[doc = concat!("As [`sockets_core::", stringify!($type), "::set_keepalive`].")]
            ///
            /// # Errors
            /// `InvalidInput` for an idle time under 1 s; `NotConnected` after
            /// close; the system's error otherwise.
            ///
            /// # Examples
            /// ```
            /// # let port = sockets_blocking::__doc::echo_peer()?;
            /// use std::time::Duration;
            /// use sockets_blocking::{dial, DialOptions};
            #[doc = $open]
            #[doc = concat!(stringify!($s), ".set_keepalive(Some(Duration::from_secs(60)))?;")]
            #[doc = concat!(stringify!($s), ".set_keepalive(None)?; // off again")]
            /// # std::io::Result::Ok(())
            /// ```
            pub fn set_keepalive(&self, idle: Option<Duration>) -> io::Result<()> {
                self.inner.set_keepalive(idle)
            }

            /// Sets `SO_LINGER`: with `Some(t)` closing waits up to `t` for
            /// unsent data; `None` restores the system's default.
            #[doc = concat!("As [`sockets_core::", stringify!($type), "::set_linger`].")]
            ///
            /// # Errors
            /// `NotConnected` after close; the system's error otherwise.
            ///
            /// # Examples
            /// ```
            /// # let port = sockets_blocking::__doc::echo_peer()?;
            /// use std::time::Duration;
            /// use sockets_blocking::{dial, DialOptions};
            #[doc = $open]
            #[doc = concat!(stringify!($s), ".set_linger(Some(Duration::from_secs(1)))?;")]
            #[doc = concat!("assert_eq!(", stringify!($s), ".linger()?, Some(Duration::from_secs(1)));")]
            /// # std::io::Result::Ok(())
            /// ```
            pub fn set_linger(&self, linger: Option<Duration>) -> io::Result<()> {
                self.inner.set_linger(linger)
            }

            /// The `SO_LINGER` setting, in whole seconds.
            #[doc = concat!("As [`sockets_core::", stringify!($type), "::linger`].")]
            ///
            /// # Errors
            /// `NotConnected` after close; the system's error otherwise.
            ///
            /// # Examples
            /// ```
            /// # let port = sockets_blocking::__doc::echo_peer()?;
            /// use sockets_blocking::{dial, DialOptions};
            #[doc = $open]
            #[doc = concat!("assert_eq!(", stringify!($s), ".linger()?, None); // the default")]
            /// # std::io::Result::Ok(())
            /// ```
            pub fn linger(&self) -> io::Result<Option<Duration>> {
                self.inner.linger()
            }

            /// Sets the IPv4 TTL or IPv6 unicast hop limit of outgoing packets.
            #[doc = concat!("As [`sockets_core::", stringify!($type), "::set_ttl`].")]
            ///
            /// # Errors
            /// `InvalidInput` (from the system) for a value over 255;
            /// `NotConnected` after close.
            ///
            /// # Examples
            /// ```
            /// # let port = sockets_blocking::__doc::echo_peer()?;
            /// use sockets_blocking::{dial, DialOptions};
            #[doc = $open]
            #[doc = concat!(stringify!($s), ".set_ttl(16)?;")]
            #[doc = concat!("assert_eq!(", stringify!($s), ".ttl()?, 16);")]
            /// # std::io::Result::Ok(())
            /// ```
            pub fn set_ttl(&self, ttl: u32) -> io::Result<()> {
                self.inner.set_ttl(ttl)
            }

            /// The IPv4 TTL or IPv6 unicast hop limit of outgoing packets.
            #[doc = concat!("As [`sockets_core::", stringify!($type), "::ttl`].")]
            ///
            /// # Errors
            /// `NotConnected` after close; the system's error otherwise.
            ///
            /// # Examples
            /// ```
            /// # let port = sockets_blocking::__doc::echo_peer()?;
            /// use sockets_blocking::{dial, DialOptions};
            #[doc = $open]
            #[doc = concat!("assert!(", stringify!($s), ".ttl()? > 0);")]
            /// # std::io::Result::Ok(())
            /// ```
            pub fn ttl(&self) -> io::Result<u32> {
                self.inner.ttl()
            }
        }
    };
}

options_methods!(
    Socket,
    open = "let socket = dial(\"127.0.0.1\", port, DialOptions::default())?;",
    this = socket
);
options_methods!(
    ReadHalf,
    open = "let (reader, _writer) = dial(\"127.0.0.1\", port, DialOptions::default())?.split();",
    this = reader
);
options_methods!(
    WriteHalf,
    open = "let (_reader, writer) = dial(\"127.0.0.1\", port, DialOptions::default())?.split();",
    this = writer
);

impl TryFrom<std::net::TcpStream> for Socket {
    type Error = io::Error;

    /// Adopts a connected stream. As `sockets_core::Socket`'s
    /// `TryFrom<std::net::TcpStream>`: non-blocking mode is set (each call
    /// still blocks the caller), addresses are read, socket options stay.
    ///
    /// # Errors
    /// `NotConnected` for a stream that is not connected; the system's
    /// error otherwise.
    ///
    /// # Examples
    /// ```
    /// # let port = sockets_blocking::__doc::echo_peer()?; // echoes until we half-close
    /// use sockets_blocking::Socket;
    /// let stream = std::net::TcpStream::connect(("127.0.0.1", port))?;
    /// let mut socket = Socket::try_from(stream)?;
    /// socket.writeln("adopted")?;
    /// assert_eq!(socket.read_line()?.as_deref(), Some("adopted"));
    /// # std::io::Result::Ok(())
    /// ```
    fn try_from(stream: std::net::TcpStream) -> io::Result<Socket> {
        sockets_core::Socket::try_from(stream).map(Socket::from)
    }
}
