//! Errors with context: which step failed, against which host or address.
//!
//! Every public function returns `io::Result`. [`context`] wraps an error in a
//! message that names the step and the peer while keeping the original
//! [`io::ErrorKind`] and the original error as [`std::error::Error::source`],
//! so callers can still match on the kind or downcast to a `rustls::Error`.

use std::error::Error;
use std::fmt;
use std::io;

/// An error message with the error that caused it.
#[derive(Debug)]
struct Context {
    message: String,
    source: io::Error,
}

impl fmt::Display for Context {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.message, self.source)
    }
}

impl Error for Context {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        Some(&self.source)
    }
}

/// Wraps `source` in `message`, keeping its kind and the error as source.
pub(crate) fn context(source: io::Error, message: impl Into<String>) -> io::Error {
    io::Error::new(
        source.kind(),
        Context {
            message: message.into(),
            source,
        },
    )
}

/// An `InvalidInput` error, raised before any network traffic.
pub(crate) fn invalid_input(message: impl Into<String>) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, message.into())
}

/// The error of any operation on a socket after `close()`.
pub(crate) fn closed(peer: impl fmt::Display, operation: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::NotConnected,
        format!("cannot {operation}: the socket to {peer} is closed"),
    )
}

/// The error of a deadline that passed.
pub(crate) fn timed_out(what: impl fmt::Display, after: std::time::Duration) -> io::Error {
    io::Error::new(
        io::ErrorKind::TimedOut,
        format!("{what} timed out after {after:?}"),
    )
}

/// `host:port` the way `SocketAddr` displays an address: an IPv6 literal
/// in brackets (`[::1]:80`), so the port cannot be read as part of it.
pub(crate) fn host_port(host: &str, port: u16) -> String {
    if host.contains(':') && !host.starts_with('[') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    }
}

/// Adds context to the error of a result.
pub(crate) trait ResultExt<T> {
    /// Wraps the error with the message built by `message`, lazily.
    fn context_with(self, message: impl FnOnce() -> String) -> io::Result<T>;
}

impl<T> ResultExt<T> for io::Result<T> {
    fn context_with(self, message: impl FnOnce() -> String) -> io::Result<T> {
        self.map_err(|e| context(e, message()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_keeps_kind_and_source() {
        let inner = io::Error::new(io::ErrorKind::ConnectionRefused, "refused");
        let outer = context(inner, "connecting to 127.0.0.1:1");
        assert_eq!(outer.kind(), io::ErrorKind::ConnectionRefused);
        assert_eq!(outer.to_string(), "connecting to 127.0.0.1:1: refused");
        let source = outer.get_ref().and_then(|e| e.source()).expect("source");
        assert_eq!(source.to_string(), "refused");
    }

    #[test]
    fn host_port_brackets_ipv6_literals_like_socket_addr() {
        let v6: std::net::SocketAddr = "[::1]:18080".parse().unwrap();
        assert_eq!(host_port("::1", 18080), v6.to_string());
        assert_eq!(host_port("[::1]", 18080), "[::1]:18080");
        assert_eq!(host_port("fe80::1%eth0", 80), "[fe80::1%eth0]:80");
        assert_eq!(host_port("127.0.0.1", 80), "127.0.0.1:80");
        assert_eq!(host_port("localhost", 80), "localhost:80");
    }
}
