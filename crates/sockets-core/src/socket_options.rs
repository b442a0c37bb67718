//! TCP and IP options of a live [`Socket`], through socket2.

use std::io;
use std::time::Duration;

use socket2::{SockRef, TcpKeepalive};

use crate::error::{context, invalid_input};
use crate::options::SocketSettings;
use crate::socket::Socket;

/// Applies the options' settings to a new socket's descriptor.
pub(crate) fn apply(tcp: &std::net::TcpStream, settings: &SocketSettings) -> io::Result<()> {
    let socket = SockRef::from(tcp);
    socket.set_tcp_nodelay(settings.nodelay)?;
    if settings.keepalive.is_some() {
        set_keepalive(socket, settings.keepalive)?;
    }
    Ok(())
}

/// Turns TCP keepalive on with `idle` as the idle time before the first
/// probe, or off for `None`.
pub(crate) fn set_keepalive(socket: SockRef<'_>, idle: Option<Duration>) -> io::Result<()> {
    match idle {
        None => socket.set_keepalive(false),
        Some(idle) => {
            socket.set_keepalive(true)?;
            socket.set_tcp_keepalive(&TcpKeepalive::new().with_time(idle))
        }
    }
}

/// Rejects a zero keepalive idle time, which no system accepts.
pub(crate) fn check_keepalive(idle: Option<Duration>) -> io::Result<()> {
    if idle.is_some_and(|idle| idle.as_secs() == 0) {
        return Err(invalid_input(
            "keepalive idle time must be at least 1 s (use None to turn keepalive off)",
        ));
    }
    Ok(())
}

