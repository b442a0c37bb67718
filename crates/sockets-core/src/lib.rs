//! Async TCP and TLS sockets with a high-level API: dial a host, read and
//! write lines or bytes, serve connections with a handler, close cleanly.
//!
//! - [`dial`] connects (TCP, or TLS with the system's roots and SNI from the
//!   host) and gives a [`Socket`].
//! - A [`Socket`] reads lines ([`Socket::read_line`], [`Socket::lines`]),
//!   byte counts and everything to end of stream, writes bytes and lines, and
//!   closes idempotently. It is also a futures-io `AsyncRead` /
//!   `AsyncBufRead` / `AsyncWrite`, a `Stream` of lines and a `Sink` of bytes.
//! - [`serve`] listens and runs a handler per connection; [`Server::close`]
//!   stops accepting and waits for every handler: a real barrier.
//!
//! Every error is an [`std::io::Error`] whose kind is meaningful and whose
//! message names the step and the peer; see [`dial`] for the list.
//!
//! Any executor can poll these futures: sockets and timers use async-io's
//! reactor, which runs on its own thread. A server spawns its tasks on an
//! [`Executor`]: async-std's by default, or with the cargo feature `tokio`
//! the tokio runtime passed to [`ServeOptions::executor`], where handlers may
//! use tokio's timers, `tokio::spawn` and tokio I/O. No async-std type
//! appears in this API. TLS is rustls
//! with the `ring` provider, re-exported as [`rustls`] to build custom
//! configurations with the matching version.
//!
//! ```
//! # async_std::task::block_on(async {
//! use sockets_core::{dial, DialOptions};
//! use std::io::{BufRead, Write};
//!
//! // A peer this crate did not write: a plain std listener.
//! let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
//! let port = listener.local_addr()?.port();
//! std::thread::spawn(move || -> std::io::Result<()> {
//!     let (mut peer, _) = listener.accept()?;
//!     let mut request = String::new();
//!     std::io::BufReader::new(peer.try_clone()?).read_line(&mut request)?;
//!     peer.write_all(b"HTTP/1.0 200 OK\r\n\r\nhello")
//! });
//!
//! let mut client = dial("127.0.0.1", port, DialOptions::default()).await?;
//! client.writeln("GET / HTTP/1.0").await?;
//! assert_eq!(client.read_line().await?.as_deref(), Some("HTTP/1.0 200 OK"));
//! assert_eq!(client.read_all().await?, b"\r\nhello");
//! client.close().await?;
//! # std::io::Result::Ok(()) }).unwrap();
//! ```

#![forbid(unsafe_code)]

#[doc(hidden)]
pub mod __private;
mod blocking;
mod conn;
mod dial;
mod error;
mod executor;
#[cfg(fuzzing)]
#[doc(hidden)]
pub mod fuzz;
mod handler_scope;
mod io_traits;
mod lines;
mod listen;
mod options;
mod read_buffer;
mod reader;
mod resolve;
mod runtime;
mod serve;
mod serve_options;
mod server;
mod socket;
mod split;
mod stats;
mod tls;
mod transport;
mod wait;
mod writer;

pub use conn::Conn;
pub use dial::dial;
pub use executor::{BoxedTask, Executor};
pub use lines::Lines;
pub use options::{DialOptions, DEFAULT_DIAL_TIMEOUT, DEFAULT_MAX_LINE_LENGTH};
pub use rustls;
pub use serve::{serve, serve_with};
pub use serve_options::{ServeOptions, DEFAULT_HANDSHAKE_TIMEOUT, DEFAULT_SHUTDOWN_TIMEOUT};
pub use server::Server;
pub use socket::Socket;
pub use split::{ReadHalf, WriteHalf};
pub use stats::ServerStats;
