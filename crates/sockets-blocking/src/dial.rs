//! [`dial`]: connect, blocking the calling thread.

use std::io;

use crate::call::call;
use crate::socket::Socket;
use sockets_core::DialOptions;

/// Connects to `host:port`, over TLS when the options ask for it, blocking
/// the calling thread. Same behaviour and errors as [`sockets_core::dial`]:
/// every address tried within one deadline, IPv6 and IPv4 raced, SNI and the
/// certificate check from `host`.
///
/// # Errors
/// As [`sockets_core::dial`]: `InvalidInput` before any traffic for bad
/// input, `ConnectionRefused`, `TimedOut`, `InvalidData` for TLS failures,
/// each naming the host and address.
///
/// # Panics
/// In debug builds, when called from inside an async task (use
/// [`sockets_core::dial`] there).
///
/// # Examples
/// ```
/// use std::io::Write;
/// use sockets_blocking::{dial, DialOptions};
///
/// let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
/// let port = listener.local_addr()?.port();
/// std::thread::spawn(move || -> std::io::Result<()> {
///     let (mut peer, _) = listener.accept()?;
///     let mut request = std::io::BufReader::new(peer.try_clone()?);
///     let mut line = String::new();
///     while std::io::BufRead::read_line(&mut request, &mut line)? > 2 {
///         line.clear(); // up to the blank line that ends the request
///     }
///     peer.write_all(b"HTTP/1.0 200 OK\r\n\r\nhello")
/// });
///
/// let mut client = dial("127.0.0.1", port, DialOptions::default())?;
/// client.writeln("GET / HTTP/1.0")?;
/// client.writeln("Host: 127.0.0.1")?;
/// client.writeln("")?;
/// assert_eq!(client.read_all()?, b"HTTP/1.0 200 OK\r\n\r\nhello");
/// client.close()?;
/// # std::io::Result::Ok(())
/// ```
pub fn dial(host: &str, port: u16, options: DialOptions) -> io::Result<Socket> {
    call("dial", sockets_core::dial(host, port, options)).map(Socket::from)
}
