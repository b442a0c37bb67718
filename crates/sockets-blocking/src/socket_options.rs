//! TCP and IP options of a live blocking [`Socket`], through socket2.

use std::io;
use std::time::Duration;

use crate::socket::Socket;

impl Socket {
    /// Sets `TCP_NODELAY`. As [`sockets_core::Socket::set_nodelay`].
    ///
    /// # Errors
    /// `NotConnected` after close; the system's error otherwise.
    ///
    /// # Examples
    /// ```
    /// # let port = sockets_blocking::__doc::echo_peer()?;
    /// use sockets_blocking::{dial, DialOptions};
    /// let socket = dial("127.0.0.1", port, DialOptions::default())?;
    /// socket.set_nodelay(false)?;
    /// assert!(!socket.nodelay()?);
    /// # std::io::Result::Ok(())
    /// ```
    pub fn set_nodelay(&self, nodelay: bool) -> io::Result<()> {
        self.inner.set_nodelay(nodelay)
    }

    /// Whether `TCP_NODELAY` is set. As [`sockets_core::Socket::nodelay`].
    ///
    /// # Errors
    /// `NotConnected` after close; the system's error otherwise.
    ///
    /// # Examples
    /// ```
    /// # let port = sockets_blocking::__doc::echo_peer()?;
    /// use sockets_blocking::{dial, DialOptions};
    /// let socket = dial("127.0.0.1", port, DialOptions::default())?;
    /// assert!(socket.nodelay()?); // the default
    /// # std::io::Result::Ok(())
    /// ```
    pub fn nodelay(&self) -> io::Result<bool> {
        self.inner.nodelay()
    }

    /// Turns TCP keepalive on with `idle` before the first probe, or off
    /// with `None`. As [`sockets_core::Socket::set_keepalive`].
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
    /// let socket = dial("127.0.0.1", port, DialOptions::default())?;
    /// socket.set_keepalive(Some(Duration::from_secs(60)))?;
    /// socket.set_keepalive(None)?;
    /// # std::io::Result::Ok(())
    /// ```
    pub fn set_keepalive(&self, idle: Option<Duration>) -> io::Result<()> {
        self.inner.set_keepalive(idle)
    }

    /// Sets `SO_LINGER`. As [`sockets_core::Socket::set_linger`].
    ///
    /// # Errors
    /// `NotConnected` after close; the system's error otherwise.
    ///
    /// # Examples
    /// ```
    /// # let port = sockets_blocking::__doc::echo_peer()?;
    /// use std::time::Duration;
    /// use sockets_blocking::{dial, DialOptions};
    /// let socket = dial("127.0.0.1", port, DialOptions::default())?;
    /// socket.set_linger(Some(Duration::from_secs(1)))?;
    /// assert_eq!(socket.linger()?, Some(Duration::from_secs(1)));
    /// # std::io::Result::Ok(())
    /// ```
    pub fn set_linger(&self, linger: Option<Duration>) -> io::Result<()> {
        self.inner.set_linger(linger)
    }

    /// The `SO_LINGER` setting. As [`sockets_core::Socket::linger`].
    ///
    /// # Errors
    /// `NotConnected` after close; the system's error otherwise.
    ///
    /// # Examples
    /// ```
    /// # let port = sockets_blocking::__doc::echo_peer()?;
    /// use sockets_blocking::{dial, DialOptions};
    /// let socket = dial("127.0.0.1", port, DialOptions::default())?;
    /// assert_eq!(socket.linger()?, None);
    /// # std::io::Result::Ok(())
    /// ```
    pub fn linger(&self) -> io::Result<Option<Duration>> {
        self.inner.linger()
    }

    /// Sets the IPv4 TTL or IPv6 unicast hop limit. As
    /// [`sockets_core::Socket::set_ttl`].
    ///
    /// # Errors
    /// `InvalidInput` (from the system) for a value over 255;
    /// `NotConnected` after close.
    ///
    /// # Examples
    /// ```
    /// # let port = sockets_blocking::__doc::echo_peer()?;
    /// use sockets_blocking::{dial, DialOptions};
    /// let socket = dial("127.0.0.1", port, DialOptions::default())?;
    /// socket.set_ttl(16)?;
    /// assert_eq!(socket.ttl()?, 16);
    /// # std::io::Result::Ok(())
    /// ```
    pub fn set_ttl(&self, ttl: u32) -> io::Result<()> {
        self.inner.set_ttl(ttl)
    }

    /// The IPv4 TTL or IPv6 unicast hop limit. As
    /// [`sockets_core::Socket::ttl`].
    ///
    /// # Errors
    /// `NotConnected` after close; the system's error otherwise.
    ///
    /// # Examples
    /// ```
    /// # let port = sockets_blocking::__doc::echo_peer()?;
    /// use sockets_blocking::{dial, DialOptions};
    /// let socket = dial("127.0.0.1", port, DialOptions::default())?;
    /// assert!(socket.ttl()? > 0);
    /// # std::io::Result::Ok(())
    /// ```
    pub fn ttl(&self) -> io::Result<u32> {
        self.inner.ttl()
    }
}

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
