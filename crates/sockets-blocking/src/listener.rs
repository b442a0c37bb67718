//! [`listen`] and [`Listener`]: the blocking twins of `sockets_core`'s.

use std::io;
use std::net::SocketAddr;

use sockets_core::ServeOptions;

use crate::call::call;
use crate::incoming::Incoming;
use crate::socket::Socket;

/// Listens on `host:port` for a loop of your own, blocking the calling
/// thread while it binds. As [`sockets_core::listen`]: the options are
/// `serve`'s (TLS, ALPN, client auth, handshake timeout, backlog, socket
/// settings), and TLS handshakes run concurrently in the runtime's tasks.
///
/// # Errors
/// As [`sockets_core::listen`]: `InvalidInput` for bad input or options,
/// resolution and bind errors naming the address.
///
/// # Panics
/// In debug builds, when called from inside an async task (use
/// [`sockets_core::listen`] there).
///
/// # Examples
/// ```
/// use sockets_blocking::{dial, listen, DialOptions, ServeOptions};
///
/// let listener = listen("127.0.0.1", 0, ServeOptions::default())?;
/// let mut client = dial("127.0.0.1", listener.local_addr().port(), DialOptions::default())?;
/// let (mut conn, peer) = listener.accept()?;
/// assert_eq!(peer, client.local_addr());
/// conn.writeln("hello")?;
/// assert_eq!(client.read_line()?.as_deref(), Some("hello"));
/// # std::io::Result::Ok(())
/// ```
pub fn listen(host: &str, port: u16, options: ServeOptions) -> io::Result<Listener> {
    let inner = call("listen", sockets_core::listen(host, port, options))?;
    Ok(Listener { inner })
}

/// A bound TCP (or TLS) listener for blocking code, from [`listen`].
/// `Send + Sync`: several threads may accept from one listener. Dropping
/// it closes the listening socket.
///
/// # Examples
/// ```
/// use sockets_blocking::{dial, listen, DialOptions, ServeOptions};
///
/// let listener = listen("127.0.0.1", 0, ServeOptions::default())?;
/// let port = listener.local_addr().port();
/// std::thread::spawn(move || -> std::io::Result<()> {
///     for conn in listener.incoming() {
///         conn?.writeln("welcome")?;
///     }
///     Ok(())
/// });
/// let mut client = dial("127.0.0.1", port, DialOptions::default())?;
/// assert_eq!(client.read_line()?.as_deref(), Some("welcome"));
/// # std::io::Result::Ok(())
/// ```
#[derive(Debug)]
pub struct Listener {
    inner: sockets_core::Listener,
}

impl Listener {
    /// Waits for the next connection and returns it with the peer's
    /// address; with TLS, once its handshake has completed. As
    /// [`sockets_core::Listener::accept`]: descriptor exhaustion backs off
    /// and retries, aborted connections are skipped, failed handshakes are
    /// logged and skipped.
    ///
    /// # Errors
    /// Other accept errors of the system, naming the listener's address.
    ///
    /// # Panics
    /// In debug builds, when called from inside an async task.
    ///
    /// # Examples
    /// ```
    /// use sockets_blocking::{dial, listen, DialOptions, ServeOptions};
    /// let listener = listen("127.0.0.1", 0, ServeOptions::default())?;
    /// let client = dial("127.0.0.1", listener.local_addr().port(), DialOptions::default())?;
    /// let (conn, peer) = listener.accept()?;
    /// assert_eq!(conn.remote_addr(), peer);
    /// assert_eq!(peer, client.local_addr());
    /// # std::io::Result::Ok(())
    /// ```
    pub fn accept(&self) -> io::Result<(Socket, SocketAddr)> {
        let (socket, peer) = call("Listener::accept", self.inner.accept())?;
        Ok((Socket::from(socket), peer))
    }

    /// An endless [`Iterator`] of accepted connections, each one
    /// [`accept`](Self::accept) without the address, as std's
    /// `TcpListener::incoming`.
    ///
    /// # Examples
    /// ```
    /// use sockets_blocking::{dial, listen, DialOptions, ServeOptions};
    /// let listener = listen("127.0.0.1", 0, ServeOptions::default())?;
    /// let port = listener.local_addr().port();
    /// let _a = dial("127.0.0.1", port, DialOptions::default())?;
    /// let _b = dial("127.0.0.1", port, DialOptions::default())?;
    /// let two: Vec<_> = listener.incoming().take(2).collect::<std::io::Result<_>>()?;
    /// assert_eq!(two.len(), 2);
    /// # std::io::Result::Ok(())
    /// ```
    #[must_use = "iterators do nothing unless consumed"]
    pub fn incoming(&self) -> Incoming<'_> {
        Incoming::new(self)
    }

    /// The address the listener is bound to (the real port when 0 was
    /// asked).
    ///
    /// # Examples
    /// ```
    /// use sockets_blocking::{listen, ServeOptions};
    /// let listener = listen("127.0.0.1", 0, ServeOptions::default())?;
    /// assert_ne!(listener.local_addr().port(), 0);
    /// # std::io::Result::Ok(())
    /// ```
    pub fn local_addr(&self) -> SocketAddr {
        self.inner.local_addr()
    }

    /// The async listener inside, for code that moves to async.
    ///
    /// # Examples
    /// ```
    /// use sockets_blocking::{listen, ServeOptions};
    /// let listener = listen("127.0.0.1", 0, ServeOptions::default())?;
    /// let port = listener.local_addr().port();
    /// let inner: sockets_core::Listener = listener.into_async();
    /// assert_eq!(inner.local_addr().port(), port);
    /// # std::io::Result::Ok(())
    /// ```
    pub fn into_async(self) -> sockets_core::Listener {
        self.inner
    }
}

impl From<sockets_core::Listener> for Listener {
    /// Wraps an async listener for blocking use.
    ///
    /// # Examples
    /// ```
    /// use futures_lite::future::block_on;
    /// use sockets_core::ServeOptions;
    /// let inner = block_on(sockets_core::listen("127.0.0.1", 0, ServeOptions::default()))?;
    /// let listener = sockets_blocking::Listener::from(inner);
    /// assert_ne!(listener.local_addr().port(), 0);
    /// # std::io::Result::Ok(())
    /// ```
    fn from(inner: sockets_core::Listener) -> Self {
        Listener { inner }
    }
}
