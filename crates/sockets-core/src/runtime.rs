//! The runtime boundary: every call into async-std, async-io, `blocking`
//! and tokio lives here.
//!
//! async-std is feature-complete and no longer developed; it is only the
//! default executor of servers (see [`crate::Executor`]). Sockets are
//! `async_io::Async` wrappers, the very reactor type async-std's own
//! `TcpStream` wraps, and blocking work (name resolution) goes to smol's
//! `blocking` pool, so a program that serves on tokio never starts an
//! async-std thread.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr};
use std::pin::Pin;
use std::sync::{Arc, Weak};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use async_io::Async;
use futures_io::{AsyncRead, AsyncWrite};

/// A non-blocking TCP stream registered with the reactor, shared so a
/// server can shut it down under a handler that is blocked on it (async-net's
/// `TcpStream` has the same shape).
#[derive(Debug, Clone)]
pub(crate) struct TcpStream(Arc<Async<std::net::TcpStream>>);

/// A non-blocking TCP listener registered with the reactor.
pub(crate) type TcpListener = Async<std::net::TcpListener>;

/// A timer future, also usable as a re-armable deadline.
pub(crate) type Timer = async_io::Timer;

impl TcpStream {
    /// Connects to one address.
    pub(crate) async fn connect(addr: SocketAddr) -> io::Result<TcpStream> {
        Ok(TcpStream(Arc::new(
            Async::<std::net::TcpStream>::connect(addr).await?,
        )))
    }

    /// Adopts a connected std stream: made non-blocking and registered
    /// with the reactor.
    pub(crate) fn adopt(stream: std::net::TcpStream) -> io::Result<TcpStream> {
        Ok(TcpStream(Arc::new(Async::new(stream)?)))
    }

    /// Connects to `addr` from the bound, non-blocking `socket`.
    pub(crate) async fn connect_from(
        socket: socket2::Socket,
        addr: SocketAddr,
    ) -> io::Result<TcpStream> {
        match socket.connect(&addr.into()) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
            #[cfg(unix)]
            Err(e) if e.raw_os_error() == Some(rustix::io::Errno::INPROGRESS.raw_os_error()) => {}
            Err(e) => return Err(e),
        }
        let stream = Async::new(std::net::TcpStream::from(socket))?;
        // As async-io's own connect: writable once the handshake ended,
        // then SO_ERROR says how.
        stream.writable().await?;
        match stream.get_ref().take_error()? {
            None => Ok(TcpStream(Arc::new(stream))),
            Some(e) => Err(e),
        }
    }

    /// The std stream inside, for socket options and addresses.
    pub(crate) fn get_ref(&self) -> &std::net::TcpStream {
        self.0.get_ref()
    }

    /// Whether another strong handle shares the descriptor right now.
    pub(crate) fn is_shared(&self) -> bool {
        Arc::strong_count(&self.0) > 1
    }

    /// A handle that can shut the stream down from elsewhere.
    pub(crate) fn shutdown_handle(&self) -> ShutdownHandle {
        ShutdownHandle(Arc::downgrade(&self.0))
    }
}

/// Shuts a stream down from outside the task that owns it, without keeping
/// it alive.
#[derive(Debug, Clone)]
pub(crate) struct ShutdownHandle(Weak<Async<std::net::TcpStream>>);

impl ShutdownHandle {
    /// Shuts both directions down, if the stream still exists: the owner's
    /// pending reads see end of stream, its writes fail.
    pub(crate) fn shutdown(&self) {
        if let Some(stream) = self.0.upgrade() {
            let _ = stream.get_ref().shutdown(Shutdown::Both);
        }
    }
}

impl AsyncRead for TcpStream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut [u8],
    ) -> Poll<io::Result<usize>> {
        if in_blocking_mode() {
            return self.try_io(Interest::Read, |mut s| s.read(buf));
        }
        Pin::new(&mut &*self.0).poll_read(cx, buf)
    }
}

