//! [`Server`]: the blocking twin of `sockets_core::Server`.

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;

use sockets_core::ServerStats;

use crate::call::call;
use crate::handler_threads::HandlerThreads;

/// A running server, from [`serve`](crate::serve). `Send + Sync`: close it
/// from any thread, even from one of its own handlers.
///
/// # Drop
/// Dropping it without [`close`](Self::close) stops accepting and returns
/// at once. Running handlers go on, each on its `sockets-handler` thread,
/// which ends when its handler returns; nothing joins those threads any
/// more (as a dropped `std::thread::JoinHandle` detaches its thread).
/// `Drop` does not join on purpose: a handler may never return (blocked on
/// a peer that sends nothing, with no read timeout), so a joining `Drop`
/// could block forever, and one run inside a handler would wait for
/// itself. [`close`](Self::close) is the barrier: it shuts down handlers
/// still running after the shutdown timeout, joins every thread, and
/// returns once every handler's effects are visible.
///
/// ```
/// use std::sync::atomic::{AtomicUsize, Ordering};
/// use std::sync::Arc;
/// use sockets_blocking::{dial, serve, DialOptions};
///
/// let greeted = Arc::new(AtomicUsize::new(0));
/// let counter = greeted.clone();
/// let server = serve("127.0.0.1", 0, move |mut conn| {
///     conn.stream.writeln("hello")?;
///     counter.fetch_add(1, Ordering::Relaxed);
///     Ok(())
/// })?;
/// for _ in 0..3 {
///     dial("127.0.0.1", server.local_addr().port(), DialOptions::default())?.read_line()?;
/// }
/// server.close()?; // the barrier: all three handlers have returned
/// assert_eq!(greeted.load(Ordering::Relaxed), 3);
/// assert_eq!(server.stats().accepted, 3);
/// # std::io::Result::Ok(())
/// ```
#[derive(Debug)]
pub struct Server {
    inner: sockets_core::Server,
    threads: Arc<HandlerThreads>,
}

impl Server {
    /// The address the server listens on (the real port when 0 was asked).
    ///
    /// # Examples
    /// ```
    /// use sockets_blocking::{dial, serve, DialOptions};
    /// let server = serve("127.0.0.1", 0, |mut conn| conn.stream.writeln("hi"))?;
    /// assert_ne!(server.local_addr().port(), 0);
    /// server.close()?;
    /// # std::io::Result::Ok(())
    /// ```
    pub fn local_addr(&self) -> SocketAddr {
        self.inner.local_addr()
    }

    /// Stops accepting at once and blocks until every handler returned and
    /// its thread is joined; a handler still running after the shutdown
    /// timeout has its socket shut down first. Every effect of every handler
    /// happens-before the return. Idempotent.
    ///
    /// Called from inside one of this server's handlers, it waits for every
    /// other handler only, never shuts down the caller's own connection,
    /// and returns `Ok`; no later `close` shuts that connection down either,
    /// and a `close` from outside returns once that handler has returned
    /// too. See [`sockets_core::Server::close`].
    ///
    /// # Errors
    /// As [`sockets_core::Server::close`]: an executor (from
    /// [`ServeOptions::executor`](sockets_core::ServeOptions::executor)) that
    /// never ran some of the server's tasks.
    ///
    /// # Panics
    /// In debug builds, when called from inside an async task.
    ///
    /// # Examples
    /// ```
    /// use sockets_blocking::{dial, serve, DialOptions};
    /// let server = serve("127.0.0.1", 0, |mut conn| conn.stream.writeln("hi"))?;
    /// dial("127.0.0.1", server.local_addr().port(), DialOptions::default())?.read_line()?;
    /// server.close()?; // the handler has returned
    /// server.close()?; // idempotent
    /// assert_eq!(server.stats().active, 0);
    /// # std::io::Result::Ok(())
    /// ```
    pub fn close(&self) -> io::Result<()> {
        let closed = call("Server::close", self.inner.close());
        self.threads.join_all(); // also after an error: every handler has returned
        closed
    }

    /// The server's counters now.
    ///
    /// # Examples
    /// ```
    /// use sockets_blocking::{dial, serve, DialOptions};
    /// let server = serve("127.0.0.1", 0, |mut conn| conn.stream.writeln("hi"))?;
    /// dial("127.0.0.1", server.local_addr().port(), DialOptions::default())?.read_line()?;
    /// server.close()?;
    /// assert_eq!(server.stats().accepted, 1);
    /// # std::io::Result::Ok(())
    /// ```
    pub fn stats(&self) -> ServerStats {
        self.inner.stats()
    }

    /// The async server underneath. Its `close()` waits for every handler
    /// to return, but does not join their threads.
    ///
    /// # Examples
    /// ```
    /// use sockets_blocking::{dial, serve, DialOptions};
    /// let server = serve("127.0.0.1", 0, |mut conn| conn.stream.writeln("hi"))?;
    /// let server = server.into_async();
    /// futures_lite::future::block_on(server.close())?;
    /// # std::io::Result::Ok(())
    /// ```
    pub fn into_async(self) -> sockets_core::Server {
        self.inner
    }
}

/// A blocking handle on an async server (its handlers are async tasks, so
/// there are no handler threads to join).
impl From<sockets_core::Server> for Server {
    fn from(inner: sockets_core::Server) -> Self {
        Server::new(inner, Arc::default())
    }
}

impl Server {
    pub(crate) fn new(inner: sockets_core::Server, threads: Arc<HandlerThreads>) -> Server {
        Server { inner, threads }
    }
}
