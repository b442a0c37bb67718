//! [`listen`] and [`Listener`]: accept connections in a loop of your own.
//!
//! This is the one accept path: [`serve`](crate::serve) runs its accept
//! loop on a `Listener` too, so the back-off on running out of descriptors
//! and the TLS set-up of each connection are the same in both.

use std::fmt;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use futures_lite::FutureExt;

use crate::error::{host_port, timed_out, ResultExt};
use crate::executor::Spawner;
use crate::host::Host;
use crate::incoming::Incoming;
use crate::listen::{bind, system_backlog};
use crate::options::SocketSettings;
use crate::runtime::{self, TcpListener, TcpStream};
use crate::serve_options::ServeOptions;
use crate::socket::Socket;
use crate::socket_options::{self, ACCEPTED_INHERIT};
use crate::tls;
use crate::transport::Transport;

/// The first and the longest pause after an accept that failed for want of
/// descriptors or memory: long enough not to spin a core, short enough to
/// accept again soon after descriptors are free.
const ACCEPT_BACKOFF: (Duration, Duration) = (Duration::from_millis(5), Duration::from_secs(1));

/// Listens on `host:port` for a loop of your own: [`Listener::accept`] or
/// [`Listener::incoming`]. For a handler per connection, [`serve`](crate::serve)
/// does the looping, limits and shutdown.
///
/// The options are [`serve`](crate::serve)'s: TLS identity, ALPN, client
/// auth, `handshake_timeout`, `backlog` and the socket settings apply;
/// `max_connections` and `shutdown_timeout` belong to `serve` and are
/// ignored here. `host` is an IP literal (`"0.0.0.0"` and `"::"` for every
/// interface) or a name; port 0 picks a free port, see
/// [`Listener::local_addr`].
///
/// # Errors
/// `InvalidInput` for an empty host or invalid options (bad TLS PEM among
/// them); a resolution error naming the host; `AddrInUse` and other bind
/// errors naming the address.
///
/// # Examples
/// ```
/// # async_std::task::block_on(async {
/// use sockets_core::{dial, listen, DialOptions, ServeOptions};
///
/// let listener = listen("127.0.0.1", 0, ServeOptions::default()).await?;
/// let port = listener.local_addr().port();
/// let mut client = dial("127.0.0.1", port, DialOptions::default()).await?;
///
/// let (mut conn, peer) = listener.accept().await?;
/// assert_eq!(peer, client.local_addr());
/// conn.writeln("hello").await?;
/// assert_eq!(client.read_line().await?.as_deref(), Some("hello"));
/// # std::io::Result::Ok(()) }).unwrap();
/// ```
pub async fn listen(host: &str, port: u16, options: ServeOptions) -> io::Result<Listener> {
    Listener::bind(host, port, &options, "listen").await
}

/// A bound TCP (or TLS) listener, from [`listen`]. Dropping it closes the
/// listening socket; sockets already accepted are not affected.
///
/// With TLS, each connection's handshake runs in a task of its own under
/// `handshake_timeout`, so a client that connects and never sends its
/// ClientHello delays no one else; [`accept`](Self::accept) returns
/// connections whose handshake has completed, in the order they complete.
/// A failed handshake is logged at info level and skipped, never returned
/// as the listener's error.
///
/// # Examples
/// ```
/// # async_std::task::block_on(async {
/// use futures_lite::StreamExt;
/// use sockets_core::{dial, listen, DialOptions, ServeOptions};
///
/// let listener = listen("127.0.0.1", 0, ServeOptions::default()).await?;
/// let port = listener.local_addr().port();
/// async_std::task::spawn(async move {
///     let mut incoming = listener.incoming();
///     while let Some(conn) = incoming.next().await {
///         let mut conn = conn?;
///         conn.writeln("welcome").await?;
///     }
///     std::io::Result::Ok(())
/// });
/// let mut client = dial("127.0.0.1", port, DialOptions::default()).await?;
/// assert_eq!(client.read_line().await?.as_deref(), Some("welcome"));
/// # std::io::Result::Ok(()) }).unwrap();
/// ```
pub struct Listener {
    tcp: TcpListener,
    local_addr: SocketAddr,
    setup: Arc<Setup>,
    /// TLS only: sockets whose handshake completed, sent by their tasks.
    handshaken: Option<(Handshaken, async_channel::Receiver<(Socket, SocketAddr)>)>,
    /// Where the handshake tasks run ([`ServeOptions::executor`]).
    executor: Spawner,
}

type Handshaken = async_channel::Sender<(Socket, SocketAddr)>;

/// How an accepted stream becomes a [`Socket`]: shared by every
/// connection's task, `serve`'s and the listener's alike.
pub(crate) struct Setup {
    /// The listener's address when it names one interface (then every
    /// connection's local address); `None` for wildcard listeners.
    local_addr: Option<SocketAddr>,
    tls: Option<Arc<rustls::ServerConfig>>,
    handshake_timeout: Duration,
    socket: SocketSettings,
}

