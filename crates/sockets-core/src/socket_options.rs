//! TCP and IP options of a live [`Socket`](crate::Socket) or either of its
//! halves, through socket2 (methods generated once by [`options_part!`]).

use std::io;
use std::time::Duration;

use socket2::{SockRef, TcpKeepalive};

use crate::error::{context, invalid_input};
use crate::options::SocketSettings;

/// Whether an accepted socket inherits `TCP_NODELAY` and the keepalive
/// settings from its listening socket. Linux copies them into every
/// connection it accepts, so there the listener carries them and an accept
/// costs no `setsockopt(2)`; elsewhere each accepted socket gets them.
pub(crate) const ACCEPTED_INHERIT: bool = cfg!(any(target_os = "linux", target_os = "android"));

/// Applies the options' settings to a new socket's descriptor.
pub(crate) fn apply(socket: SockRef<'_>, settings: &SocketSettings) -> io::Result<()> {
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

/// Runs `op` on the descriptor of `tcp`, naming the option and the peer in
/// its error.
pub(crate) fn with_sock<T>(
    tcp: io::Result<&std::net::TcpStream>,
    peer: std::net::SocketAddr,
    option: &str,
    op: impl FnOnce(SockRef<'_>) -> std::io::Result<T>,
) -> std::io::Result<T> {
    op(SockRef::from(tcp?)).map_err(|e| context(e, format!("{option} on the socket to {peer}")))
}

/// Generates the socket option methods of `$type` (which has `info` and
/// `tcp_stream`). In the examples `$open` dials and binds `$s`.
macro_rules! options_part {
    ($type:ident, open = $open:literal, this = $s:ident) => {
        impl $type {
            /// Runs `op` on the descriptor, naming the option and the peer in its
            /// error.
            fn with_sock<T>(
                &self,
                option: &str,
                op: impl FnOnce(socket2::SockRef<'_>) -> std::io::Result<T>,
            ) -> std::io::Result<T> {
                $crate::socket_options::with_sock(self.tcp_stream(option), self.info.remote_addr, option, op)
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
            /// # let (port, options) = sockets_core::__doc::echo_peer()?; // echoes until we half-close
            #[doc = $open]
            #[doc = concat!("assert!(", stringify!($s), ".nodelay()?); // the default")]
            #[doc = concat!(stringify!($s), ".set_nodelay(false)?;")]
            #[doc = concat!("assert!(!", stringify!($s), ".nodelay()?);")]
            /// # std::io::Result::Ok(()) }).unwrap();
            /// ```
            pub fn set_nodelay(&self, nodelay: bool) -> std::io::Result<()> {
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
            /// # let (port, options) = sockets_core::__doc::echo_peer()?; // echoes until we half-close
            /// let options = options.nodelay(false);
            #[doc = $open]
            #[doc = concat!("assert!(!", stringify!($s), ".nodelay()?);")]
            /// # std::io::Result::Ok(()) }).unwrap();
            /// ```
            pub fn nodelay(&self) -> std::io::Result<bool> {
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
            /// # let (port, options) = sockets_core::__doc::echo_peer()?; // echoes until we half-close
            /// use std::time::Duration;
            #[doc = $open]
            #[doc = concat!(stringify!($s), ".set_keepalive(Some(Duration::from_secs(60)))?;")]
            #[doc = concat!(stringify!($s), ".set_keepalive(None)?; // off again")]
            /// # std::io::Result::Ok(()) }).unwrap();
            /// ```
            pub fn set_keepalive(&self, idle: Option<std::time::Duration>) -> std::io::Result<()> {
                $crate::socket_options::check_keepalive(idle)?;
                self.with_sock("set_keepalive", |s| $crate::socket_options::set_keepalive(s, idle))
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
            /// # let (port, options) = sockets_core::__doc::echo_peer()?; // echoes until we half-close
            /// use std::time::Duration;
            #[doc = $open]
            #[doc = concat!("assert_eq!(", stringify!($s), ".linger()?, None); // the default")]
            #[doc = concat!(stringify!($s), ".set_linger(Some(Duration::from_secs(1)))?;")]
            #[doc = concat!("assert_eq!(", stringify!($s), ".linger()?, Some(Duration::from_secs(1)));")]
            /// # std::io::Result::Ok(()) }).unwrap();
            /// ```
            pub fn set_linger(&self, linger: Option<std::time::Duration>) -> std::io::Result<()> {
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
            /// # let (port, options) = sockets_core::__doc::echo_peer()?; // echoes until we half-close
            #[doc = $open]
            #[doc = concat!("assert_eq!(", stringify!($s), ".linger()?, None);")]
            /// # std::io::Result::Ok(()) }).unwrap();
            /// ```
            pub fn linger(&self) -> std::io::Result<Option<std::time::Duration>> {
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
            /// # let (port, options) = sockets_core::__doc::echo_peer()?; // echoes until we half-close
            #[doc = $open]
            #[doc = concat!(stringify!($s), ".set_ttl(16)?;")]
            #[doc = concat!("assert_eq!(", stringify!($s), ".ttl()?, 16);")]
            /// # std::io::Result::Ok(()) }).unwrap();
            /// ```
            pub fn set_ttl(&self, ttl: u32) -> std::io::Result<()> {
                match self.info.local_addr.is_ipv6() {
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
            /// # let (port, options) = sockets_core::__doc::echo_peer()?; // echoes until we half-close
            #[doc = $open]
            #[doc = concat!("assert!(", stringify!($s), ".ttl()? > 0);")]
            /// # std::io::Result::Ok(()) }).unwrap();
            /// ```
            pub fn ttl(&self) -> std::io::Result<u32> {
                match self.info.local_addr.is_ipv6() {
                    true => self.with_sock("ttl", |s| s.unicast_hops_v6()),
                    false => self.with_sock("ttl", |s| s.ttl_v4()),
                }
            }
        }
    };
}

pub(crate) use options_part;
