//! [`serve`] and [`serve_with`]: the accept loop and each connection's task.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use futures_lite::FutureExt;

use crate::conn::Conn;
use crate::executor::Spawner;
use crate::handler_scope::{HandlerScope, InScope};
use crate::listener::{Listener, Setup};
use crate::runtime::{self, TcpStream};
use crate::serve_options::ServeOptions;
use crate::server::{Server, Shared};
use crate::socket::Socket;
use crate::stats::Counters;
use crate::unstarted::on_first_poll;

/// The pause after an accept error the listener does not retry itself
/// (those of running out of descriptors it does): no spinning on a
/// persistent error.
const ACCEPT_ERROR_PAUSE: Duration = Duration::from_secs(1);

/// Listens on `host:port` and runs `handler` in its own task for each
/// connection, with the default [`ServeOptions`].
///
/// `host` is an IPv4 or IPv6 literal (`"0.0.0.0"` and `"::"` listen on every
/// interface) or a name, spelled as for [`dial`](crate::dial) (brackets,
/// IPv6 zones, case and a trailing dot; whitespace is rejected); port 0 picks a free port, see
/// [`Server::local_addr`]. A handler's `Err` is counted and logged at warn
/// with the peer's address; a panic is caught, its connection closed and
/// counted; neither disturbs other connections.
///
/// # Errors
/// `InvalidInput` for an empty host or invalid options (bad TLS PEM among
/// them); a resolution error naming the host; `AddrInUse` and other bind
/// errors naming the address.
///
/// # Examples
/// ```
/// # async_std::task::block_on(async {
/// use sockets_core::{dial, serve, DialOptions};
///
/// let server = serve("127.0.0.1", 0, |mut conn| async move {
///     conn.stream.writeln("hello from sockets").await?;
///     conn.stream.close().await
/// })
/// .await?;
///
/// let mut client = dial("127.0.0.1", server.local_addr().port(), DialOptions::default()).await?;
/// assert_eq!(client.read_line().await?.as_deref(), Some("hello from sockets"));
/// server.close().await?; // every handler has returned
/// # std::io::Result::Ok(()) }).unwrap();
/// ```
pub async fn serve<F, Fut>(host: &str, port: u16, handler: F) -> io::Result<Server>
where
    F: Fn(Conn) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = io::Result<()>> + Send + 'static,
{
    serve_with(host, port, ServeOptions::default(), handler).await
}

/// As [`serve`], with options: TLS, connection limit, timeouts, backlog.
///
/// # Errors
/// As [`serve`].
///
/// # Examples
/// ```
/// # async_std::task::block_on(async {
/// use std::time::Duration;
/// use sockets_core::{serve_with, ServeOptions};
///
/// let options = ServeOptions::default()
///     .max_connections(100)
///     .shutdown_timeout(Duration::from_secs(1));
/// let server = serve_with("127.0.0.1", 0, options, |_conn| async { Ok(()) }).await?;
/// assert_ne!(server.local_addr().port(), 0);
/// server.close().await?;
/// # std::io::Result::Ok(()) }).unwrap();
/// ```
pub async fn serve_with<F, Fut>(
    host: &str,
    port: u16,
    options: ServeOptions,
    handler: F,
) -> io::Result<Server>
where
    F: Fn(Conn) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = io::Result<()>> + Send + 'static,
{
    let listener = Listener::bind(host, port, &options, "serve").await?;
    let local_addr = listener.local_addr();

    let (shared, stop) = Shared::new(options.max_connections);
    let shutdown_timeout = options.get_shutdown_timeout();
    let plan = Plan {
        handler,
        setup: listener.setup(),
        shared: shared.clone(),
        executor: options.executor,
    };
    let accepting = AcceptLoopRuns(shared.clone());
    let plan = Arc::new(plan);
    let unrun = shared.clone();
    let (start, task) = on_first_poll(
        (listener, plan.clone(), stop, accepting),
        |(listener, plan, stop, accepting)| accept_loop(listener, plan, stop, accepting),
        move || unrun.dropped_unrun(true),
    );
    shared.start_accept_loop(start);
    plan.executor.spawn(task);
    Ok(Server::new(local_addr, shared, shutdown_timeout))
}

/// Everything a connection's task needs, shared by all of them (one
/// pointer per task).
struct Plan<F> {
    handler: F,
    /// How an accepted stream becomes a socket (TLS, settings).
    setup: Arc<Setup>,
    shared: Arc<Shared>,
    executor: Spawner,
}

/// Held by the accept loop: `close()` knows it has ended when this drops,
/// also if the executor drops the task without running it, or `close()`
/// drops the work of a task the executor never started.
struct AcceptLoopRuns(Arc<Shared>);

impl Drop for AcceptLoopRuns {
    fn drop(&mut self) {
        self.0.end_accept_loop();
    }
}

