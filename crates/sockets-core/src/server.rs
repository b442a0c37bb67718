//! [`Server`]: a running listener, and a `close()` that is a real barrier.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::io;
use std::net::SocketAddr;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use async_lock::Semaphore;
use event_listener::Event;

use crate::handler_scope::HandlerScope;
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
    /// What still runs: the accept loop and the connection tasks.
    running: Mutex<Running>,
    /// Notified whenever something in `running` ends.
    ended: Event,
}

#[derive(Debug)]
struct Running {
    accept_loop: bool,
    /// The sockets of running connections, to shut down after the timeout.
    connections: HashMap<u64, ShutdownHandle>,
    /// Handlers blocked in their own server's `close()`: no other handler's
    /// `close()` waits for them (two would wait for each other forever).
    closing: HashSet<u64>,
}

impl Running {
    /// Whether a `close()` called by handler `own` (or from outside, `None`)
    /// waits for connection `handle` and may shut it down.
    fn waits_for(&self, handle: u64, own: Option<u64>) -> bool {
        match own {
            None => true,
            Some(own) => handle != own && !self.closing.contains(&handle),
        }
    }
}

impl Shared {
    pub(crate) fn new(
        max_connections: Option<usize>,
    ) -> (Arc<Shared>, async_channel::Receiver<()>) {
        let (stop, stopped) = async_channel::bounded(1);
        let shared = Shared {
            counters: Counters::default(),
            limit: max_connections.map(|n| Arc::new(Semaphore::new(n))),
            stop,
            running: Mutex::new(Running {
                accept_loop: true,
                connections: HashMap::new(),
                closing: HashSet::new(),
            }),
            ended: Event::new(),
        };
        (Arc::new(shared), stopped)
    }

    /// This server's identity for [`HandlerScope`].
    pub(crate) fn id(self: &Arc<Self>) -> usize {
        Arc::as_ptr(self) as usize
    }

    /// Counts a connection as running until [`end_connection`](Self::end_connection).
    pub(crate) fn register(&self, handle: u64, socket: ShutdownHandle) {
        self.counters.active.fetch_add(1, Ordering::Relaxed);
        self.running().connections.insert(handle, socket);
    }

    pub(crate) fn end_connection(&self, handle: u64) {
        // Count down under the lock: `close()` sees the set empty only
        // after the count went down, so its caller reads `active == 0`.
        let mut running = self.running();
        if running.connections.remove(&handle).is_some() {
            self.counters.active.fetch_sub(1, Ordering::Relaxed);
        }
        drop(running);
        self.ended.notify(usize::MAX);
    }

    pub(crate) fn end_accept_loop(&self) {
        self.running().accept_loop = false;
        self.ended.notify(usize::MAX);
    }

    fn running(&self) -> MutexGuard<'_, Running> {
        // The sets stay consistent even if a holder panicked.
        self.running.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Whether everything but the connection `own` has ended; for a
    /// handler's own `close()` (`own` set), handlers closing too count as
    /// ended.
    fn all_ended_but(&self, own: Option<u64>) -> bool {
        let running = self.running();
        !running.accept_loop
            && !running
                .connections
                .keys()
                .any(|&h| running.waits_for(h, own))
    }

    /// Marks the handler `own` as blocked in `close()` until the guard drops.
    fn closing(&self, own: u64) -> Closing<'_> {
        self.running().closing.insert(own);
        self.ended.notify(usize::MAX);
        Closing { shared: self, own }
    }

    /// Waits until everything but the connection `own` has ended.
    async fn until_all_ended_but(&self, own: Option<u64>) {
        loop {
            // Listen first, then check: an end between the two still wakes.
            let listener = self.ended.listen();
            if self.all_ended_but(own) {
                return;
            }
            listener.await;
        }
    }

    fn shut_down_all_but(&self, own: Option<u64>) {
        let running = self.running();
        let sockets: Vec<ShutdownHandle> = (running.connections.iter())
            .filter(|(&h, _)| running.waits_for(h, own))
            .map(|(_, socket)| socket.clone())
            .collect();
        drop(running);
        for socket in sockets {
            socket.shutdown();
        }
    }
}

/// A handler inside its own server's `close()`.
struct Closing<'a> {
    shared: &'a Shared,
    own: u64,
}

impl Drop for Closing<'_> {
    fn drop(&mut self) {
        self.shared.running().closing.remove(&self.own);
    }
}

/// A running server, from [`serve`](crate::serve) or
/// [`serve_with`](crate::serve_with).
///
/// `Server` is `Send + Sync`: close it from any task or thread, even from
/// one of its own handlers. Dropping it without [`close`](Self::close) stops
/// accepting; running handlers go on.
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
}

impl Server {
    pub(crate) fn new(
        local_addr: SocketAddr,
        shared: Arc<Shared>,
        shutdown_timeout: Duration,
    ) -> Server {
        Server {
            local_addr,
            shared,
            shutdown_timeout,
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
    /// Called from inside one of this server's own handlers, it stops
    /// accepting and waits for every *other* handler (under the same
    /// shutdown timeout), but never waits for nor shuts down the calling
    /// handler's connection, and returns `Ok`: that handler then finishes
    /// normally, and a `close` from outside returns once it has. Handlers
    /// that call `close` at the same time do not wait for each other.
    /// Dropping the last handle to the server inside a handler just stops
    /// accepting.
    ///
    /// # Errors
    /// None today; the `io::Result` leaves room for a listener that fails to
    /// close.
    ///
    /// # Cancel safety
    /// Cancel-safe: accepting stops at the first poll, and dropping the
    /// future only stops the waiting (handlers run on, past the shutdown
    /// timeout too). Call `close` again to wait for them.
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
        // Called from inside one of this server's handlers: that handler
        // cannot return while it waits here, so it is not waited for, nor
        // shut down (Go's `Server.Shutdown` deadlocks on this instead).
        let own = HandlerScope::current_of(self.shared.id());
        let _closing = own.map(|own| self.shared.closing(own));
        let graceful = runtime::timeout(
            Some(self.shutdown_timeout),
            async {
                self.shared.until_all_ended_but(own).await;
                Ok(())
            },
            || io::ErrorKind::TimedOut.into(),
        )
        .await;
        if graceful.is_err() {
            log::warn!(
                "server on {}: handlers still running after {:?}; shutting their sockets down",
                self.local_addr,
                self.shutdown_timeout
            );
            self.shared.shut_down_all_but(own);
            self.shared.until_all_ended_but(own).await;
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
