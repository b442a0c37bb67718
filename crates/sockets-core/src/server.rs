//! [`Server`]: a running listener, and a `close()` that is a real barrier.

use std::collections::HashMap;
use std::fmt;
use std::io;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use async_lock::Semaphore;

use crate::runtime::{self, ShutdownHandle};
use crate::stats::{Counters, ServerStats};

/// State shared by a [`Server`], its accept loop and its connection tasks.
#[derive(Debug)]
pub(crate) struct Shared {
    pub(crate) counters: Counters,
    /// Permits for `max_connections`, if set.
    pub(crate) limit: Option<Arc<Semaphore>>,
    /// Closing it tells the accept loop to stop.
    stop: async_channel::Sender<()>,
    /// The sockets of running connections, to shut down after the timeout.
    live: Mutex<HashMap<u64, ShutdownHandle>>,
}

/// The two ends of the "still running" count: every task holds a sender;
/// the receiver's `recv` fails once the last one is dropped.
pub(crate) type Alive = (async_channel::Sender<()>, async_channel::Receiver<()>);

impl Shared {
    pub(crate) fn new(
        max_connections: Option<usize>,
    ) -> (Arc<Shared>, async_channel::Receiver<()>, Alive) {
        let (stop, stopped) = async_channel::bounded(1);
        let shared = Shared {
            counters: Counters::default(),
            limit: max_connections.map(|n| Arc::new(Semaphore::new(n))),
            stop,
            live: Mutex::new(HashMap::new()),
        };
        (Arc::new(shared), stopped, async_channel::bounded(1))
    }

    pub(crate) fn register(&self, handle: u64, socket: ShutdownHandle) {
        self.live().insert(handle, socket);
    }

    pub(crate) fn unregister(&self, handle: u64) {
        self.live().remove(&handle);
    }

    fn live(&self) -> std::sync::MutexGuard<'_, HashMap<u64, ShutdownHandle>> {
        // The map stays consistent even if a holder panicked.
        self.live.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn shut_down_all(&self) {
        let sockets: Vec<ShutdownHandle> = self.live().values().cloned().collect();
        for socket in sockets {
            socket.shutdown();
        }
    }
}

/// A running server, from [`serve`](crate::serve) or
/// [`serve_with`](crate::serve_with).
///
/// `Server` is `Send + Sync`: close it from any task or thread. Dropping it
/// without [`close`](Self::close) stops accepting; running handlers go on.
///
/// # Examples
/// ```
/// # async_std::task::block_on(async {
/// use sockets_core::serve;
/// let server = serve("127.0.0.1", 0, |_conn| async { Ok(()) }).await?;
/// let closer = std::thread::spawn(move || async_std::task::block_on(server.close())); // Send + Sync
/// closer.join().expect("closing thread")?;
/// # std::io::Result::Ok(()) }).unwrap();
/// ```
pub struct Server {
    local_addr: SocketAddr,
    shared: Arc<Shared>,
    shutdown_timeout: Duration,
    alive: async_channel::Receiver<()>,
}

impl Server {
    pub(crate) fn new(
        local_addr: SocketAddr,
        shared: Arc<Shared>,
        shutdown_timeout: Duration,
        alive: async_channel::Receiver<()>,
    ) -> Server {
        Server {
            local_addr,
            shared,
            shutdown_timeout,
            alive,
        }
    }

    /// The address the server listens on, with the real port when port 0
    /// was asked for.
    ///
    /// # Examples
    /// ```
    /// # async_std::task::block_on(async {
    /// use sockets_core::serve;
    /// let server = serve("127.0.0.1", 0, |_conn| async { Ok(()) }).await?;
    /// assert_ne!(server.local_addr().port(), 0); // the port picked for 0
    /// server.close().await?;
    /// # std::io::Result::Ok(()) }).unwrap();
    /// ```
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// Stops accepting at once, then waits for every running handler.
    /// Connections still waiting in the listen backlog are not accepted
    /// (their clients see a reset).
    ///
    /// Handlers still running after the shutdown timeout have their sockets
    /// shut down, so one blocked in `read_line` sees end of stream (or an
    /// error) and returns; `close` still waits for them to return. When it
    /// returns, the port is free to bind again, no handler is running, and
    /// every effect of every handler happens-before the return: use it as the
    /// synchronisation barrier instead of sleeping. Calling it twice, or from
    /// two tasks at once, is fine.
    ///
    /// # Errors
    /// None today; the `io::Result` leaves room for a listener that fails to
    /// close.
    ///
    /// # Examples
    /// ```
    /// # async_std::task::block_on(async {
    /// use std::sync::atomic::{AtomicUsize, Ordering};
    /// use std::sync::Arc;
    /// use sockets_core::{dial, serve, DialOptions};
    ///
    /// let served = Arc::new(AtomicUsize::new(0));
    /// let counter = served.clone();
    /// let server = serve("127.0.0.1", 0, move |mut conn| {
    ///     let counter = counter.clone();
    ///     async move {
    ///         conn.stream.writeln("welcome").await?;
    ///         conn.stream.read_all().await?;
    ///         counter.fetch_add(1, Ordering::Relaxed);
    ///         Ok(())
    ///     }
    /// })
    /// .await?;
    /// let mut client = dial("127.0.0.1", server.local_addr().port(), DialOptions::default()).await?;
    /// client.read_line().await?; // accepted: close() will wait for its handler
    /// client.close().await?;
    /// server.close().await?;
    /// assert_eq!(served.load(Ordering::Relaxed), 1);
    /// # std::io::Result::Ok(()) }).unwrap();
    /// ```
    pub async fn close(&self) -> io::Result<()> {
        self.shared.stop.close();
        let all_returned = || async {
            while self.alive.recv().await.is_ok() {}
            Ok(())
        };
        let graceful = runtime::timeout(Some(self.shutdown_timeout), all_returned(), || {
            io::ErrorKind::TimedOut.into()
        })
        .await;
        if graceful.is_err() {
            log::warn!(
                "server on {}: handlers still running after {:?}; shutting their sockets down",
                self.local_addr,
                self.shutdown_timeout
            );
            self.shared.shut_down_all();
            all_returned().await?;
        }
        Ok(())
    }

    /// The server's counters now.
    ///
    /// # Examples
    /// ```
    /// # async_std::task::block_on(async {
    /// use sockets_core::serve;
    /// let server = serve("127.0.0.1", 0, |_conn| async { Ok(()) }).await?;
    /// assert_eq!(server.stats().accepted, 0);
    /// server.close().await?;
    /// # std::io::Result::Ok(()) }).unwrap();
    /// ```
    pub fn stats(&self) -> ServerStats {
        self.shared.counters.snapshot()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.shared.stop.close();
    }
}

impl fmt::Debug for Server {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Server")
            .field("local_addr", &self.local_addr)
            .field("stats", &self.stats())
            .finish()
    }
}
