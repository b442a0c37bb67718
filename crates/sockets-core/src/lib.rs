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
//! # Platforms
//! Linux, macOS, Windows and FreeBSD. Tests run on Linux only; CI lints the
//! Windows build and type-checks macOS and FreeBSD (see the README). Every
//! socket and half exposes its TCP descriptor through std's `AsFd` /
//! `AsRawFd` (Unix) or `AsSocket` / `AsRawSocket` (Windows), for socket
//! options through `socket2::SockRef`.
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
//!
//! # Cargo features
//! - `webpki-roots` (off by default): when the system's certificate store
//!   is empty (minimal containers), trust Mozilla's root certificates
//!   bundled by the `webpki-roots` crate instead of failing with
//!   `NotFound`. It adds no API.
//! - `tokio` (off by default): implements [`Executor`] for
//!   `tokio::runtime::Handle`, so `ServeOptions::default().executor(Handle::current())`
//!   serves on a tokio runtime (handlers may use tokio's timers, `tokio::spawn`
//!   and tokio I/O), and the debug check against blocking calls inside async
//!   tasks recognises code tokio polls: tasks and `block_on` futures (the
//!   body of `#[tokio::main]` too), not `spawn_blocking` or `block_in_place`.
//!
//! Items that need a feature are marked so on docs.rs, which builds with
//! every feature.

#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

#[doc(hidden)]
pub mod __doc;
#[doc(hidden)]
pub mod __private;
mod blocking;
mod conn;
mod deadline;
mod descriptors;
mod dial;
mod error;
mod executor;
mod from_std;
#[cfg(any(test, fuzzing))]
#[doc(hidden)]
pub mod fuzz;
mod handler_scope;
mod host;
mod incoming;
mod line_splitter;
mod lines;
mod listen;
mod listener;
mod local_addr;
mod options;
mod read_buffer;
mod read_part;
mod reader;
mod runtime;
mod serve;
mod serve_options;
mod server;
mod side;
mod socket;
mod socket_info;
mod socket_options;
mod split;
mod stats;
mod tls;
mod tls_errors;
mod tls_info;
mod tls_options;
mod tls_stream;
mod transport;
mod unstarted;
mod wait;
mod write_part;
mod writer;

pub use conn::Conn;
pub use dial::dial;
pub use executor::{BoxedTask, Executor};
pub use incoming::Incoming;
pub use line_splitter::{LineSplitter, Split, DEFAULT_MAX_LINE_LENGTH};
pub use lines::Lines;
pub use listener::{listen, Listener};
pub use options::{DialOptions, DEFAULT_DIAL_TIMEOUT};
pub use rustls;
pub use serve::{serve, serve_with};
pub use serve_options::{ServeOptions, DEFAULT_HANDSHAKE_TIMEOUT, DEFAULT_SHUTDOWN_TIMEOUT};
pub use server::Server;
pub use socket::Socket;
pub use split::{ReadHalf, WriteHalf};
pub use stats::ServerStats;
