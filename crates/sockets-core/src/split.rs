//! [`ReadHalf`] and [`WriteHalf`]: a socket split for concurrent tasks.

use std::fmt;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;

use crate::descriptors::Descriptor;
use crate::error::closed;
use crate::io_traits::{self, impl_read_traits, impl_write_traits, ReadSide, WriteSide};
use crate::lines::Lines;
use crate::reader::Reader;
use crate::tls_info::TlsInfo;
use crate::transport::Transport;
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
    local_addr: SocketAddr,
    remote_addr: SocketAddr,
    /// Keeps the TCP descriptor for `AsFd`/`AsSocket` (descriptors.rs).
    pub(crate) descriptor: Descriptor,
    pub(crate) tls_info: Option<Arc<TlsInfo>>,
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
/// # let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
/// # let port = listener.local_addr()?.port();
/// # std::thread::spawn(move || -> std::io::Result<()> {
/// #     let (mut peer, _) = listener.accept()?; // echoes until we half-close
/// #     std::io::copy(&mut peer.try_clone()?, &mut peer).map(drop)
/// # });
/// use sockets_core::{dial, DialOptions};
/// let (mut reader, mut writer) = dial("127.0.0.1", port, DialOptions::default()).await?.split();
/// writer.writeln("hello").await?;
/// writer.close().await?;
/// assert_eq!(reader.read_all().await?, b"hello\n");
/// # std::io::Result::Ok(()) }).unwrap();
/// ```
pub struct WriteHalf {
    io: Option<WriteIo>,
    writer: Writer,
    local_addr: SocketAddr,
    remote_addr: SocketAddr,
    /// Keeps the TCP descriptor for `AsFd`/`AsSocket` (descriptors.rs).
    pub(crate) descriptor: Descriptor,
    pub(crate) tls_info: Option<Arc<TlsInfo>>,
}

impl ReadHalf {
    pub(crate) fn new(
        io: Option<ReadIo>,
        reader: Reader,
        local_addr: SocketAddr,
        remote_addr: SocketAddr,
        descriptor: Descriptor,
    ) -> Self {
        ReadHalf {
            io,
            reader,
            local_addr,
            remote_addr,
            descriptor,
            tls_info: None,
        }
    }

    /// As [`Socket::read`](crate::Socket::read).
    ///
    /// # Errors
    /// As [`Socket::read`](crate::Socket::read).
    ///
    /// # Examples
    /// ```
    /// # async_std::task::block_on(async {
    /// # let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    /// # let port = listener.local_addr()?.port();
    /// # std::thread::spawn(move || -> std::io::Result<()> {
    /// #     let (mut peer, _) = listener.accept()?; // echoes until we half-close
    /// #     std::io::copy(&mut peer.try_clone()?, &mut peer).map(drop)
    /// # });
    /// use sockets_core::{dial, DialOptions};
    /// let (mut reader, mut writer) = dial("127.0.0.1", port, DialOptions::default()).await?.split();
    /// writer.write(b"abc").await?;
    /// let bytes = reader.read(3).await?;
    /// assert!(!bytes.is_empty() && b"abc".starts_with(&bytes));
    /// # std::io::Result::Ok(()) }).unwrap();
    /// ```
    pub async fn read(&mut self, n: usize) -> io::Result<Vec<u8>> {
        io_traits::read_call(self, "read", |r, cx, io| r.poll_read_up_to(cx, io, n)).await
    }

    /// As [`Socket::read_all`](crate::Socket::read_all).
    ///
    /// # Errors
    /// As [`Socket::read_all`](crate::Socket::read_all).
    ///
    /// # Examples
    /// ```
    /// # async_std::task::block_on(async {
    /// # let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    /// # let port = listener.local_addr()?.port();
    /// # std::thread::spawn(move || -> std::io::Result<()> {
    /// #     let (mut peer, _) = listener.accept()?; // echoes until we half-close
    /// #     std::io::copy(&mut peer.try_clone()?, &mut peer).map(drop)
    /// # });
    /// use sockets_core::{dial, DialOptions};
    /// let (mut reader, mut writer) = dial("127.0.0.1", port, DialOptions::default()).await?.split();
    /// writer.write(b"xyz").await?;
    /// writer.close().await?;
    /// assert_eq!(reader.read_all().await?, b"xyz");
    /// # std::io::Result::Ok(()) }).unwrap();
    /// ```
    pub async fn read_all(&mut self) -> io::Result<Vec<u8>> {
        io_traits::read_call(self, "read", Reader::poll_read_to_end).await
    }