/// Accepts until the server is stopped.
async fn accept_loop<F, Fut>(
    listener: Listener,
    plan: Arc<Plan<F>>,
    stop: async_channel::Receiver<()>,
    accepting: AcceptLoopRuns,
) where
    F: Fn(Conn) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = io::Result<()>> + Send + 'static,
{
    let mut next_handle = 1;
    // One stop future for the whole loop: a fresh one per accept would
    // register a new listener on the channel every time.
    let mut stopped = std::pin::pin!(stop.recv());
    loop {
        let permit = match &plan.shared.limit {
            None => None,
            Some(limit) => match until_stopped(stopped.as_mut(), limit.acquire_arc()).await {
                Some(permit) => Some(permit),
                None => break,
            },
        };
        let accepted = until_stopped(stopped.as_mut(), listener.accept_tcp()).await;
        match accepted {
            None => break,
            Some(Ok((stream, remote_addr))) => {
                let handle = next_handle;
                next_handle += 1;
                let socket = stream.shutdown_handle();
                let held = Held {
                    _permit: permit,
                    shared: plan.shared.clone(),
                    handle,
                };
                let unrun = plan.shared.clone();
                // The connection's future is built on the first poll, so
                // the task holds it once (not captured, then awaited).
                let (start, task) = on_first_poll(
                    (stream, plan.clone(), held),
                    move |(stream, plan, held)| connection(handle, stream, remote_addr, plan, held),
                    move || unrun.dropped_unrun(false),
                );
                if !plan.shared.register(handle, socket, start.clone()) {
                    // Stopped in the meantime: closed unserved, as a
                    // connection still in the backlog is.
                    start.abandon();
                    break;
                }
                Counters::bump(&plan.shared.counters.accepted);
                plan.executor.spawn(task);
                // Let the new connection's task start before the next
                // accept, which usually finds the backlog empty and re-arms
                // the listener: the connection is served that much sooner
                // (accept rate +10% on async-std). It also keeps a busy
                // listener from holding a thread of an executor that never
                // preempts (async-std's has no cooperative budget).
                futures_lite::future::yield_now().await;
            }
            Some(Err(e)) => {
                log::warn!("{e}; retrying in {ACCEPT_ERROR_PAUSE:?}");
                until_stopped(stopped.as_mut(), runtime::sleep(ACCEPT_ERROR_PAUSE)).await;
            }
        }
    }
    drop(listener);
    drop(accepting);
}

/// Runs `future` unless the server stops first (`None`).
async fn until_stopped<T, S: Future>(
    stopped: Pin<&mut S>,
    future: impl Future<Output = T>,
) -> Option<T> {
    let stopped = async {
        stopped.await;
        None
    };
    stopped.or(async { Some(future.await) }).await
}

/// What a connection task holds until it ends, or until the executor drops
/// it (or `close()` drops the work of a task never started): its
/// `max_connections` permit and its place among the running connections
/// `close()` waits for.
struct Held {
    _permit: Option<async_lock::SemaphoreGuardArc>,
    shared: Arc<Shared>,
    handle: u64,
}

impl Drop for Held {
    fn drop(&mut self) {
        self.shared.end_connection(self.handle);
    }
}

/// The payload of a caught panic.
type Panic = Box<dyn std::any::Any + Send>;

/// A handler's outcome, or the panic it raised.
type Outcome = Result<io::Result<()>, Panic>;

/// One connection: TLS handshake (in this task, never the accept loop),
/// then the handler, with its error or panic counted.
async fn connection<F, Fut>(
    handle: u64,
    stream: TcpStream,
    remote_addr: SocketAddr,
    plan: Arc<Plan<F>>,
    held: Held,
) where
    F: Fn(Conn) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = io::Result<()>> + Send + 'static,
{
    let tls_failures = || Counters::bump(&plan.shared.counters.tls_failures);
    let started = match plan
        .setup
        .establish(stream, remote_addr, tls_failures)
        .await
    {
        Ok(socket) => Some(start_handler(&plan, handle, remote_addr, socket)),
        Err(e) => {
            // Warn: a failed handshake is the server operator's to fix
            // (certificate, protocol) or to know about (a scanner).
            log::warn!("{e}");
            None
        }
    };
    if let Some(started) = started {
        let outcome: Outcome = match started {
            Ok(future) => AssertUnwindSafe(future).catch_unwind().await,
            Err(panic) => Err(panic),
        };
        count(&plan.shared.counters, handle, remote_addr, outcome);
    }
    drop(held);
}

/// Calls the handler (under catch_unwind) and boxes its future: the task
/// then holds a pointer, not the handler's whole state a second time. The
/// handler runs inside its [`HandlerScope`], so a `close()` it calls knows
/// not to wait for it.
fn start_handler<F, Fut>(
    plan: &Plan<F>,
    handle: u64,
    remote_addr: SocketAddr,
    socket: Socket,
) -> Result<InScope<Fut>, Panic>
where
    F: Fn(Conn) -> Fut,
{
    let conn = Conn {
        handle,
        local_addr: socket.local_addr(),
        remote_addr,
        stream: socket,
    };
    let scope = HandlerScope::new(plan.shared.id(), handle);
    let _scope = scope.enter();
    std::panic::catch_unwind(AssertUnwindSafe(|| InScope {
        scope,
        future: Box::pin((plan.handler)(conn)),
    }))
}

/// Counts and logs a handler's error or panic.
fn count(counters: &Counters, handle: u64, remote_addr: SocketAddr, outcome: Outcome) {
    match outcome {
        Ok(Ok(())) => {}
        Ok(Err(e)) => {
            Counters::bump(&counters.handler_errors);
            log::warn!("handler for connection {handle} from {remote_addr} failed: {e}");
        }
        Err(_) => {
            Counters::bump(&counters.handler_panics);
            log::warn!(
                "handler for connection {handle} from {remote_addr} panicked; connection closed"
            );
        }
    }
}
