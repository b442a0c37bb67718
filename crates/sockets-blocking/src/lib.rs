//! Blocking TCP and TLS sockets: the sync facade over [`sockets_core`], for
//! script bindings, command-line tools, tests and example programs.
//!
//! Each call runs the core's future for that one call to completion on the
//! calling thread. Socket waits happen on that thread with poll(2), never
//! through the async reactor, so a round trip costs about what `std::net`
//! costs (see `docs/blocking.md`). All of the core's behaviour holds: errors
//! naming step and address, per-call read and write deadlines, line
//! limits, TLS, the close barrier, panic isolation, `max_connections`.
//!
//! # Platforms
//! Linux, macOS, Windows and FreeBSD; tested on Linux only. The wait on the
//! calling thread is Unix's (poll(2) with an eventfd on Linux, a pipe on
//! macOS and the BSDs). On Windows the same calls wait through the async
//! reactor instead: the same behaviour, a thread hop more per wait (see
//! `docs/blocking.md`). Sockets and halves implement `AsFd` / `AsSocket`.
//!
//! # A client
//! ```
//! use std::io::Write;
//! use sockets_blocking::{dial, DialOptions};
//!
//! # let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
//! # let port = listener.local_addr()?.port();
//! # std::thread::spawn(move || -> std::io::Result<()> {
//! #     use std::io::BufRead;
//! #     let (mut peer, _) = listener.accept()?;
//! #     let request = std::io::BufReader::new(peer.try_clone()?);
//! #     for line in request.lines() {
//! #         if line?.is_empty() { break; }
//! #     }
//! #     peer.write_all(b"HTTP/1.0 200 OK\r\n\r\n<html>hello</html>")
//! # });
//! let mut client = dial("127.0.0.1", port, DialOptions::default())?;
//! client.writeln("GET / HTTP/1.0")?;
//! client.writeln("Host: example.com")?;
//! client.writeln("")?;
//! println!("{}", String::from_utf8_lossy(&client.read_all()?));
//! client.close()?;
//! # std::io::Result::Ok(())
//! ```
//!
//! # A server
//! ```
//! use sockets_blocking::{dial, serve, DialOptions};
//!
//! let server = serve("127.0.0.1", 0, |mut conn| {
//!     conn.stream.writeln("hello from sockets")?;
//!     conn.stream.close()
//! })?;
//! let mut client = dial("127.0.0.1", server.local_addr().port(), DialOptions::default())?;
//! assert_eq!(client.read_line()?.as_deref(), Some("hello from sockets"));
//! server.close()?; // every handler has returned
//! # std::io::Result::Ok(())
//! ```
//!
//! # Calling it from async code
//! Don't: a blocking call stalls an executor thread, and `Server::close`
//! there could wait for handlers that need that very thread. In debug builds
//! every blocking call made inside an async task (async-std's, or with the
//! `tokio` feature tokio's; `spawn_blocking` threads are fine) panics with a message
//! naming the `sockets_core` function to `.await` instead. In release builds
//! the call goes ahead: socket waits happen on the calling thread, so a lone
//! call completes, but it holds the executor thread while it waits.
//!
//! # Cargo features
//! - `webpki-roots` (off by default): `sockets-core`'s feature of that name,
//!   passed through: trust Mozilla's bundled root certificates when the
//!   system's store is empty. It adds no API.
//! - `tokio` (off by default): `sockets-core`'s feature of that name, passed
//!   through, so the debug check against blocking calls made inside async
//!   tasks also recognises code tokio polls: tasks and `block_on` futures
//!   (the body of `#[tokio::main]` too), while `spawn_blocking` and
//!   `block_in_place` closures may block. It adds no API.

#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

#[doc(hidden)]
pub mod __doc;
mod call;
mod conn;
mod descriptors;
mod dial;
mod handler_threads;
mod incoming;
mod io_traits;
mod lines;
mod listener;
mod read_part;
mod serve;
mod server;
mod socket;
mod socket_options;
mod split;
mod tls_info;
mod write_part;

pub use conn::Conn;
pub use dial::dial;
pub use incoming::Incoming;
pub use lines::Lines;
pub use listener::{listen, Listener};
pub use serve::{serve, serve_with};
pub use server::Server;
pub use socket::Socket;
pub use sockets_core::{DialOptions, ServeOptions, ServerStats};
/// The one line splitter of the workspace, re-exported for
/// `sockets-stream` and for anyone reading lines from a source of their
/// own with the sockets' rules.
pub use sockets_core::{LineSplitter, Split, DEFAULT_MAX_LINE_LENGTH};
pub use split::{ReadHalf, WriteHalf};