    /// As [`Socket::read_line`](crate::Socket::read_line).
    ///
    /// # Errors
    /// As [`Socket::read_line`](crate::Socket::read_line).
    ///
    /// # Examples
    /// ```
    /// # async_std::task::block_on(async {
    /// # let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    /// # let port = listener.local_addr()?.port();
    /// # std::thread::spawn(move || -> std::io::Result<()> {
    /// #     let (mut peer, _) = listener.accept()?; // echoes until we half-close
    /// #     std::io::copy(&mut peer.try_clone()?, &mut peer).map(drop)
    /// # });
    /// use sockets_core::{dial, DialOptions};
    /// let (mut reader, mut writer) = dial("127.0.0.1", port, DialOptions::default()).await?.split();
    /// writer.writeln("line").await?;
    /// assert_eq!(reader.read_line().await?.as_deref(), Some("line"));
    /// # std::io::Result::Ok(()) }).unwrap();
    /// ```
    pub async fn read_line(&mut self) -> io::Result<Option<String>> {
        if let Some(line) = self.try_read_line() {
            return line.map(Some);
        }
        io_traits::read_call(self, "read a line", Reader::poll_read_line).await
    }

    /// As [`Socket::try_read_line`](crate::Socket::try_read_line).
    ///
    /// # Errors
    /// As [`Socket::read_line`](crate::Socket::read_line).
    ///
    /// # Examples
    /// ```
    /// # async_std::task::block_on(async {
    /// # let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    /// # let port = listener.local_addr()?.port();
    /// # std::thread::spawn(move || -> std::io::Result<()> {
    /// #     let (mut peer, _) = listener.accept()?; // echoes until we half-close
    /// #     std::io::copy(&mut peer.try_clone()?, &mut peer).map(drop)
    /// # });
    /// use sockets_core::{dial, DialOptions};
    /// let (mut reader, mut writer) = dial("127.0.0.1", port, DialOptions::default()).await?.split();
    /// writer.write(b"a\nb\n").await?;
    /// assert_eq!(reader.read_line().await?.as_deref(), Some("a"));
    /// if let Some(next) = reader.try_read_line() {
    ///     assert_eq!(next?, "b"); // arrived with "a"
    /// }
    /// # std::io::Result::Ok(()) }).unwrap();
    /// ```
    #[inline]
    pub fn try_read_line(&mut self) -> Option<io::Result<String>> {
        match self.io {
            Some(_) => self.reader.try_read_line(),
            None => None,
        }
    }

    /// As [`Socket::read_line_bytes`](crate::Socket::read_line_bytes).
    ///
    /// # Errors
    /// As [`Socket::read_line_bytes`](crate::Socket::read_line_bytes).
    ///
    /// # Examples
    /// ```
    /// # async_std::task::block_on(async {
    /// # let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    /// # let port = listener.local_addr()?.port();
    /// # std::thread::spawn(move || -> std::io::Result<()> {
    /// #     let (mut peer, _) = listener.accept()?; // echoes until we half-close
    /// #     std::io::copy(&mut peer.try_clone()?, &mut peer).map(drop)
    /// # });
    /// use sockets_core::{dial, DialOptions};
    /// let (mut reader, mut writer) = dial("127.0.0.1", port, DialOptions::default()).await?.split();
    /// writer.write(b"\x80\n").await?;
    /// assert_eq!(reader.read_line_bytes().await?, Some(vec![0x80]));
    /// # std::io::Result::Ok(()) }).unwrap();
    /// ```
    pub async fn read_line_bytes(&mut self) -> io::Result<Option<Vec<u8>>> {
        io_traits::read_call(self, "read a line", Reader::poll_read_line_bytes).await
    }

