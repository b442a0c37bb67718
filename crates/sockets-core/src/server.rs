//! [`Server`]: a running listener, and a `close()` that is a real barrier.

use std::collections::HashMap;
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
use crate::unstarted::Abandon;

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

struct Running {
    /// Set while the accept loop runs, to drop it if it never starts.
    accept_loop: Option<Arc<dyn Abandon>>,
    /// Set by `close()` and by dropping the `Server`: no connection is
    /// registered after it, so a connection accepted in that instant is
    /// closed rather than missed by `close()`.
    stopped: bool,
    connections: HashMap<u64, Connection>,
    /// Tasks the executor never ran, not yet reported by a `close()`.
    unrun: Unrun,
}

/// A running connection, as `close()` sees it.
struct Connection {
    /// Its socket, to shut down after the timeout.
    socket: ShutdownHandle,
    /// Its task's payload until the executor starts the task.
    start: Arc<dyn Abandon>,
    /// Calls of its handler to its own server's `close()` under way: no
    /// other handler's `close()` waits for it then (two would wait for each
    /// other forever).
    closing: usize,
    /// Whether its handler has called its own server's `close()`: no
    /// `close()` shuts its socket down after that, so the answer it sends
    /// after `close()` returns reaches its client.
    called_close: bool,
}

/// Tasks the executor dropped unpolled or had not polled by the end of the
/// shutdown timeout; the server dropped their work.
#[derive(Debug, Default, Clone, Copy)]
struct Unrun {
    accept_loop: bool,
    connections: u64,
}

impl Unrun {
    fn any(self) -> bool {
        self.accept_loop || self.connections > 0
    }

    /// The error `close()` returns for them.
    fn error(self, local_addr: SocketAddr) -> io::Error {
        let connections = match self.connections {
            0 => String::new(),
            1 => "1 connection task".to_owned(),
            n => format!("{n} connection tasks"),
        };
        let what = match (self.accept_loop, connections.is_empty()) {
            (true, true) => "its accept loop".to_owned(),
            (true, false) => format!("its accept loop and {connections}"),
            (false, _) => connections,
        };
        io::Error::other(format!(
            "server on {local_addr}: the executor never ran {what}; the server dropped them \
             unrun, closing those connections without running their handlers \
             (see sockets_core::Executor)"
        ))
    }
}

impl fmt::Debug for Running {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Running")
            .field("accept_loop", &self.accept_loop.is_some())
            .field("stopped", &self.stopped)
            .field("connections", &self.connections.len())
            .field("unrun", &self.unrun)
            .finish()
    }
}

