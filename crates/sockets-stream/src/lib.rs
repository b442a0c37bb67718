//! The stream protocol of the scripting module this workspace is modelled
//! on: read, write, close and iterate lines, so that [`copy`] and line
//! iteration work on sockets, files, child-process pipes, the standard
//! streams and memory buffers alike.
//!
//! - [`StreamProtocol`]: the four operations, implemented for
//!   `sockets_blocking::Socket` (natively, lines from its own buffer),
//!   `File`, `TcpStream`, `ChildStdin` / `ChildStdout` / `ChildStderr`,
//!   `Stdin` / `Stdout` / `Stderr`, `Cursor<Vec<u8>>`, `&[u8]`, `Vec<u8>`,
//!   and through the [`Duplex`], [`Reader`] and [`Writer`] adapters for
//!   any `Read + Write`, `Read` or `Write`.
//! - [`IoStream`]: the fluent wrapper (`read_line`, `read_all`, `lines`,
//!   `writeln`, `close`), an `Iterator` of lines and std `Read` / `Write` /
//!   `BufRead`.
//! - [`copy`]: everything from one stream into another, zero-copy where the
//!   kernel allows (Linux and Android; a buffered loop on every other
//!   platform and wherever the kernel declines).
//!
//! Supported on Linux, macOS, Windows and FreeBSD; tested on Linux only.
//!
//! # The seed examples, in Rust
//! ```
//! use std::process::{Command, Stdio};
//! use sockets_blocking::{dial, serve, DialOptions};
//! use sockets_stream::{copy, IoStream};
//!
//! // A server that pipes each connection through `sort`.
//! let server = serve("127.0.0.1", 0, |mut raw| {
//!     let mut sort = Command::new("sort").stdin(Stdio::piped()).stdout(Stdio::piped()).spawn()?;
//!     let mut to_sort = IoStream::new(sort.stdin.take().expect("piped"));
//!     copy(&mut raw.stream, &mut to_sort)?;
//!     to_sort.close()?; // sort sees end of input
//!     copy(&mut sort.stdout.take().expect("piped"), &mut raw.stream)?;
//!     sort.wait()?;
//!     raw.stream.close()
//! })?;
//!
//! let mut client = dial("127.0.0.1", server.local_addr().port(), DialOptions::default())?;
//! client.writeln("pear")?;
//! client.writeln("apple")?;
//! client.close_write()?;
//! let mut client = IoStream::new(client);
//! let sorted: Vec<String> = client.lines().collect::<std::io::Result<_>>()?;
//! assert_eq!(sorted, ["apple", "pear"]);
//! server.close()?;
//! # std::io::Result::Ok(())
//! ```
//!
//! # Cargo features
//! - `webpki-roots` (off by default): `sockets-blocking`'s feature of that name,
//!   passed through: trust Mozilla's bundled root certificates when the
//!   system's store is empty. It adds no API.

#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod adapters;
mod copy;
mod impls;
mod io_stream;
mod line_buffer;
mod lines;
mod protocol;
mod whereabouts;
#[cfg(any(target_os = "linux", target_os = "android"))]
mod zero_copy;

pub use adapters::{Duplex, ReadWrite, Reader, Writer};
pub use copy::copy;
pub use io_stream::IoStream;
pub use line_buffer::LineBuffer;
pub use lines::Lines;
pub use protocol::StreamProtocol;
pub use sockets_blocking::DEFAULT_MAX_LINE_LENGTH;