impl Listener {
    /// Validates the options, builds the TLS configuration, resolves and
    /// binds; `api` names the caller in errors (`listen` or `serve`).
    pub(crate) async fn bind(
        host: &str,
        port: u16,
        options: &ServeOptions,
        api: &str,
    ) -> io::Result<Listener> {
        let parsed = Host::parse(host).context_with(|| format!("cannot {api}"))?;
        let at = host_port(host, port);
        options
            .validate()
            .context_with(|| format!("cannot {api} on {at}"))?;
        let tls = options
            .server_config()
            .context_with(|| format!("cannot {api} TLS on {at}"))?;
        let addrs = parsed
            .resolve(port)
            .await
            .context_with(|| format!("cannot {api} on {at}"))?;
        let backlog = options.backlog.unwrap_or_else(system_backlog);
        let tcp = bind(host, &addrs, backlog, &options.socket)?;
        let local_addr = tcp.get_ref().local_addr()?;
        let handshaken = tls.is_some().then(async_channel::unbounded);
        let setup = Setup {
            local_addr: (!local_addr.ip().is_unspecified()).then_some(local_addr),
            tls,
            handshake_timeout: options.get_handshake_timeout(),
            socket: options.socket,
        };
        Ok(Listener {
            tcp,
            local_addr,
            setup: Arc::new(setup),
            handshaken,
            executor: options.executor.clone(),
        })
    }

    /// Waits for the next connection and returns it with the peer's
    /// address; with TLS, once its handshake has completed.
    ///
    /// Accepts that fail for want of descriptors or memory (`EMFILE`,
    /// `ENFILE`, `ENOBUFS`, `ENOMEM`) are logged at warn level and retried
    /// after a pause that doubles from 5 ms up to 1 s, as `serve` does;
    /// connections the peer aborted before the accept are skipped.
    ///
    /// # Errors
    /// Other accept errors of the system, naming the listener's address.
    ///
    /// # Cancel safety
    /// Cancel-safe: dropping the future before it completes loses no
    /// connection. A connection not accepted yet stays in the system's
    /// backlog; a TLS handshake already started goes on in its task, and
    /// the next call returns its socket.
    ///
    /// # Examples
    /// ```
    /// # async_std::task::block_on(async {
    /// use sockets_core::{dial, listen, DialOptions, ServeOptions};
    /// let listener = listen("127.0.0.1", 0, ServeOptions::default()).await?;
    /// let client = dial("127.0.0.1", listener.local_addr().port(), DialOptions::default()).await?;
    /// let (conn, peer) = listener.accept().await?;
    /// assert_eq!(conn.remote_addr(), peer);
    /// assert_eq!(peer, client.local_addr());
    /// # std::io::Result::Ok(()) }).unwrap();
    /// ```
    pub async fn accept(&self) -> io::Result<(Socket, SocketAddr)> {
        let Some((sender, done)) = &self.handshaken else {
            let (stream, remote_addr) = self.accept_tcp().await?;
            let socket = self.setup.establish(stream, remote_addr, || {}).await?;
            return Ok((socket, remote_addr));
        };
        loop {
            // A completed handshake first; else accept and start another.
            let completed = async { io::Result::Ok(done.recv().await.ok()) };
            let accepted = async {
                let (stream, remote_addr) = self.accept_tcp().await?;
                self.start_handshake(sender, stream, remote_addr);
                Ok(None)
            };
            if let Some(socket) = completed.or(accepted).await? {
                return Ok(socket);
            }
        }
    }