impl Running {
    /// Whether a `close()` called by handler `own` (or from outside, `None`)
    /// waits for `connection` (number `handle`).
    fn waits_for(handle: u64, connection: &Connection, own: Option<u64>) -> bool {
        match own {
            None => true,
            Some(own) => handle != own && connection.closing == 0,
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
                accept_loop: None,
                stopped: false,
                connections: HashMap::new(),
                unrun: Unrun::default(),
            }),
            ended: Event::new(),
        };
        (Arc::new(shared), stopped)
    }

    /// This server's identity for [`HandlerScope`].
    pub(crate) fn id(self: &Arc<Self>) -> usize {
        Arc::as_ptr(self) as usize
    }

    /// Counts the accept loop as running until
    /// [`end_accept_loop`](Self::end_accept_loop); call before spawning it.
    pub(crate) fn start_accept_loop(&self, start: Arc<dyn Abandon>) {
        self.running().accept_loop = Some(start);
    }

    /// Counts a connection as running until
    /// [`end_connection`](Self::end_connection); call before spawning its
    /// task. `false` once the server is stopped: drop the connection then.
    pub(crate) fn register(
        &self,
        handle: u64,
        socket: ShutdownHandle,
        start: Arc<dyn Abandon>,
    ) -> bool {
        let mut running = self.running();
        if running.stopped {
            return false;
        }
        let connection = Connection {
            socket,
            start,
            closing: 0,
            called_close: false,
        };
        running.connections.insert(handle, connection);
        self.counters.active.fetch_add(1, Ordering::Relaxed);
        true
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
        let ended = self.running().accept_loop.take();
        drop(ended);
        self.ended.notify(usize::MAX);
    }

    /// Records a task the executor dropped without running it.
    pub(crate) fn dropped_unrun(&self, accept_loop: bool) {
        let mut running = self.running();
        if accept_loop {
            running.unrun.accept_loop = true;
        } else {
            running.unrun.connections += 1;
        }
    }

    /// Stops accepting: no connection is registered from now on.
    fn stop_accepting(&self) {
        self.running().stopped = true;
        self.stop.close();
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
        running.accept_loop.is_none()
            && !(running.connections.iter()).any(|(&h, c)| Running::waits_for(h, c, own))
    }

    /// Marks the handler `own` as inside `close()` until the guard drops.
    fn closing(&self, own: u64) -> Closing<'_> {
        if let Some(connection) = self.running().connections.get_mut(&own) {
            connection.closing += 1;
            connection.called_close = true;
        }
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

    /// Shuts down the sockets of every connection whose handler has not
    /// called `close()` (the caller's own among those that have).
    fn shut_down_all_but_closers(&self) {
        let sockets: Vec<ShutdownHandle> = (self.running().connections.values())
            .filter(|c| !c.called_close)
            .map(|c| c.socket.clone())
            .collect();
        for socket in sockets {
            socket.shutdown();
        }
    }

    /// Drops the work of every task the executor has not started: the
    /// accept loop's listener, connections without their handler.
    fn abandon_unstarted(&self) {
        let starts: Vec<(bool, Arc<dyn Abandon>)> = {
            let running = self.running();
            (running.accept_loop.iter().map(|s| (true, s.clone())))
                .chain(
                    running
                        .connections
                        .values()
                        .map(|c| (false, c.start.clone())),
                )
                .collect()
        };
        // Abandoned outside the lock: dropping a payload ends its task.
        for (accept_loop, start) in starts {
            if start.abandon() {
                self.dropped_unrun(accept_loop);
            }
        }
    }

    /// The tasks the executor never ran since the last report.
    fn take_unrun(&self) -> Unrun {
        std::mem::take(&mut self.running().unrun)
    }
}

/// A handler inside its own server's `close()`.
struct Closing<'a> {
    shared: &'a Shared,
    own: u64,
}

impl Drop for Closing<'_> {
    fn drop(&mut self) {
        if let Some(connection) = self.shared.running().connections.get_mut(&self.own) {
            connection.closing = connection.closing.saturating_sub(1);
        }
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
    /// normally. A handler that has called `close` is never shut down by any
    /// later or concurrent `close`, from outside or from another handler:
    /// those wait for it to return, however long it takes (a `close` from
    /// outside returns once it has). Handlers that call `close` at the same
    /// time do not wait for each other. Dropping the last handle to the
    /// server inside a handler just stops accepting.
    ///
    /// A task the [`Executor`](crate::Executor) was given but never ran
    /// cannot hang `close`: once the shutdown timeout has passed, `close`
    /// drops every task the executor has not started (the accept loop with
    /// its listener, connections closed without their handler) and stops
    /// waiting for them. Tasks that started are waited for, however slow.
    ///
    /// # Errors
    /// An error (kind `Other`) naming the server's address and how many
    /// tasks the executor never ran, when it dropped tasks unpolled or had
    /// not polled them by the end of the shutdown timeout; everything else
    /// has ended even then, as for `Ok`. Each such task is reported once.
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
        self.shared.stop_accepting();
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
            self.shared.shut_down_all_but_closers();
            self.shared.abandon_unstarted();
            self.shared.until_all_ended_but(own).await;
        }
        let unrun = self.shared.take_unrun();
        if unrun.any() {
            return Err(unrun.error(self.local_addr));
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
        self.shared.stop_accepting();
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