    /// A [`Stream`](futures_core::Stream) of the remaining lines.
    ///
    /// # Examples
    /// ```
    /// # async_std::task::block_on(async {
    /// # let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    /// # let port = listener.local_addr()?.port();
    /// # std::thread::spawn(move || -> std::io::Result<()> {
    /// #     let (mut peer, _) = listener.accept()?; // echoes until we half-close
    /// #     std::io::copy(&mut peer.try_clone()?, &mut peer).map(drop)
    /// # });
    /// use sockets_core::{dial, DialOptions};
    /// let (mut reader, mut writer) = dial("127.0.0.1", port, DialOptions::default()).await?.split();
    /// use futures_lite::StreamExt;
    /// writer.write(b"1\n2\n").await?;
    /// writer.close().await?;
    /// let lines: Vec<String> = reader.lines().map(Result::unwrap).collect().await;
    /// assert_eq!(lines, ["1", "2"]);
    /// # std::io::Result::Ok(()) }).unwrap();
    /// ```
    #[must_use = "streams do nothing unless polled"]
    pub fn lines(&mut self) -> Lines<'_> {
        Lines::new(self)
    }

    /// The bytes received but not read yet.
    ///
    /// # Examples
    /// ```
    /// # async_std::task::block_on(async {
    /// # let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    /// # let port = listener.local_addr()?.port();
    /// # std::thread::spawn(move || -> std::io::Result<()> {
    /// #     let (mut peer, _) = listener.accept()?; // echoes until we half-close
    /// #     std::io::copy(&mut peer.try_clone()?, &mut peer).map(drop)
    /// # });
    /// use sockets_core::{dial, DialOptions};
    /// let (mut reader, mut writer) = dial("127.0.0.1", port, DialOptions::default()).await?.split();
    /// assert!(reader.buffered().is_empty());
    /// # std::io::Result::Ok(()) }).unwrap();
    /// ```
    pub fn buffered(&self) -> &[u8] {
        self.reader.buffered()
    }

    /// The deadline of each read call, under the timeout rule of
    /// [`DialOptions::read_timeout`](crate::DialOptions::read_timeout).
    ///
    /// # Examples
    /// ```
    /// # async_std::task::block_on(async {
    /// # let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    /// # let port = listener.local_addr()?.port();
    /// # std::thread::spawn(move || -> std::io::Result<()> {
    /// #     let (mut peer, _) = listener.accept()?; // echoes until we half-close
    /// #     std::io::copy(&mut peer.try_clone()?, &mut peer).map(drop)
    /// # });
    /// use sockets_core::{dial, DialOptions};
    /// let (mut reader, mut writer) = dial("127.0.0.1", port, DialOptions::default()).await?.split();
    /// assert_eq!(reader.read_timeout(), None);
    /// # std::io::Result::Ok(()) }).unwrap();
    /// ```
    pub fn read_timeout(&self) -> Option<std::time::Duration> {
        self.reader.timeout()
    }

    /// The local address of the socket.
    ///
    /// # Examples
    /// ```
    /// # async_std::task::block_on(async {
    /// # let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    /// # let port = listener.local_addr()?.port();
    /// # std::thread::spawn(move || -> std::io::Result<()> {
    /// #     let (mut peer, _) = listener.accept()?; // echoes until we half-close
    /// #     std::io::copy(&mut peer.try_clone()?, &mut peer).map(drop)
    /// # });
    /// use sockets_core::{dial, DialOptions};
    /// let (mut reader, mut writer) = dial("127.0.0.1", port, DialOptions::default()).await?.split();
    /// assert_eq!(reader.local_addr(), writer.local_addr());
    /// # std::io::Result::Ok(()) }).unwrap();
    /// ```
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// The peer's address.
    ///
    /// # Examples
    /// ```
    /// # async_std::task::block_on(async {
    /// # let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    /// # let port = listener.local_addr()?.port();
    /// # std::thread::spawn(move || -> std::io::Result<()> {
    /// #     let (mut peer, _) = listener.accept()?; // echoes until we half-close
    /// #     std::io::copy(&mut peer.try_clone()?, &mut peer).map(drop)
    /// # });
    /// use sockets_core::{dial, DialOptions};
    /// let (mut reader, mut writer) = dial("127.0.0.1", port, DialOptions::default()).await?.split();
    /// assert_eq!(reader.remote_addr().port(), port);
    /// # std::io::Result::Ok(()) }).unwrap();
    /// ```
    pub fn remote_addr(&self) -> SocketAddr {
        self.remote_addr
    }
}

impl WriteHalf {
    pub(crate) fn new(
        io: Option<WriteIo>,
        writer: Writer,
        local_addr: SocketAddr,
        remote_addr: SocketAddr,
        descriptor: Descriptor,
    ) -> Self {
        WriteHalf {
            io,
            writer,
            local_addr,
            remote_addr,
            descriptor,
            tls_info: None,
        }
    }

