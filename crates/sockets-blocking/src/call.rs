//! One blocking call: one `block_on` of the core's future, on this thread.

use std::fmt::Display;
use std::future::Future;
use std::io;
use std::time::{Duration, Instant};

use sockets_core::blocking;

/// Runs `future` (one call of the core API named `api`) on this thread,
/// within `timeout` if set; `what` names the operation and peer for the
/// timeout error.
pub(crate) fn call<T>(
    api: &str,
    timeout: Option<Duration>,
    what: impl Display,
    future: impl Future<Output = io::Result<T>>,
) -> io::Result<T> {
    not_in_async_task(api);
    match timeout {
        None => blocking::block_on(future),
        Some(limit) => blocking::block_on_until(future, Instant::now() + limit)
            .unwrap_or_else(|| Err(timed_out(what, limit))),
    }
}

/// Runs a call that has no per-call deadline of its own (dial, serve, close).
pub(crate) fn call_untimed<T>(api: &str, future: impl Future<Output = T>) -> T {
    not_in_async_task(api);
    blocking::block_on(future)
}

fn timed_out(what: impl Display, after: Duration) -> io::Error {
    io::Error::new(
        io::ErrorKind::TimedOut,
        format!("{what} timed out after {after:?}"),
    )
}

/// In debug builds, a blocking call inside an async task panics with the
/// async API to use: it would stall an executor thread, and
/// `Server::close` there could wait for handlers that need that very thread.
#[track_caller]
fn not_in_async_task(api: &str) {
    if cfg!(debug_assertions) && blocking::in_async_task() {
        panic!(
            "sockets_blocking::{api} was called from inside an async task, where it would block \
             the executor; use sockets_core::{api} with .await there instead \
             (or move the blocking code to a thread)"
        );
    }
}

/// "reading from PEER", for timeout errors.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Reading(pub(crate) std::net::SocketAddr);

/// "writing to PEER", for timeout errors.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Writing(pub(crate) std::net::SocketAddr);

impl Display for Reading {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "reading from {}", self.0)
    }
}

impl Display for Writing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "writing to {}", self.0)
    }
}
