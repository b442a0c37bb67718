//! [`ServerStats`] and the counters behind it.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};

/// Counters of a [`Server`](crate::Server), read with
/// [`Server::stats`](crate::Server::stats).
///
/// ```
/// # async_std::task::block_on(async {
/// use sockets_core::{dial, serve, DialOptions, ServerStats};
///
/// let server = serve("127.0.0.1", 0, |mut conn| async move {
///     conn.stream.writeln("hi").await?;
///     Err(std::io::Error::other("this handler always fails"))
/// })
/// .await?;
/// let mut client = dial("127.0.0.1", server.local_addr().port(), DialOptions::default()).await?;
/// client.read_line().await?;
/// server.close().await?;
/// let expected = ServerStats { accepted: 1, handler_errors: 1, ..ServerStats::default() };
/// assert_eq!(server.stats(), expected);
/// # std::io::Result::Ok(()) }).unwrap();
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ServerStats {
    /// Connections accepted since the server started.
    pub accepted: u64,
    /// Connections being handled now (TLS handshake or handler running).
    pub active: u64,
    /// Handlers that returned `Err`.
    pub handler_errors: u64,
    /// Handlers that panicked (caught; the server went on).
    pub handler_panics: u64,
    /// TLS handshakes that failed or timed out.
    pub tls_failures: u64,
}

/// The counters in words, for logs and status lines.
///
/// ```
/// use sockets_core::ServerStats;
/// let stats = ServerStats { accepted: 3, active: 1, handler_errors: 1, ..ServerStats::default() };
/// assert_eq!(
///     stats.to_string(),
///     "3 accepted, 1 active, 1 handler error, 0 handler panics, 0 TLS failures"
/// );
/// ```
impl fmt::Display for ServerStats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural =
            |n: u64, one: &'static str, many: &'static str| if n == 1 { one } else { many };
        write!(
            f,
            "{} accepted, {} active, {} {}, {} {}, {} {}",
            self.accepted,
            self.active,
            self.handler_errors,
            plural(self.handler_errors, "handler error", "handler errors"),
            self.handler_panics,
            plural(self.handler_panics, "handler panic", "handler panics"),
            self.tls_failures,
            plural(self.tls_failures, "TLS failure", "TLS failures"),
        )
    }
}

/// The live counters, shared by the accept loop and connection tasks.
#[derive(Debug, Default)]
pub(crate) struct Counters {
    pub(crate) accepted: AtomicU64,
    pub(crate) active: AtomicU64,
    pub(crate) handler_errors: AtomicU64,
    pub(crate) handler_panics: AtomicU64,
    pub(crate) tls_failures: AtomicU64,
}

impl Counters {
    pub(crate) fn bump(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn snapshot(&self) -> ServerStats {
        ServerStats {
            accepted: self.accepted.load(Ordering::Relaxed),
            active: self.active.load(Ordering::Relaxed),
            handler_errors: self.handler_errors.load(Ordering::Relaxed),
            handler_panics: self.handler_panics.load(Ordering::Relaxed),
            tls_failures: self.tls_failures.load(Ordering::Relaxed),
        }
    }
}