    /// A [`Stream`](futures_core::Stream) of accepted connections: each
    /// item is [`accept`](Self::accept)'s outcome without the address
    /// (`remote_addr` on the socket has it). It never ends by itself.
    ///
    /// # Examples
    /// ```
    /// # async_std::task::block_on(async {
    /// use futures_lite::StreamExt;
    /// use sockets_core::{dial, listen, DialOptions, ServeOptions};
    /// let listener = listen("127.0.0.1", 0, ServeOptions::default()).await?;
    /// let port = listener.local_addr().port();
    /// let _a = dial("127.0.0.1", port, DialOptions::default()).await?;
    /// let _b = dial("127.0.0.1", port, DialOptions::default()).await?;
    /// let two: Vec<_> = listener.incoming().take(2).try_collect().await?;
    /// assert_eq!(two.len(), 2);
    /// # std::io::Result::Ok(()) }).unwrap();
    /// ```
    #[must_use = "streams do nothing unless polled"]
    pub fn incoming(&self) -> Incoming<'_> {
        Incoming::new(self)
    }

    /// The address the listener is bound to (the real port when 0 was
    /// asked).
    ///
    /// # Examples
    /// ```
    /// # async_std::task::block_on(async {
    /// use sockets_core::{listen, ServeOptions};
    /// let listener = listen("127.0.0.1", 0, ServeOptions::default()).await?;
    /// assert_ne!(listener.local_addr().port(), 0);
    /// assert_eq!(listener.local_addr().to_string(), format!("127.0.0.1:{}", listener.local_addr().port()));
    /// # std::io::Result::Ok(()) }).unwrap();
    /// ```
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// How accepted streams become sockets, for `serve`'s connection tasks.
    pub(crate) fn setup(&self) -> Arc<Setup> {
        self.setup.clone()
    }

    /// Accepts one TCP connection: skips connections aborted before the
    /// accept and backs off while descriptors or memory run out.
    pub(crate) async fn accept_tcp(&self) -> io::Result<(TcpStream, SocketAddr)> {
        let mut backoff = ACCEPT_BACKOFF.0;
        loop {
            match runtime::accept(&self.tcp).await {
                Ok(accepted) => return Ok(accepted),
                Err(e) if is_aborted(&e) => continue,
                Err(e) if is_out_of_resources(&e) => {
                    log::warn!(
                        "accept on {} failed, retrying in {backoff:?}: {e}",
                        self.local_addr
                    );
                    runtime::sleep(backoff).await;
                    backoff = (backoff * 2).min(ACCEPT_BACKOFF.1);
                }
                Err(e) => {
                    return Err(e).context_with(|| format!("accept on {} failed", self.local_addr))
                }
            }
        }
    }

    /// Runs a TLS handshake in a task of its own; its socket arrives
    /// through `sender`. The one place the listener spawns.
    fn start_handshake(&self, sender: &Handshaken, stream: TcpStream, remote_addr: SocketAddr) {
        let setup = self.setup.clone();
        let sender = sender.clone();
        self.executor.spawn(async move {
            match setup.establish(stream, remote_addr, || {}).await {
                // A closed channel means the listener is gone: the socket
                // is dropped, which closes it.
                Ok(socket) => drop(sender.send((socket, remote_addr)).await),
                // Warn, as serve does: the operator's to fix or to know.
                Err(e) => log::warn!("{e}"),
            }
        });
    }
}

impl Setup {
    /// The accepted stream as a [`Socket`], after the TLS handshake if any
    /// (under the handshake timeout); `on_tls_failure` runs when the
    /// handshake fails or times out.
    pub(crate) async fn establish(
        &self,
        stream: TcpStream,
        remote_addr: SocketAddr,
        on_tls_failure: impl FnOnce(),
    ) -> io::Result<Socket> {
        if !ACCEPTED_INHERIT {
            socket_options::apply(stream.get_ref().into(), &self.socket)
                .context_with(|| format!("setting up the socket from {remote_addr}"))?;
        }
        let transport = match &self.tls {
            None => Transport::Tcp(stream),
            Some(config) => {
                let limit = self.handshake_timeout;
                // Boxed: the handshake state (a whole rustls connection)
                // would otherwise sit inline in every connection task, TLS
                // or not, for the connection's lifetime.
                let handshake = Box::pin(async {
                    tls::accept(config.clone(), stream)
                        .await
                        .context_with(|| format!("TLS handshake with client {remote_addr} failed"))
                });
                let stream = runtime::timeout(Some(limit), handshake, || {
                    timed_out(
                        format_args!("TLS handshake with client {remote_addr}"),
                        limit,
                    )
                })
                .await
                .inspect_err(|_| on_tls_failure())?;
                Transport::Tls(Box::new(stream))
            }
        };
        Socket::accepted(transport, &self.socket, remote_addr, self.local_addr)
            .context_with(|| format!("setting up the socket from {remote_addr}"))
    }
}

/// Whether an accept failed only for one connection, which the peer
/// aborted while it waited in the backlog: skip it, as Go and tokio users do.
fn is_aborted(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
            | io::ErrorKind::Interrupted
    )
}

/// Whether an accept failed for want of descriptors or kernel memory,
/// which a pause may cure.
fn is_out_of_resources(error: &io::Error) -> bool {
    if error.kind() == io::ErrorKind::OutOfMemory {
        return true;
    }
    let Some(code) = error.raw_os_error() else {
        return false;
    };
    #[cfg(unix)]
    {
        use rustix::io::Errno;
        [Errno::MFILE, Errno::NFILE, Errno::NOBUFS, Errno::NOMEM]
            .iter()
            .any(|errno| errno.raw_os_error() == code)
    }
    #[cfg(windows)]
    {
        // WSAEMFILE, WSAENOBUFS.
        code == 10024 || code == 10055
    }
    #[cfg(not(any(unix, windows)))]
    {
        let _ = code;
        false
    }
}

impl fmt::Debug for Listener {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Listener")
            .field("local_addr", &self.local_addr)
            .field("tls", &self.setup.tls.is_some())
            .finish()
    }
}