    /// As [`Socket::write`](crate::Socket::write).
    ///
    /// # Errors
    /// As [`Socket::write`](crate::Socket::write).
    ///
    /// # Examples
    /// ```
    /// # async_std::task::block_on(async {
    /// # let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    /// # let port = listener.local_addr()?.port();
    /// # std::thread::spawn(move || -> std::io::Result<()> {
    /// #     let (mut peer, _) = listener.accept()?; // echoes until we half-close
    /// #     std::io::copy(&mut peer.try_clone()?, &mut peer).map(drop)
    /// # });
    /// use sockets_core::{dial, DialOptions};
    /// let (mut reader, mut writer) = dial("127.0.0.1", port, DialOptions::default()).await?.split();
    /// writer.write(b"raw bytes\n").await?;
    /// assert_eq!(reader.read_line().await?.as_deref(), Some("raw bytes"));
    /// # std::io::Result::Ok(()) }).unwrap();
    /// ```
    pub async fn write(&mut self, buf: &[u8]) -> io::Result<()> {
        io_traits::write_call(self, "write", buf).await
    }

    /// As [`Socket::writeln`](crate::Socket::writeln).
    ///
    /// # Errors
    /// As [`Socket::write`](crate::Socket::write).
    ///
    /// # Examples
    /// ```
    /// # async_std::task::block_on(async {
    /// # let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    /// # let port = listener.local_addr()?.port();
    /// # std::thread::spawn(move || -> std::io::Result<()> {
    /// #     let (mut peer, _) = listener.accept()?; // echoes until we half-close
    /// #     std::io::copy(&mut peer.try_clone()?, &mut peer).map(drop)
    /// # });
    /// use sockets_core::{dial, DialOptions};
    /// let (mut reader, mut writer) = dial("127.0.0.1", port, DialOptions::default()).await?.split();
    /// writer.writeln("a line").await?;
    /// assert_eq!(reader.read_line().await?.as_deref(), Some("a line"));
    /// # std::io::Result::Ok(()) }).unwrap();
    /// ```
    pub async fn writeln(&mut self, line: &str) -> io::Result<()> {
        io_traits::writeln_call(self, line).await
    }

    /// As [`Socket::flush`](crate::Socket::flush).
    ///
    /// # Errors
    /// As [`Socket::write`](crate::Socket::write).
    ///
    /// # Examples
    /// ```
    /// # async_std::task::block_on(async {
    /// # let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    /// # let port = listener.local_addr()?.port();
    /// # std::thread::spawn(move || -> std::io::Result<()> {
    /// #     let (mut peer, _) = listener.accept()?; // echoes until we half-close
    /// #     std::io::copy(&mut peer.try_clone()?, &mut peer).map(drop)
    /// # });
    /// use sockets_core::{dial, DialOptions};
    /// let (mut reader, mut writer) = dial("127.0.0.1", port, DialOptions::default()).await?.split();
    /// use futures::SinkExt;
    /// writer.feed("queued\n").await?;
    /// writer.flush().await?;
    /// assert_eq!(reader.read_line().await?.as_deref(), Some("queued"));
    /// # std::io::Result::Ok(()) }).unwrap();
    /// ```
    pub async fn flush(&mut self) -> io::Result<()> {
        io_traits::write_control(self, "flush", Writer::poll_flush).await
    }

    /// The deadline of each write, flush or close call, under the timeout
    /// rule of [`DialOptions::read_timeout`](crate::DialOptions::read_timeout).
    ///
    /// # Examples
    /// ```
    /// # async_std::task::block_on(async {
    /// # let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    /// # let port = listener.local_addr()?.port();
    /// # std::thread::spawn(move || -> std::io::Result<()> {
    /// #     let (mut peer, _) = listener.accept()?; // echoes until we half-close
    /// #     std::io::copy(&mut peer.try_clone()?, &mut peer).map(drop)
    /// # });
    /// use sockets_core::{dial, DialOptions};
    /// let (mut reader, mut writer) = dial("127.0.0.1", port, DialOptions::default()).await?.split();
    /// assert_eq!(writer.write_timeout(), None);
    /// # std::io::Result::Ok(()) }).unwrap();
    /// ```
    pub fn write_timeout(&self) -> Option<std::time::Duration> {
        self.writer.timeout()
    }

