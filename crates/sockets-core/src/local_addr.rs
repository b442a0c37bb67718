//! [`DialOptions::local_addr`]: binding a client socket before it connects.

use std::io;
use std::net::SocketAddr;

use socket2::{Domain, Protocol, Type};

use crate::error::{context, host_port, invalid_input};
use crate::options::DialOptions;
use crate::runtime::TcpStream;

impl DialOptions {
    /// Binds the socket to this local address before connecting: to pick
    /// the interface (source IP) or the source port (0 lets the system
    /// choose). Only the resolved addresses of the same family (IPv4 or
    /// IPv6) are tried.
    ///
    /// # Errors
    /// `dial` fails with `InvalidInput` when the host has no address of
    /// that family, and with the system's error (for example `AddrInUse`
    /// or `AddrNotAvailable`) when the bind fails.
    ///
    /// # Examples
    /// ```
    /// # async_std::task::block_on(async {
    /// use std::net::SocketAddr;
    /// use sockets_core::{dial, DialOptions};
    /// let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    /// let port = listener.local_addr()?.port();
    /// let local: SocketAddr = "127.0.0.2:0".parse().unwrap(); // all of 127/8 is loopback on Linux
    /// # let local: SocketAddr = if cfg!(target_os = "linux") { local } else { "127.0.0.1:0".parse().unwrap() };
    /// let socket = dial("127.0.0.1", port, DialOptions::default().local_addr(local)).await?;
    /// assert_eq!(socket.local_addr().ip(), local.ip());
    ///
    /// let v6: SocketAddr = "[::1]:0".parse().unwrap();
    /// let e = dial("127.0.0.1", port, DialOptions::default().local_addr(v6)).await.unwrap_err();
    /// assert_eq!(e.kind(), std::io::ErrorKind::InvalidInput); // no IPv6 address to reach
    /// # std::io::Result::Ok(()) }).unwrap();
    /// ```
    #[must_use]
    pub fn local_addr(mut self, addr: SocketAddr) -> Self {
        self.local_addr = Some(addr);
        self
    }
}

/// Keeps the addresses of `local`'s family; `InvalidInput` if none is left.
pub(crate) fn matching_family(
    local: Option<SocketAddr>,
    host: &str,
    port: u16,
    addrs: Vec<SocketAddr>,
) -> io::Result<Vec<SocketAddr>> {
    let Some(local) = local else {
        return Ok(addrs);
    };
    let (matching, other): (Vec<_>, Vec<_>) = addrs
        .into_iter()
        .partition(|a| a.is_ipv6() == local.is_ipv6());
    if matching.is_empty() {
        let family = |v6: bool| if v6 { "IPv6" } else { "IPv4" };
        let found: Vec<String> = other.iter().map(ToString::to_string).collect();
        return Err(invalid_input(format!(
            "cannot dial {} from local address {local}: it is {}, \
             and the host resolves only to {} addresses ({})",
            host_port(host, port),
            family(local.is_ipv6()),
            family(!local.is_ipv6()),
            found.join(", ")
        )));
    }
    Ok(matching)
}

/// Connects to `addr`, first binding to `local` when given.
pub(crate) async fn connect(local: Option<SocketAddr>, addr: SocketAddr) -> io::Result<TcpStream> {
    let Some(local) = local else {
        return TcpStream::connect(addr).await;
    };
    let socket =
        socket2::Socket::new(Domain::for_address(addr), Type::STREAM, Some(Protocol::TCP))?;
    socket
        .bind(&local.into())
        .map_err(|e| context(e, format!("cannot bind to local address {local}")))?;
    socket.set_nonblocking(true)?;
    TcpStream::connect_from(socket, addr).await
}
