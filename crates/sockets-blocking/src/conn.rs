//! [`Conn`]: what a blocking handler receives for each connection.

use std::net::SocketAddr;

use crate::socket::Socket;

/// One accepted connection, handed to the handler of
/// [`serve`](crate::serve): `{handle, stream, localAddr, remoteAddr}`.
///
/// The fields are public to read and move out of; the type is
/// `#[non_exhaustive]`, so only this crate builds one and a field added
/// later breaks no handler.
///
/// # Examples
/// ```
/// use sockets_blocking::{dial, serve, DialOptions};
/// let server = serve("127.0.0.1", 0, |mut conn| {
///     assert_eq!(conn.handle, 1);
///     let greeting = format!("you are {}", conn.remote_addr);
///     conn.stream.writeln(&greeting)
/// })?;
/// let mut client = dial("127.0.0.1", server.local_addr().port(), DialOptions::default())?;
/// let expected = format!("you are {}", client.local_addr());
/// assert_eq!(client.read_line()?, Some(expected));
/// server.close()?;
/// # std::io::Result::Ok(())
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub struct Conn {
    /// Unique per server, increasing from 1 in accept order.
    pub handle: u64,
    /// The connected socket (TLS already established for TLS servers).
    pub stream: Socket,
    /// The server's address of this connection.
    pub local_addr: SocketAddr,
    /// The client's address.
    pub remote_addr: SocketAddr,
}

impl From<sockets_core::Conn> for Conn {
    fn from(conn: sockets_core::Conn) -> Self {
        Conn {
            handle: conn.handle,
            stream: Socket::from(conn.stream),
            local_addr: conn.local_addr,
            remote_addr: conn.remote_addr,
        }
    }
}
