//! [`Conn`]: what a server's handler receives for each connection.

use std::net::SocketAddr;

use crate::socket::Socket;

/// One accepted connection, handed to the handler of
/// [`serve`](crate::serve). The fields mirror the scripting module's
/// `{handle, stream, localAddr, remoteAddr}`.
///
/// Read its fields directly; it is `#[non_exhaustive]`, so only this crate
/// makes one and a field added later is not a breaking change.
///
/// ```
/// # async_std::task::block_on(async {
/// use sockets_core::{dial, serve, DialOptions};
///
/// let server = serve("127.0.0.1", 0, |mut conn| async move {
///     let greeting = format!("you are {} on {}", conn.remote_addr, conn.local_addr);
///     assert_eq!(conn.handle, 1);
///     conn.stream.writeln(&greeting).await
/// })
/// .await?;
/// let mut client = dial("127.0.0.1", server.local_addr().port(), DialOptions::default()).await?;
/// let line = client.read_line().await?.unwrap_or_default();
/// assert_eq!(line, format!("you are {} on {}", client.local_addr(), server.local_addr()));
/// server.close().await?;
/// # std::io::Result::Ok(()) }).unwrap();
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