impl AsyncWrite for TcpStream {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        if in_blocking_mode() {
            return self.try_io(Interest::Write, |mut s| s.write(buf));
        }
        Pin::new(&mut &*self.0).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        if in_blocking_mode() {
            return self.try_io(Interest::Write, |mut s| s.write_vectored(bufs));
        }
        Pin::new(&mut &*self.0).poll_write_vectored(cx, bufs)
    }

    fn poll_flush(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    /// Shuts down the write direction (async-io's own `poll_close` only
    /// flushes, which for TCP does nothing).
    fn poll_close(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(self.0.get_ref().shutdown(Shutdown::Write))
    }
}

/// The direction a blocked operation waits for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Interest {
    Read,
    Write,
}

/// What a blocking-mode operation is waiting for: the stream and direction.
#[derive(Debug)]
#[cfg_attr(not(unix), allow(dead_code))] // recorded on Unix only (wait.rs)
pub(crate) struct Wait {
    stream: Arc<Async<std::net::TcpStream>>,
    interest: Interest,
}

thread_local! {
    /// Set while this thread runs a future for the blocking facade.
    static BLOCKING_MODE: Cell<bool> = const { Cell::new(false) };
    /// What every operation that would block in this poll waits for (one
    /// stack for nested calls, so the hot path never allocates).
    static WAITS: RefCell<Vec<Wait>> = const { RefCell::new(Vec::new()) };
    /// The earliest deadline armed in this poll.
    static WAIT_UNTIL: Cell<Option<Instant>> = const { Cell::new(None) };
}

fn in_blocking_mode() -> bool {
    // Unix only: elsewhere the facade's futures use the reactor (wait.rs).
    cfg!(unix) && BLOCKING_MODE.with(Cell::get)
}

impl TcpStream {
    /// Blocking mode: one non-blocking syscall; on would-block, note what to
    /// wait for and return `Pending` without touching the reactor. The
    /// caller waits with poll(2) on this thread, holding no lock, and polls
    /// again; no reactor thread takes part.
    fn try_io<T>(
        &self,
        interest: Interest,
        mut op: impl FnMut(&std::net::TcpStream) -> io::Result<T>,
    ) -> Poll<io::Result<T>> {
        loop {
            match op(self.0.get_ref()) {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                    let wait = Wait {
                        stream: self.0.clone(),
                        interest,
                    };
                    WAITS.with(|waits| waits.borrow_mut().push(wait));
                    return Poll::Pending;
                }
                other => return Poll::Ready(other),
            }
        }
    }
}

/// Puts this thread in blocking mode until the guard drops.
pub(crate) struct BlockingMode {
    was: bool,
    /// Where this call's waits start in `WAITS` (an outer call's lie below).
    base: usize,
    /// The outer call's deadline, restored on drop.
    outer_until: Option<Instant>,
}

impl BlockingMode {
    pub(crate) fn enter() -> BlockingMode {
        BlockingMode {
            was: BLOCKING_MODE.with(|mode| mode.replace(true)),
            base: WAITS.with(|waits| waits.borrow().len()),
            outer_until: WAIT_UNTIL.with(Cell::take),
        }
    }

    /// Runs `wait` with what the last poll would block on: every socket
    /// operation that would block, and the earliest socket deadline armed.
    /// Then forgets both for the next poll.
    pub(crate) fn wait_with<T>(&self, wait: impl FnOnce(&[Wait], Option<Instant>) -> T) -> T {
        let until = WAIT_UNTIL.with(Cell::take);
        WAITS.with(|waits| {
            let mut waits = waits.borrow_mut();
            let outcome = wait(&waits[self.base..], until);
            waits.truncate(self.base);
            outcome
        })
    }
}

impl Drop for BlockingMode {
    fn drop(&mut self) {
        BLOCKING_MODE.with(|mode| mode.set(self.was));
        WAITS.with(|waits| waits.borrow_mut().truncate(self.base));
        WAIT_UNTIL.with(|until| until.set(self.outer_until));
    }
}

#[cfg_attr(not(unix), allow(dead_code))]
impl Wait {
    /// The stream to wait on.
    pub(crate) fn stream(&self) -> &std::net::TcpStream {
        self.stream.get_ref()
    }

