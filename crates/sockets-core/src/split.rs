//! [`ReadHalf`] and [`WriteHalf`]: a socket split for concurrent tasks.
//!
//! Thin wrappers: their methods are the socket's own, generated from the
//! same read part (read_part.rs), write part (write_part.rs), addresses
//! (socket_info.rs), TLS session (tls_info.rs) and socket options
//! (socket_options.rs).

use std::fmt;
use std::io;

use crate::read_part::read_part;
use crate::reader::Reader;
use crate::socket_info::{info_part, SocketInfo};
use crate::socket_options::options_part;
use crate::tls_info::tls_part;
use crate::transport::Transport;
use crate::write_part::write_part;
use crate::writer::Writer;

type ReadIo = futures_lite::io::ReadHalf<Transport>;
type WriteIo = futures_lite::io::WriteHalf<Transport>;

/// The reading half of a [`Socket`](crate::Socket), from
/// [`Socket::split`](crate::Socket::split). It keeps the socket's buffer and
/// line limit, and is an `AsyncRead`, `AsyncBufRead` and `Stream` of lines,
/// which ends after a fatal error as the socket's does (see
/// [`Lines`](crate::Lines)).
///
/// A read never waits on bytes of ours: every write of the [`WriteHalf`]
/// returns once its bytes (with TLS, its records) have been handed to the
/// kernel. The reading half never sends. Records that a TLS write left
/// behind when it timed out or was cancelled go out with the writing
/// half's next write, flush or close: sending them from the reading task
/// would make the two tasks take turns waking each other while the socket
/// is not writable.
///
/// ```
/// # async_std::task::block_on(async {
/// use sockets_core::{dial, serve, DialOptions};
///
/// let server = serve("127.0.0.1", 0, |mut conn| async move {
///     while let Some(line) = conn.stream.read_line().await? {
///         conn.stream.writeln(&line).await?;
///     }
///     Ok(())
/// })
/// .await?;
/// let socket = dial("127.0.0.1", server.local_addr().port(), DialOptions::default()).await?;
/// let (mut reader, mut writer) = socket.split();
/// let writing = async_std::task::spawn(async move {
///     writer.writeln("one").await?;
///     writer.writeln("two").await?;
///     writer.close().await // half-close: the server's loop ends
/// });
/// assert_eq!(reader.read_line().await?.as_deref(), Some("one"));
/// assert_eq!(reader.read_line().await?.as_deref(), Some("two"));
/// assert_eq!(reader.read_line().await?, None);
/// writing.await?;
/// server.close().await?;
/// # std::io::Result::Ok(()) }).unwrap();
/// ```
pub struct ReadHalf {
    io: Option<ReadIo>,
    reader: Reader,
    pub(crate) info: SocketInfo,
}

/// The writing half of a [`Socket`](crate::Socket), from
/// [`Socket::split`](crate::Socket::split). It is an `AsyncWrite` and a
/// `Sink` of byte buffers. As on the socket, a write returns once its bytes
/// have been handed to the kernel, with TLS too (see
/// [When bytes leave](crate::Socket#when-bytes-leave)).
///
/// # Examples
/// ```
/// # async_std::task::block_on(async {
/// # let (port, options) = sockets_core::__doc::echo_peer()?; // echoes until we half-close
/// let socket = sockets_core::dial("127.0.0.1", port, options).await?;
/// let (mut reader, mut writer) = socket.split();
/// writer.writeln("hello").await?;
/// writer.close().await?;
/// assert_eq!(reader.read_all().await?, b"hello\n");
/// # std::io::Result::Ok(()) }).unwrap();
/// ```
pub struct WriteHalf {
    io: Option<WriteIo>,
    writer: Writer,
    pub(crate) info: SocketInfo,
}

// The public methods shared with `Socket`, written once in these files.
read_part!(
    ReadHalf,
    io = ReadIo, open = "use sockets_core::dial;\nlet (mut reader, mut writer) = dial(\"127.0.0.1\", port, options).await?.split();", writer = writer, reader = reader, close_write = close);
info_part!(ReadHalf, open = "use sockets_core::dial;\nlet (mut reader, mut writer) = dial(\"127.0.0.1\", port, options).await?.split();", this = reader);
tls_part!(ReadHalf, open = "use sockets_core::dial;\nlet (mut reader, mut writer) = dial(\"127.0.0.1\", port, options).await?.split();", this = reader);
options_part!(ReadHalf, open = "use sockets_core::dial;\nlet (mut reader, mut writer) = dial(\"127.0.0.1\", port, options).await?.split();", this = reader);
write_part!(
    WriteHalf,
    io = WriteIo, open = "use sockets_core::dial;\nlet (mut reader, mut writer) = dial(\"127.0.0.1\", port, options).await?.split();", writer = writer, reader = reader);
info_part!(WriteHalf, open = "use sockets_core::dial;\nlet (mut reader, mut writer) = dial(\"127.0.0.1\", port, options).await?.split();", this = writer);
tls_part!(WriteHalf, open = "use sockets_core::dial;\nlet (mut reader, mut writer) = dial(\"127.0.0.1\", port, options).await?.split();", this = writer);
options_part!(WriteHalf, open = "use sockets_core::dial;\nlet (mut reader, mut writer) = dial(\"127.0.0.1\", port, options).await?.split();", this = writer);

impl ReadHalf {
    pub(crate) fn new(io: Option<ReadIo>, reader: Reader, info: SocketInfo) -> Self {
        ReadHalf { io, reader, info }
    }
}

impl WriteHalf {
    pub(crate) fn new(io: Option<WriteIo>, writer: Writer, info: SocketInfo) -> Self {
        WriteHalf { io, writer, info }
    }

    /// Half-close, as [`Socket::close_write`](crate::Socket::close_write):
    /// the peer sees end of stream, the reading half goes on. Idempotent.
    /// Dropping the half does the same in one non-blocking attempt; this
    /// waits for the flush and reports its error.
    ///
    /// # Errors
    /// A flush error.
    ///
    /// # Cancel safety
    /// Cancel-safe, as [`Socket::close_write`](crate::Socket::close_write).
    ///
    /// # Examples
    /// ```
    /// # async_std::task::block_on(async {
    /// # let (port, options) = sockets_core::__doc::echo_peer()?; // echoes until we half-close
    /// let socket = sockets_core::dial("127.0.0.1", port, options).await?;
    /// let (mut reader, mut writer) = socket.split();
    /// writer.writeln("bye").await?;
    /// writer.close().await?; // half-close
    /// assert_eq!(reader.read_all().await?, b"bye\n");
    /// # std::io::Result::Ok(()) }).unwrap();
    /// ```
    pub async fn close(&mut self) -> io::Result<()> {
        let (io, writer) = crate::write_part::side(self, "close the write side")?;
        writer.call(io, Writer::poll_close_write).await
    }
}

impl fmt::Debug for ReadHalf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReadHalf")
            .field("local_addr", &self.info.local_addr)
            .field("remote_addr", &self.info.remote_addr)
            .finish()
    }
}

impl fmt::Debug for WriteHalf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WriteHalf")
            .field("local_addr", &self.info.local_addr)
            .field("remote_addr", &self.info.remote_addr)
            .finish()
    }
}