impl Socket {
    /// Runs `op` on the socket's descriptor, naming the option and the peer
    /// in its error.
    fn with_sock<T>(
        &self,
        option: &str,
        op: impl FnOnce(SockRef<'_>) -> io::Result<T>,
    ) -> io::Result<T> {
        let tcp = self.tcp_stream(option)?;
        op(SockRef::from(tcp)).map_err(|e| {
            context(
                e,
                format!("{option} on the socket to {}", self.remote_addr()),
            )
        })
    }

    /// Sets `TCP_NODELAY`: with `true` small writes leave at once instead of
    /// waiting for the peer's acknowledgement (Nagle's algorithm, RFC 896).
    /// Sockets from `dial` and `serve` start with the option's setting,
    /// by default `true`.
    ///
    /// # Errors
    /// `NotConnected` after close; the system's error otherwise.
    ///
    /// # Examples
    /// ```
    /// # async_std::task::block_on(async {
    /// # let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    /// # let port = listener.local_addr()?.port();
    /// use sockets_core::{dial, DialOptions};
    /// let socket = dial("127.0.0.1", port, DialOptions::default()).await?;
    /// assert!(socket.nodelay()?); // the default
    /// socket.set_nodelay(false)?;
    /// assert!(!socket.nodelay()?);
    /// # std::io::Result::Ok(()) }).unwrap();
    /// ```
    pub fn set_nodelay(&self, nodelay: bool) -> io::Result<()> {
        self.with_sock("set_nodelay", |s| s.set_tcp_nodelay(nodelay))
    }

    /// Whether `TCP_NODELAY` is set.
    ///
    /// # Errors
    /// `NotConnected` after close; the system's error otherwise.
    ///
    /// # Examples
    /// ```
    /// # async_std::task::block_on(async {
    /// # let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    /// # let port = listener.local_addr()?.port();
    /// use sockets_core::{dial, DialOptions};
    /// let socket = dial("127.0.0.1", port, DialOptions::default().nodelay(false)).await?;
    /// assert!(!socket.nodelay()?);
    /// # std::io::Result::Ok(()) }).unwrap();
    /// ```
    pub fn nodelay(&self) -> io::Result<bool> {
        self.with_sock("nodelay", |s| s.tcp_nodelay())
    }

    /// Turns TCP keepalive on, with `idle` as the time the connection must
    /// be idle before the first probe (`TCP_KEEPIDLE`; `TCP_KEEPALIVE` on
    /// macOS), or off with `None`. Probe interval and count stay the
    /// system's. Keepalive finds peers that vanished without a FIN on an
    /// otherwise silent connection.
    ///
    /// # Errors
    /// `InvalidInput` for an idle time under 1 s (systems count whole
    /// seconds); `NotConnected` after close; the system's error otherwise.
    ///
    /// # Examples
    /// ```
    /// # async_std::task::block_on(async {
    /// # let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    /// # let port = listener.local_addr()?.port();
    /// use std::time::Duration;
    /// use sockets_core::{dial, DialOptions};
    /// let socket = dial("127.0.0.1", port, DialOptions::default()).await?;
    /// socket.set_keepalive(Some(Duration::from_secs(60)))?;
    /// socket.set_keepalive(None)?; // off again
    /// # std::io::Result::Ok(()) }).unwrap();
    /// ```
    pub fn set_keepalive(&self, idle: Option<Duration>) -> io::Result<()> {
        check_keepalive(idle)?;
        self.with_sock("set_keepalive", |s| set_keepalive(s, idle))
    }

    /// Sets `SO_LINGER`: with `Some(t)`, closing waits up to `t` for unsent
    /// data to leave (`Some(Duration::ZERO)` resets the connection at
    /// close, skipping TIME_WAIT); `None` restores the default, a close
    /// that returns at once while the system sends in the background.
    ///
    /// # Errors
    /// `NotConnected` after close; the system's error otherwise.
    ///
    /// # Examples
    /// ```
    /// # async_std::task::block_on(async {
    /// # let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    /// # let port = listener.local_addr()?.port();
    /// use std::time::Duration;
    /// use sockets_core::{dial, DialOptions};
    /// let socket = dial("127.0.0.1", port, DialOptions::default()).await?;
    /// assert_eq!(socket.linger()?, None); // the default
    /// socket.set_linger(Some(Duration::from_secs(1)))?;
    /// assert_eq!(socket.linger()?, Some(Duration::from_secs(1)));
    /// # std::io::Result::Ok(()) }).unwrap();
    /// ```
    pub fn set_linger(&self, linger: Option<Duration>) -> io::Result<()> {
        self.with_sock("set_linger", |s| s.set_linger(linger))
    }

    /// The `SO_LINGER` setting (see [`set_linger`](Self::set_linger)), in
    /// whole seconds.
    ///
    /// # Errors
    /// `NotConnected` after close; the system's error otherwise.
    ///
    /// # Examples
    /// ```
    /// # async_std::task::block_on(async {
    /// # let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    /// # let port = listener.local_addr()?.port();
    /// use sockets_core::{dial, DialOptions};
    /// let socket = dial("127.0.0.1", port, DialOptions::default()).await?;
    /// assert_eq!(socket.linger()?, None);
    /// # std::io::Result::Ok(()) }).unwrap();
    /// ```
    pub fn linger(&self) -> io::Result<Option<Duration>> {
        self.with_sock("linger", |s| s.linger())
    }

    /// Sets the time-to-live of outgoing packets: `IP_TTL` for IPv4, the
    /// unicast hop limit (`IPV6_UNICAST_HOPS`) for IPv6, as std's
    /// `set_ttl` does for IPv4.
    ///
    /// # Errors
    /// `InvalidInput` (from the system) for a value over 255; `NotConnected`
    /// after close.
    ///
    /// # Examples
    /// ```
    /// # async_std::task::block_on(async {
    /// # let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    /// # let port = listener.local_addr()?.port();
    /// use sockets_core::{dial, DialOptions};
    /// let socket = dial("127.0.0.1", port, DialOptions::default()).await?;
    /// socket.set_ttl(16)?;
    /// assert_eq!(socket.ttl()?, 16);
    /// # std::io::Result::Ok(()) }).unwrap();
    /// ```
    pub fn set_ttl(&self, ttl: u32) -> io::Result<()> {
        match self.local_addr().is_ipv6() {
            true => self.with_sock("set_ttl", |s| s.set_unicast_hops_v6(ttl)),
            false => self.with_sock("set_ttl", |s| s.set_ttl_v4(ttl)),
        }
    }

    /// The time-to-live (IPv4) or unicast hop limit (IPv6) of outgoing
    /// packets.
    ///
    /// # Errors
    /// `NotConnected` after close; the system's error otherwise.
    ///
    /// # Examples
    /// ```
    /// # async_std::task::block_on(async {
    /// # let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    /// # let port = listener.local_addr()?.port();
    /// use sockets_core::{dial, DialOptions};
    /// let socket = dial("127.0.0.1", port, DialOptions::default()).await?;
    /// assert!(socket.ttl()? > 0);
    /// # std::io::Result::Ok(()) }).unwrap();
    /// ```
    pub fn ttl(&self) -> io::Result<u32> {
        match self.local_addr().is_ipv6() {
            true => self.with_sock("ttl", |s| s.unicast_hops_v6()),
            false => self.with_sock("ttl", |s| s.ttl_v4()),
        }
    }
}
