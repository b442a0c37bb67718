//! The threads a blocking server runs its handlers on: one named thread per
//! connection, owned by the server and joined by [`Server::close`].
//!
//! A thread per connection, not a shared pool: a pool with a cap (smol's
//! `blocking` caps at 500 threads) stalls the 501st client and everything
//! else queued on that pool, DNS included. The number of threads is bounded
//! by `max_connections` when it is set, and by the system otherwise.
//!
//! [`Server::close`]: crate::Server::close

use std::io;
use std::panic::{self, AssertUnwindSafe};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError};
use std::thread::{self, JoinHandle};

use sockets_core::__private::HandlerScope;

use crate::conn::Conn;

/// The name of every handler thread.
pub(crate) const THREAD_NAME: &str = "sockets-handler";

/// Each handler thread's stack: 256 KiB instead of std's 2 MiB, so 10,000
/// blocked handlers reserve 2.5 GiB of address space rather than 20 GiB.
/// Only the pages a handler touches count toward its memory (about 12 KB
/// in all for one blocked in `read_line`, see `docs/blocking.md`). A handler that
/// needs more can set `RUST_MIN_STACK`, which this honours when larger.
pub(crate) const STACK_SIZE: usize = 256 * 1024;

/// The handler threads of one server, to join on close.
#[derive(Debug, Default)]
pub(crate) struct HandlerThreads {
    running: Mutex<Threads>,
    /// Held while joining, so a second `close()` waits for the first's joins.
    joining: Mutex<()>,
}

#[derive(Debug, Default)]
struct Threads {
    handles: Vec<JoinHandle<()>>,
    /// Finished threads are dropped from `handles` when it doubles past this.
    prune_at: usize,
}

/// A handler's outcome, or the panic it raised.
type Outcome = thread::Result<io::Result<()>>;

impl HandlerThreads {
    fn threads(&self) -> MutexGuard<'_, Threads> {
        self.running.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Runs `handler(conn)` on a new handler thread, in the scope of the
    /// calling (async) handler so that `Server::close` from inside it knows
    /// its own connection. The returned future ends with the handler's
    /// result, re-raising its panic in the connection's task, where the
    /// server counts it.
    pub(crate) fn spawn<F>(
        &self,
        conn: sockets_core::Conn,
        handler: Arc<F>,
    ) -> impl std::future::Future<Output = io::Result<()>> + Send + 'static
    where
        F: Fn(Conn) -> io::Result<()> + Send + Sync + 'static,
    {
        let (handle, remote_addr) = (conn.handle, conn.remote_addr);
        let scope = HandlerScope::current();
        let (done, outcome) = async_channel::bounded::<Outcome>(1);
        let spawned = thread::Builder::new()
            .name(THREAD_NAME.into())
            .stack_size(stack_size())
            .spawn(move || {
                let _scope = scope.map(HandlerScope::enter);
                let result = panic::catch_unwind(AssertUnwindSafe(|| handler(Conn::from(conn))));
                let _ = done.try_send(result);
            });
        let spawned = spawned.map(|thread| self.keep(thread)).map_err(|e| {
            io::Error::new(
                e.kind(),
                format!(
                    "cannot start a handler thread for connection {handle} from {remote_addr}: {e}"
                ),
            )
        });
        async move {
            spawned?;
            match outcome.recv().await {
                Ok(Ok(result)) => result,
                Ok(Err(panic)) => panic::resume_unwind(panic),
                Err(_) => Err(io::Error::other(format!(
                    "the handler thread for connection {handle} from {remote_addr} ended without a result"
                ))),
            }
        }
    }

    fn keep(&self, thread: JoinHandle<()>) {
        let mut threads = self.threads();
        threads.handles.push(thread);
        if threads.handles.len() > threads.prune_at {
            // Dropping a finished thread's handle frees it; amortised O(1).
            threads.handles.retain(|t| !t.is_finished());
            threads.prune_at = (threads.handles.len() * 2).max(64);
        }
    }

    /// Joins every handler thread but the calling one (a handler closing
    /// its own server); those threads have returned their results already,
    /// this waits for them to exit.
    pub(crate) fn join_all(&self) {
        let _joining = self.joining.lock().unwrap_or_else(PoisonError::into_inner);
        let me = thread::current().id();
        let handles = std::mem::take(&mut self.threads().handles);
        let mut own = Vec::new();
        for handle in handles {
            if handle.thread().id() == me {
                own.push(handle);
            } else {
                // A handler's panic was caught on its thread: join is Ok.
                let _ = handle.join();
            }
        }
        self.threads().handles.extend(own);
    }
}

/// [`STACK_SIZE`], or `RUST_MIN_STACK` when that asks for more (read once,
/// as std does).
fn stack_size() -> usize {
    static SIZE: OnceLock<usize> = OnceLock::new();
    *SIZE.get_or_init(|| {
        std::env::var("RUST_MIN_STACK")
            .ok()
            .and_then(|s| s.parse::<usize>().ok())
            .map_or(STACK_SIZE, |min| min.max(STACK_SIZE))
    })
}
