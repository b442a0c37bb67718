//! [`serve`] and [`serve_with`]: blocking handlers on the blocking pool.

use std::io;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Arc;

use sockets_core::{blocking, ServeOptions};

use crate::call::call_untimed;
use crate::conn::Conn;
use crate::server::Server;

/// Listens on `host:port` and runs `handler` for each connection on the
/// runtime's bounded blocking thread pool, never on the executor's threads,
/// so a slow handler cannot starve accepts or other connections.
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
    let server = sockets_core::serve_with(host, port, options, move |conn| {
        let handler = handler.clone();
        async move {
            let conn = Conn::from(conn);
            let outcome =
                blocking::unblock(move || panic::catch_unwind(AssertUnwindSafe(|| handler(conn))))
                    .await;
            // Re-raised in the connection's task, where the server counts it.
            outcome.unwrap_or_else(|panic| panic::resume_unwind(panic))
        }
    });
    call_untimed("serve_with", server).map(Server::from)
}