    /// Half-close, as [`Socket::close_write`](crate::Socket::close_write):
    /// the peer sees end of stream, the reading half goes on. Idempotent.
    /// Dropping the half does the same in one non-blocking attempt; this
    /// waits for the flush and reports its error.
    ///
    /// # Errors
    /// A flush error.
    ///
    /// # Examples
    /// ```
    /// # async_std::task::block_on(async {
    /// # let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    /// # let port = listener.local_addr()?.port();
    /// # std::thread::spawn(move || -> std::io::Result<()> {
    /// #     let (mut peer, _) = listener.accept()?; // echoes until we half-close
    /// #     std::io::copy(&mut peer.try_clone()?, &mut peer).map(drop)
    /// # });
    /// use sockets_core::{dial, DialOptions};
    /// let (mut reader, mut writer) = dial("127.0.0.1", port, DialOptions::default()).await?.split();
    /// writer.writeln("bye").await?;
    /// writer.close().await?; // half-close
    /// assert_eq!(reader.read_all().await?, b"bye\n");
    /// # std::io::Result::Ok(()) }).unwrap();
    /// ```
    pub async fn close(&mut self) -> io::Result<()> {
        io_traits::write_control(self, "close the write side", Writer::poll_close_write).await
    }

    /// The local address of the socket.
    ///
    /// # Examples
    /// ```
    /// # async_std::task::block_on(async {
    /// # let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    /// # let port = listener.local_addr()?.port();
    /// # std::thread::spawn(move || -> std::io::Result<()> {
    /// #     let (mut peer, _) = listener.accept()?; // echoes until we half-close
    /// #     std::io::copy(&mut peer.try_clone()?, &mut peer).map(drop)
    /// # });
    /// use sockets_core::{dial, DialOptions};
    /// let (mut reader, mut writer) = dial("127.0.0.1", port, DialOptions::default()).await?.split();
    /// assert!(writer.local_addr().ip().is_loopback());
    /// # std::io::Result::Ok(()) }).unwrap();
    /// ```
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// The peer's address.
    ///
    /// # Examples
    /// ```
    /// # async_std::task::block_on(async {
    /// # let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    /// # let port = listener.local_addr()?.port();
    /// # std::thread::spawn(move || -> std::io::Result<()> {
    /// #     let (mut peer, _) = listener.accept()?; // echoes until we half-close
    /// #     std::io::copy(&mut peer.try_clone()?, &mut peer).map(drop)
    /// # });
    /// use sockets_core::{dial, DialOptions};
    /// let (mut reader, mut writer) = dial("127.0.0.1", port, DialOptions::default()).await?.split();
    /// assert_eq!(writer.remote_addr().port(), port);
    /// # std::io::Result::Ok(()) }).unwrap();
    /// ```
    pub fn remote_addr(&self) -> SocketAddr {
        self.remote_addr
    }
}

impl ReadSide for ReadHalf {
    type Io = ReadIo;

    #[inline]
    fn read_side(&mut self, operation: &str) -> io::Result<(Pin<&mut ReadIo>, &mut Reader)> {
        match self.io.as_mut() {
            Some(io) => Ok((Pin::new(io), &mut self.reader)),
            None => Err(closed(self.remote_addr, operation)),
        }
    }
}

impl WriteSide for WriteHalf {
    type Io = WriteIo;

    #[inline]
    fn write_side(&mut self, operation: &str) -> io::Result<(Pin<&mut WriteIo>, &mut Writer)> {
        match self.io.as_mut() {
            Some(io) => Ok((Pin::new(io), &mut self.writer)),
            None => Err(closed(self.remote_addr, operation)),
        }
    }
}

// A writing half let go without `close()` half-closes the connection, best
// effort and without waiting, as a dropped `Socket` closes it.
impl Drop for WriteHalf {
    fn drop(&mut self) {
        if let Some(io) = self.io.as_mut() {
            self.writer.close_on_drop(Pin::new(io));
        }
    }
}

impl_read_traits!(ReadHalf);
impl_write_traits!(WriteHalf);

impl fmt::Debug for ReadHalf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReadHalf")
            .field("local_addr", &self.local_addr)
            .field("remote_addr", &self.remote_addr)
            .finish()
    }
}

impl fmt::Debug for WriteHalf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WriteHalf")
            .field("local_addr", &self.local_addr)
            .field("remote_addr", &self.remote_addr)
            .finish()
    }
}