    /// Whether it waits to read (else to write).
    pub(crate) fn is_read(&self) -> bool {
        self.interest == Interest::Read
    }
}

/// Whether the current thread runs an async task: an async-std task (or
/// its `block_on`), or with the `tokio` feature code that tokio polls
/// under its scheduling budget (see [`in_tokio_task`]).
pub(crate) fn in_async_task() -> bool {
    async_std::task::try_current().is_some() || in_tokio_task()
}

/// Whether tokio is polling the code running now: a task spawned on a
/// runtime (`tokio::spawn`, `spawn_local`), or the future of a runtime's
/// `block_on`, the body of `#[tokio::main]` and `#[tokio::test]` included.
/// Not recognised, so blocking stays allowed there: `spawn_blocking` and
/// `block_in_place` closures, a thread that merely entered a runtime
/// (`Handle::enter`), and futures inside `tokio::task::unconstrained`.
///
/// tokio polls tasks and `block_on` futures with a cooperative budget
/// (128 units today) and runs blocking closures without one, and
/// `task::try_id` cannot tell the two apart (a `spawn_blocking` closure has
/// a task id too). So this spends budget until none is left, which only a
/// budgeted poll runs out of, and then gives it all back: the first unit's
/// guard restores the budget as it was. No panic, nothing printed, nothing
/// left changed (tokio's unstable metrics count one forced yield). Debug
/// builds only.
#[cfg(feature = "tokio")]
fn in_tokio_task() -> bool {
    use std::task::{Context, Poll, Waker};
    use tokio::task::coop;

    /// More than tokio's budget: a budget that outlasts it reads as none.
    const PROBE_LIMIT: usize = 1024;
    if tokio::runtime::Handle::try_current().is_err() {
        return false;
    }
    if !coop::has_budget_remaining() {
        return true; // only a budgeted poll runs out
    }
    let mut cx = Context::from_waker(Waker::noop());
    let Poll::Ready(restore) = coop::poll_proceed(&mut cx) else {
        return true;
    };
    let mut budgeted = false;
    for _ in 0..PROBE_LIMIT {
        if !coop::has_budget_remaining() {
            budgeted = true;
            break;
        }
        // Checked first, so never Pending (which would defer a wake-up).
        if let Poll::Ready(spent) = coop::poll_proceed(&mut cx) {
            spent.made_progress(); // kept spent until `restore` drops
        }
    }
    drop(restore); // the budget as it was before the probe
    budgeted
}

#[cfg(not(feature = "tokio"))]
fn in_tokio_task() -> bool {
    false
}

/// Runs blocking `work` on smol's `blocking` thread pool (the one
/// async-std itself uses, without starting async-std's executor).
pub(crate) async fn unblock<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    blocking::unblock(work).await
}

/// Registers a bound std listener with the reactor (made non-blocking).
pub(crate) fn register_listener(listener: std::net::TcpListener) -> io::Result<TcpListener> {
    Async::new(listener)
}

/// Accepts one connection. Where accept4(2) exists, the accept itself makes
/// the stream non-blocking: one system call fewer per connection than
/// async-io's `accept`, which sets the flag afterwards.
pub(crate) async fn accept(listener: &TcpListener) -> io::Result<(TcpStream, SocketAddr)> {
    #[cfg(any(target_os = "linux", target_os = "android", target_os = "freebsd"))]
    {
        use rustix::net::{acceptfrom_with, SocketFlags};
        let flags = SocketFlags::NONBLOCK | SocketFlags::CLOEXEC;
        let (fd, addr) = listener
            .read_with(|listener| Ok(acceptfrom_with(listener, flags)?))
            .await?;
        let stream = std::net::TcpStream::from(fd);
        let addr = match addr.and_then(|addr| SocketAddr::try_from(addr).ok()) {
            Some(addr) => addr,
            // The peer is gone already: skipped as an aborted connection.
            None => stream
                .peer_addr()
                .map_err(|e| io::Error::new(io::ErrorKind::ConnectionAborted, e))?,
        };
        Ok((TcpStream(Arc::new(Async::new_nonblocking(stream)?)), addr))
    }
    #[cfg(not(any(target_os = "linux", target_os = "android", target_os = "freebsd")))]
    {
        let (stream, addr) = listener.accept().await?;
        Ok((TcpStream(Arc::new(stream)), addr))
    }
}

