//! [`serve`] and [`serve_with`]: blocking handlers on threads the server owns.

use std::io;
use std::sync::Arc;

use sockets_core::ServeOptions;

use crate::call::call;
use crate::conn::Conn;
use crate::handler_threads::HandlerThreads;
use crate::server::Server;

/// Listens on `host:port` and runs `handler` for each connection on a
/// thread of its own, named `sockets-handler`, that the server owns and
/// [`Server::close`] joins. Handlers may block as long as they like: accepts,
/// other connections, name resolution and `dial` never wait for them.
///
/// There is one thread per running connection, with a 256 KiB stack (more
/// if `RUST_MIN_STACK` asks for it); a handler blocked in `read_line` costs
/// about 12 KB of memory (see `docs/blocking.md`). Set
/// [`ServeOptions::max_connections`] to bound the number of threads; without
/// it, only the system's limits do, and a thread that cannot be started
/// closes its connection and counts as a handler error.
///
/// Everything else is [`sockets_core::serve`]'s behaviour: errors counted
/// and logged, panics caught and counted, and [`Server::close`] as the
/// barrier.
///
/// # Errors
/// As [`sockets_core::serve`]: bad input, resolution and bind errors.
///
/// # Panics
/// In debug builds, when called from inside an async task.
///
/// # Examples
/// ```
/// use sockets_blocking::{dial, serve, DialOptions};
///
/// let server = serve("127.0.0.1", 0, |mut conn| {
///     conn.stream.writeln("hello from sockets")?;
///     conn.stream.close()
/// })?;
///
/// let mut client = dial("127.0.0.1", server.local_addr().port(), DialOptions::default())?;
/// assert_eq!(client.read_line()?.as_deref(), Some("hello from sockets"));
/// server.close()?;
/// # std::io::Result::Ok(())
/// ```
pub fn serve<F>(host: &str, port: u16, handler: F) -> io::Result<Server>
where
    F: Fn(Conn) -> io::Result<()> + Send + Sync + 'static,
{
    serve_with(host, port, ServeOptions::default(), handler)
}

/// As [`serve`], with [`ServeOptions`]: TLS, connection limit, timeouts,
/// backlog.
///
/// # Errors
/// As [`serve`].
///
/// # Panics
/// In debug builds, when called from inside an async task.
///
/// # Examples
/// ```
/// use std::time::Duration;
/// use sockets_blocking::{dial, serve_with, DialOptions, ServeOptions};
/// let options = ServeOptions::default().max_connections(16).read_timeout(Some(Duration::from_secs(5)));
/// let server = serve_with("127.0.0.1", 0, options, |mut conn| {
///     let line = conn.stream.read_line()?.unwrap_or_default();
///     conn.stream.writeln(&line.to_uppercase())
/// })?;
/// let mut client = dial("127.0.0.1", server.local_addr().port(), DialOptions::default())?;
/// client.writeln("shout")?;
/// assert_eq!(client.read_line()?.as_deref(), Some("SHOUT"));
/// server.close()?;
/// # std::io::Result::Ok(())
/// ```
pub fn serve_with<F>(host: &str, port: u16, options: ServeOptions, handler: F) -> io::Result<Server>
where
    F: Fn(Conn) -> io::Result<()> + Send + Sync + 'static,
{
    let handler = Arc::new(handler);
    let threads = Arc::new(HandlerThreads::default());
    let spawner = threads.clone();
    let server = sockets_core::serve_with(host, port, options, move |conn| {
        spawner.spawn(conn, handler.clone())
    });
    call("serve_with", server).map(|inner| Server::new(inner, threads))
}
