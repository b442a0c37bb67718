//! The runtime boundary: every call into async-std and async-io lives here.
//!
//! async-std is feature-complete and no longer developed. Sockets are
//! `async_io::Async` wrappers, the very reactor type async-std's own
//! `TcpStream` wraps, so a move to smol's crates (async-io, async-net,
//! async-executor) only touches this file.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

/// A non-blocking TCP stream registered with the reactor.
pub(crate) type TcpStream = async_io::Async<std::net::TcpStream>;

/// A non-blocking TCP listener registered with the reactor.
pub(crate) type TcpListener = async_io::Async<std::net::TcpListener>;

/// A timer future, also usable as a re-armable deadline.
pub(crate) type Timer = async_io::Timer;

/// A spawned task; dropping it lets the task run on (detached).
pub(crate) type Task<T> = async_std::task::JoinHandle<T>;

/// Connects to one address.
pub(crate) async fn connect(addr: SocketAddr) -> io::Result<TcpStream> {
    TcpStream::connect(addr).await
}

/// Registers a connected std stream with the reactor (made non-blocking).
pub(crate) fn register_stream(stream: std::net::TcpStream) -> io::Result<TcpStream> {
    async_io::Async::new(stream)
}

/// Registers a bound std listener with the reactor (made non-blocking).
pub(crate) fn register_listener(listener: std::net::TcpListener) -> io::Result<TcpListener> {
    async_io::Async::new(listener)
}

/// Resolves `host` with the system resolver on the blocking pool.
pub(crate) async fn resolve(host: &str, port: u16) -> io::Result<Vec<SocketAddr>> {
    use std::net::ToSocketAddrs;
    let host = host.to_owned();
    async_std::task::spawn_blocking(move || {
        (host.as_str(), port)
            .to_socket_addrs()
            .map(Iterator::collect)
    })
    .await
}

/// Spawns a future on the shared executor.
pub(crate) fn spawn<F>(future: F) -> Task<F::Output>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    async_std::task::spawn(future)
}

/// Sleeps for `duration`.
pub(crate) async fn sleep(duration: Duration) {
    Timer::after(duration).await;
}

/// Runs `future` with an optional time limit; `on_timeout` builds the error.
pub(crate) async fn timeout<T>(
    limit: Option<Duration>,
    future: impl Future<Output = io::Result<T>>,
    on_timeout: impl FnOnce() -> io::Error,
) -> io::Result<T> {
    match limit {
        None => future.await,
        Some(limit) => {
            futures_lite::future::or(future, async move {
                sleep(limit).await;
                Err(on_timeout())
            })
            .await
        }
    }
}

/// A deadline for one whole call made of many polls.
///
/// Armed lazily, on the first poll that would block, so calls that complete
/// at once never touch the timer; the caller resets it when a call ends (and
/// before one starts, in case an earlier one was abandoned).
#[derive(Debug, Default)]
pub(crate) struct Deadline {
    timer: Option<Timer>,
}

impl Deadline {
    /// Ends the current call's deadline.
    pub(crate) fn reset(&mut self) {
        self.timer = None;
    }

    /// Wraps the outcome of one poll of a call limited by `limit`: a pending
    /// outcome arms the timer, and fails with `on_timeout` once it expired.
    pub(crate) fn poll<T>(
        &mut self,
        cx: &mut Context<'_>,
        limit: Option<Duration>,
        outcome: Poll<io::Result<T>>,
        on_timeout: impl FnOnce(Duration) -> io::Error,
    ) -> Poll<io::Result<T>> {
        let Some(limit) = limit else {
            return outcome;
        };
        if outcome.is_ready() {
            return outcome;
        }
        let timer = self.timer.get_or_insert_with(|| Timer::after(limit));
        match Pin::new(timer).poll(cx) {
            Poll::Ready(_) => {
                self.timer = None;
                Poll::Ready(Err(on_timeout(limit)))
            }
            Poll::Pending => Poll::Pending,
        }
    }
}