/// Resolves `host` with the system resolver on smol's blocking pool.
pub(crate) async fn resolve(host: &str, port: u16) -> io::Result<Vec<SocketAddr>> {
    use std::net::ToSocketAddrs;
    let host = host.to_owned();
    unblock(move || {
        (host.as_str(), port)
            .to_socket_addrs()
            .map(Iterator::collect)
    })
    .await
}

/// Spawns a task on async-std's global executor, the default
/// [`crate::Executor`], and lets it run on (detached).
pub(crate) fn spawn_detached(task: impl Future<Output = ()> + Send + 'static) {
    drop(async_std::task::spawn(task));
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

/// A deadline for one whole call made of many polls: the one place a
/// socket's read or write timeout is enforced, on an executor and in the
/// blocking facade alike.
///
/// Armed lazily, on the first poll that would block, so calls that complete
/// at once never touch the clock; the caller resets it when a call ends (and
/// before one starts, in case an earlier one was abandoned).
#[derive(Debug, Default)]
pub(crate) struct Deadline {
    armed: Option<Armed>,
}

#[derive(Debug)]
enum Armed {
    /// On an executor: a reactor timer wakes the task. Boxed: most calls
    /// never arm it, and every socket holds two deadlines.
    Timer(Box<Timer>),
    /// In blocking mode: the instant the thread's own wait is bounded by (a
    /// timer would wake the reactor thread on every call).
    Until(Instant),
}

impl Deadline {
    /// Ends the current call's deadline.
    #[inline]
    pub(crate) fn reset(&mut self) {
        self.armed = None;
    }

    /// Wraps the outcome of one poll of a call limited by `limit`: a pending
    /// outcome arms the deadline, and fails with `on_timeout` once it passed.
    #[inline]
    pub(crate) fn poll<T>(
        &mut self,
        cx: &mut Context<'_>,
        limit: Option<Duration>,
        outcome: Poll<io::Result<T>>,
        on_timeout: impl FnOnce(Duration) -> io::Error,
    ) -> Poll<io::Result<T>> {
        if outcome.is_ready() {
            return outcome;
        }
        let Some(limit) = limit else {
            return outcome;
        };
        let expired = if in_blocking_mode() {
            self.poll_until(limit)
        } else {
            self.poll_timer(cx, limit)
        };
        if expired {
            self.armed = None;
            return Poll::Ready(Err(on_timeout(limit)));
        }
        Poll::Pending
    }

    /// Blocking mode: whether the deadline passed; if not, bounds this
    /// thread's coming wait by it.
    fn poll_until(&mut self, limit: Duration) -> bool {
        let now = Instant::now();
        let until = match self.armed {
            Some(Armed::Until(until)) => until,
            _ => match now.checked_add(limit) {
                Some(until) => {
                    self.armed = Some(Armed::Until(until));
                    until
                }
                None => return false, // beyond the clock's range: never
            },
        };
        if now >= until {
            return true;
        }
        WAIT_UNTIL.with(|earliest| {
            earliest.set(Some(earliest.get().map_or(until, |e| e.min(until))));
        });
        false
    }

    /// On an executor: whether the timer fired; if not, it wakes the task.
    fn poll_timer(&mut self, cx: &mut Context<'_>, limit: Duration) -> bool {
        if !matches!(self.armed, Some(Armed::Timer(_))) {
            self.armed = Some(Armed::Timer(Box::new(Timer::after(limit))));
        }
        match &mut self.armed {
            Some(Armed::Timer(timer)) => Pin::new(&mut **timer).poll(cx).is_ready(),
            _ => false,
        }
    }
}
