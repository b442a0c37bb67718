//! [`Socket`]: a connected TCP or TLS stream with lines, bytes and a clean close.

use std::fmt;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use crate::descriptors::Descriptor;
use crate::error::closed;
use crate::io_traits::{self, impl_read_traits, impl_write_traits, ReadSide, WriteSide};
use crate::lines::Lines;
use crate::options::{check_timeout, SocketSettings};
use crate::reader::Reader;
use crate::split::{ReadHalf, WriteHalf};
use crate::tls_info::TlsInfo;
use crate::transport::Transport;
use crate::writer::Writer;

/// A connected TCP or TLS socket, from [`dial`](crate::dial) or a server's
/// [`Conn`](crate::Conn).
///
/// All reads share one internal buffer, so mixing [`read_line`](Self::read_line),
/// [`read`](Self::read), [`read_all`](Self::read_all), the
/// [`AsyncRead`](futures_io::AsyncRead) impl and the line
/// [`Stream`](futures_core::Stream) never loses or reorders a byte. The
/// buffer is allocated on demand and released while the socket is idle.
///
/// Besides its methods, a `Socket` is a futures-io `AsyncRead`,
/// `AsyncBufRead` and `AsyncWrite`, a `Stream` of lines and a `Sink` of byte
/// buffers (queued until flushed or closed).
///
/// # Errors and the end of streams
/// A line over `max_line_length` or not UTF-8 is a recoverable
/// `InvalidData` error: the next read gets the next line. Any error of the
/// connection itself (TLS, reset, I/O) is fatal: every later read fails at
/// once with the same kind, and the line `Stream` (like
/// [`lines`](Self::lines)) ends with `None`, as it does after
/// [`close`](Self::close), so a `while let Some(..)` loop never spins on
/// errors. See [`Lines`](crate::Lines).
///
/// # When bytes leave
/// A `Socket` behaves like a `TcpStream`, not like a `BufWriter`: once a
/// write returns `Ok` (the inherent [`write`](Self::write), the `AsyncWrite`
/// impl, a `Sink` flush), its bytes have been handed to the kernel. With TLS
/// too: a write returns once rustls's records for its bytes have left, so a
/// read after `write_all` never waits on bytes we still hold. Only items fed
/// to the `Sink` wait in the socket until a flush, as the `Sink` contract
/// says; [`close`](Self::close) sends them. A TLS write that timed out or
/// was cancelled may have had bytes taken: repeat it with the same bytes
/// and they are sent once. Records it left behind go out with the next
/// write, flush, close or read.
///
/// # Cancel safety
/// Every read method is cancel-safe: bytes stay in the buffer until a call
/// returns them, so a `read_line` dropped half-way loses nothing. A write
/// dropped half-way may have sent part of its buffer.
///
/// # Examples
/// ```
/// # async_std::task::block_on(async {
/// use sockets_core::{dial, serve, DialOptions};
///
/// let server = serve("127.0.0.1", 0, |mut conn| async move {
///     while let Some(line) = conn.stream.read_line().await? {
///         conn.stream.writeln(&line.to_uppercase()).await?;
///     }
///     Ok(())
/// })
/// .await?;
///
/// let port = server.local_addr().port();
/// let mut socket = dial("127.0.0.1", port, DialOptions::default()).await?;
/// socket.writeln("hello").await?;
/// assert_eq!(socket.read_line().await?.as_deref(), Some("HELLO"));
/// socket.close().await?;
/// server.close().await?;
/// # std::io::Result::Ok(()) }).unwrap();
/// ```
pub struct Socket {
    io: Option<Transport>,
    reader: Reader,
    writer: Writer,
    local_addr: SocketAddr,
    remote_addr: SocketAddr,
    tls: bool,
    /// Keeps the TCP descriptor for `AsFd`/`AsSocket` (descriptors.rs).
    pub(crate) descriptor: Descriptor,
    pub(crate) tls_info: Option<Arc<TlsInfo>>,
}

impl Socket {
    /// Wraps a connected transport with the given settings.
    pub(crate) fn new(io: Transport, settings: &SocketSettings) -> io::Result<Socket> {
        let remote_addr = io.tcp().get_ref().peer_addr()?;
        Socket::accepted(io, settings, remote_addr, None)
    }

    /// Wraps an accepted transport whose peer (and maybe local) address is
    /// already known, sparing the syscalls that would ask again.
    pub(crate) fn accepted(
        io: Transport,
        settings: &SocketSettings,
        remote_addr: SocketAddr,
        local_addr: Option<SocketAddr>,
    ) -> io::Result<Socket> {
        let tcp = io.tcp().get_ref();
        crate::socket_options::apply(tcp, settings)?;
        let local_addr = match local_addr {
            Some(addr) => addr,
            None => tcp.local_addr()?,
        };
        Ok(Socket {
            tls: io.is_tls(),
            descriptor: Descriptor::new(io.tcp()),
            tls_info: TlsInfo::of(&io),
            io: Some(io),
            reader: Reader::new(settings.read_timeout, settings.max_line_length, remote_addr),
            writer: Writer::new(settings.write_timeout, remote_addr),
            local_addr,
            remote_addr,
        })
    }

    /// The TCP stream under the socket (TLS or not), for socket options;
    /// `NotConnected` after close.
    pub(crate) fn tcp_stream(&self, operation: &str) -> io::Result<&std::net::TcpStream> {
        match &self.io {
            Some(io) => Ok(io.tcp().get_ref()),
            None => Err(closed(self.remote_addr, operation)),
        }
    }

    /// Reads up to `n` bytes, waiting until at least one is there.
    /// An empty vector means end of stream (or `n == 0`).
    ///
    /// # Errors
    /// `NotConnected` after [`close`](Self::close); `TimedOut` past the read
    /// timeout; the transport's error (reset, TLS) with the peer's address.
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
    /// let mut socket = dial("127.0.0.1", port, DialOptions::default()).await?;
    /// socket.write(b"hello").await?;
    /// let bytes = socket.read(5).await?; // at least one byte
    /// assert!(!bytes.is_empty() && b"hello".starts_with(&bytes));
    /// # std::io::Result::Ok(()) }).unwrap();
    /// ```
    pub async fn read(&mut self, n: usize) -> io::Result<Vec<u8>> {
        io_traits::read_call(self, "read", |r, cx, io| r.poll_read_up_to(cx, io, n)).await
    }

    /// Reads everything up to end of stream. Memory grows with what the peer
    /// sends: use [`read`](Self::read) or lines for peers you don't trust.
    ///
    /// # Errors
    /// As [`read`](Self::read); for TLS, a peer that closes without
    /// close_notify is an `UnexpectedEof` error (a possible truncation).
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
    /// let mut socket = dial("127.0.0.1", port, DialOptions::default()).await?;
    /// socket.write(b"all of it").await?;
    /// socket.close_write().await?;
    /// assert_eq!(socket.read_all().await?, b"all of it");
    /// # std::io::Result::Ok(()) }).unwrap();
    /// ```
    pub async fn read_all(&mut self) -> io::Result<Vec<u8>> {
        io_traits::read_call(self, "read", Reader::poll_read_to_end).await
    }

    /// Reads one line, without its `\n` or `\r\n`. Returns `None` at end of
    /// stream; a last line without a newline is returned as it is.
    ///
    /// # Errors
    /// `InvalidData` for a line longer than `max_line_length` (raised once,
    /// as soon as the limit is passed; the line is then skipped up to its
    /// end, see [`LineSplitter`](crate::LineSplitter)) or for invalid UTF-8;
    /// both are recoverable, the next call reads the next line. Otherwise as
    /// [`read`](Self::read).
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
    /// let mut socket = dial("127.0.0.1", port, DialOptions::default()).await?;
    /// socket.write(b"one\r\ntwo\n").await?;
    /// assert_eq!(socket.read_line().await?.as_deref(), Some("one"));
    /// assert_eq!(socket.read_line().await?.as_deref(), Some("two"));
    /// # std::io::Result::Ok(()) }).unwrap();
    /// ```
    pub async fn read_line(&mut self) -> io::Result<Option<String>> {
        if let Some(line) = self.try_read_line() {
            return line.map(Some);
        }
        io_traits::read_call(self, "read a line", Reader::poll_read_line).await
    }

    /// The next line if the buffer already holds all of it, without any I/O
    /// or waiting; `None` when a read is needed first (or the socket is
    /// closed). Useful to drain buffered lines in a batch.
    ///
    /// ```
    /// # async_std::task::block_on(async {
    /// use sockets_core::{dial, serve, DialOptions};
    ///
    /// let server = serve("127.0.0.1", 0, |mut conn| async move {
    ///     conn.stream.write(b"one\ntwo\nthree\n").await
    /// })
    /// .await?;
    /// let mut socket = dial("127.0.0.1", server.local_addr().port(), DialOptions::default()).await?;
    /// let first = socket.read_line().await?; // waits, and buffers what came
    /// let mut batch = vec![first.unwrap_or_default()];
    /// while let Some(line) = socket.try_read_line() {
    ///     batch.push(line?);
    /// }
    /// assert!(batch.len() >= 1 && batch[0] == "one");
    /// server.close().await?;
    /// # std::io::Result::Ok(()) }).unwrap();
    /// ```
    ///
    /// # Errors
    /// As [`read_line`](Self::read_line), for the buffered line.
    #[inline]
    pub fn try_read_line(&mut self) -> Option<io::Result<String>> {
        match self.io {
            Some(_) => self.reader.try_read_line(),
            None => None,
        }
    }

    /// Reads one line as bytes, for protocols that are not UTF-8.
    ///
    /// # Errors
    /// As [`read_line`](Self::read_line), without the UTF-8 check.
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
    /// let mut socket = dial("127.0.0.1", port, DialOptions::default()).await?;
    /// socket.write(b"\xff\xfe\n").await?; // not UTF-8
    /// assert_eq!(socket.read_line_bytes().await?, Some(vec![0xff, 0xfe]));
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
    /// let mut socket = dial("127.0.0.1", port, DialOptions::default()).await?;
    /// use futures_lite::StreamExt;
    /// socket.write(b"a\nb\n").await?;
    /// socket.close_write().await?;
    /// let lines: Vec<String> = socket.lines().map(Result::unwrap).collect().await;
    /// assert_eq!(lines, ["a", "b"]);
    /// # std::io::Result::Ok(()) }).unwrap();
    /// ```
    #[must_use = "streams do nothing unless polled"]
    pub fn lines(&mut self) -> Lines<'_> {
        Lines::new(self)
    }

    /// Writes all of `buf`; when it returns, every byte has been handed to
    /// the kernel (with TLS, as records). See [When bytes leave](Self#when-bytes-leave).
    ///
    /// # Errors
    /// `NotConnected` after [`close`](Self::close) or
    /// [`close_write`](Self::close_write); `TimedOut` past the write timeout;
    /// the transport's error (e.g. `BrokenPipe`) with the peer's address.
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
    /// let mut socket = dial("127.0.0.1", port, DialOptions::default()).await?;
    /// socket.write(b"ping\n").await?;
    /// assert_eq!(socket.read_line().await?.as_deref(), Some("ping"));
    /// # std::io::Result::Ok(()) }).unwrap();
    /// ```
    pub async fn write(&mut self, buf: &[u8]) -> io::Result<()> {
        io_traits::write_call(self, "write", buf).await
    }

    /// Writes `line` and `"\n"` in one write.
    ///
    /// # Errors
    /// As [`write`](Self::write).
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
    /// let mut socket = dial("127.0.0.1", port, DialOptions::default()).await?;
    /// socket.writeln("ping").await?;
    /// assert_eq!(socket.read_line().await?.as_deref(), Some("ping"));
    /// # std::io::Result::Ok(()) }).unwrap();
    /// ```
    pub async fn writeln(&mut self, line: &str) -> io::Result<()> {
        io_traits::writeln_call(self, line).await
    }

    /// Sends bytes queued through the `Sink` impl and any TLS records a
    /// timed-out or cancelled write left behind.
    ///
    /// # Errors
    /// As [`write`](Self::write).
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
    /// let mut socket = dial("127.0.0.1", port, DialOptions::default()).await?;
    /// use futures::SinkExt;
    /// socket.feed("queued by the Sink\n").await?; // not sent yet
    /// socket.flush().await?;
    /// assert_eq!(socket.read_line().await?.as_deref(), Some("queued by the Sink"));
    /// # std::io::Result::Ok(()) }).unwrap();
    /// ```
    pub async fn flush(&mut self) -> io::Result<()> {
        io_traits::write_control(self, "flush", Writer::poll_flush).await
    }

    /// Half-close: flushes, sends TLS close_notify and shuts down the write
    /// direction. The peer sees end of stream; this side can still read.
    /// Idempotent.
    ///
    /// # Errors
    /// `NotConnected` after [`close`](Self::close); a flush error.
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
    /// let mut socket = dial("127.0.0.1", port, DialOptions::default()).await?;
    /// socket.writeln("last").await?;
    /// socket.close_write().await?; // the peer sees end of stream
    /// assert_eq!(socket.read_all().await?, b"last\n"); // reading goes on
    /// # std::io::Result::Ok(()) }).unwrap();
    /// ```
    pub async fn close_write(&mut self) -> io::Result<()> {
        io_traits::write_control(self, "close the write side", Writer::poll_close_write).await
    }

    /// Flushes, sends TLS close_notify, shuts the connection down and
    /// releases it (buffers, TLS state; the descriptor itself closes when
    /// the socket is dropped). Idempotent: closing a closed socket is `Ok`.
    /// Every later read or write fails with `NotConnected`.
    ///
    /// Dropping a socket without `close()` also ends the connection cleanly,
    /// but only as far as one non-blocking attempt goes: it sends what it can
    /// at once (TLS close_notify included) and never waits or reports. What
    /// `close()` adds is that it waits, under the write timeout, until
    /// queued bytes and close_notify have left, and returns the error if
    /// they could not.
    ///
    /// # Errors
    /// Only when queued bytes could not be sent; the socket is closed anyway.
    /// A peer that is already gone is not an error; nor is a connection that
    /// a fatal read error (a reset, a TLS error) already ended: the read
    /// reported that error, and `close()` then only releases the socket
    /// and returns `Ok`.
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
    /// let mut socket = dial("127.0.0.1", port, DialOptions::default()).await?;
    /// socket.close().await?;
    /// socket.close().await?; // idempotent
    /// let e = socket.read(1).await.unwrap_err();
    /// assert_eq!(e.kind(), std::io::ErrorKind::NotConnected);
    /// # std::io::Result::Ok(()) }).unwrap();
    /// ```
    pub async fn close(&mut self) -> io::Result<()> {
        let Some(io) = self.io.as_mut() else {
            return Ok(());
        };
        if self.reader.has_failed() {
            // The connection is gone (TLS would only repeat the read's
            // error, labelled as a write): release it, as documented.
            let _ = io.shutdown_if_shared();
            self.io = None;
            self.reader.release();
            return Ok(());
        }
        self.writer.reset_deadline();
        let writer = &mut self.writer;
        // TLS needs its close_notify; plain TCP only a flush of queued
        // bytes: the shutdown below sends the FIN.
        let tls = io.is_tls();
        let flushed = futures_lite::future::poll_fn(|cx| match tls {
            true => writer.poll_close_write(cx, Pin::new(&mut *io)),
            false => writer.poll_flush(cx, Pin::new(&mut *io)),
        })
        .await;
        // The descriptor is shared (kept for `AsFd` until drop, see
        // descriptors.rs; a server's shutdown handle may hold it a moment),
        // so shut down explicitly: the peer sees the end now.
        let shutdown = io.shutdown_if_shared();
        self.io = None;
        self.reader.release();
        flushed.and(shutdown)
    }

    /// Whether [`close`](Self::close) has run.
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
    /// let mut socket = dial("127.0.0.1", port, DialOptions::default()).await?;
    /// assert!(!socket.is_closed());
    /// socket.close().await?;
    /// assert!(socket.is_closed());
    /// # std::io::Result::Ok(()) }).unwrap();
    /// ```
    pub fn is_closed(&self) -> bool {
        self.io.is_none()
    }

    /// The local address, captured at connect; still valid after close.
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
    /// let mut socket = dial("127.0.0.1", port, DialOptions::default()).await?;
    /// let local = socket.local_addr();
    /// socket.close().await?;
    /// assert_eq!(socket.local_addr(), local); // still valid after close
    /// assert!(local.ip().is_loopback());
    /// # std::io::Result::Ok(()) }).unwrap();
    /// ```
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// The peer's address, captured at connect; still valid after close.
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
    /// let mut socket = dial("127.0.0.1", port, DialOptions::default()).await?;
    /// assert_eq!(socket.remote_addr().port(), port);
    /// # std::io::Result::Ok(()) }).unwrap();
    /// ```
    pub fn remote_addr(&self) -> SocketAddr {
        self.remote_addr
    }

    /// Whether the socket runs TLS.
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
    /// let mut socket = dial("127.0.0.1", port, DialOptions::default()).await?;
    /// assert!(!socket.is_tls());
    /// # std::io::Result::Ok(()) }).unwrap();
    /// ```
    pub fn is_tls(&self) -> bool {
        self.tls
    }

    /// The bytes received but not read yet (empty after close).
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
    /// let mut socket = dial("127.0.0.1", port, DialOptions::default()).await?;
    /// assert!(socket.buffered().is_empty());
    /// socket.write(b"a\nb\n").await?;
    /// socket.read_line().await?; // "b\n" may have arrived with it
    /// assert!(socket.buffered().len() <= 2);
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
    /// let mut socket = dial("127.0.0.1", port, DialOptions::default()).await?;
    /// assert_eq!(socket.read_timeout(), None); // the default
    /// # std::io::Result::Ok(()) }).unwrap();
    /// ```
    pub fn read_timeout(&self) -> Option<Duration> {
        self.reader.timeout()
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
    /// let mut socket = dial("127.0.0.1", port, DialOptions::default()).await?;
    /// assert_eq!(socket.write_timeout(), None); // the default
    /// # std::io::Result::Ok(()) }).unwrap();
    /// ```
    pub fn write_timeout(&self) -> Option<Duration> {
        self.writer.timeout()
    }

    /// Changes the deadline of each read call (`None`: no deadline), under
    /// the timeout rule of [`DialOptions::read_timeout`](crate::DialOptions::read_timeout);
    /// the next call uses it.
    ///
    /// # Errors
    /// `InvalidInput` for a zero duration, as std's `set_read_timeout`.
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
    /// let mut socket = dial("127.0.0.1", port, DialOptions::default()).await?;
    /// use std::time::Duration;
    /// socket.set_read_timeout(Some(Duration::from_millis(50)))?;
    /// let e = socket.read_line().await.unwrap_err(); // the peer says nothing
    /// assert_eq!(e.kind(), std::io::ErrorKind::TimedOut);
    /// # std::io::Result::Ok(()) }).unwrap();
    /// ```
    pub fn set_read_timeout(&mut self, timeout: Option<Duration>) -> io::Result<()> {
        check_timeout("read_timeout", timeout)?;
        self.reader.set_timeout(timeout);
        Ok(())
    }

    /// Changes the deadline of each write, flush or close call (`None`: no
    /// deadline), under the timeout rule of
    /// [`DialOptions::read_timeout`](crate::DialOptions::read_timeout); the
    /// next call uses it.
    ///
    /// # Errors
    /// `InvalidInput` for a zero duration, as std's `set_write_timeout`.
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
    /// let mut socket = dial("127.0.0.1", port, DialOptions::default()).await?;
    /// use std::time::Duration;
    /// socket.set_write_timeout(Some(Duration::from_secs(5)))?;
    /// assert_eq!(socket.write_timeout(), Some(Duration::from_secs(5)));
    /// assert!(socket.set_write_timeout(Some(Duration::ZERO)).is_err());
    /// # std::io::Result::Ok(()) }).unwrap();
    /// ```
    pub fn set_write_timeout(&mut self, timeout: Option<Duration>) -> io::Result<()> {
        check_timeout("write_timeout", timeout)?;
        self.writer.set_timeout(timeout);
        Ok(())
    }

    /// Splits the socket into a reading and a writing half, for concurrent
    /// reader and writer tasks. Buffered bytes go with the reading half.
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
    /// let mut socket = dial("127.0.0.1", port, DialOptions::default()).await?;
    /// let (mut reader, mut writer) = socket.split();
    /// writer.writeln("through the halves").await?;
    /// assert_eq!(reader.read_line().await?.as_deref(), Some("through the halves"));
    /// # std::io::Result::Ok(()) }).unwrap();
    /// ```
    pub fn split(mut self) -> (ReadHalf, WriteHalf) {
        // `Socket` has a `Drop`: move the parts out, leaving husks behind.
        let reader = std::mem::replace(&mut self.reader, Reader::new(None, 0, self.remote_addr));
        let writer = std::mem::replace(&mut self.writer, Writer::new(None, self.remote_addr));
        let (read, write) = match self.io.take() {
            Some(io) => {
                let (r, w) = io.split();
                (Some(r), Some(w))
            }
            None => (None, None),
        };
        let mut halves = (
            ReadHalf::new(
                read,
                reader,
                self.local_addr,
                self.remote_addr,
                self.descriptor.clone(),
            ),
            WriteHalf::new(
                write,
                writer,
                self.local_addr,
                self.remote_addr,
                self.descriptor.clone(),
            ),
        );
        halves.0.tls_info = self.tls_info.clone();
        halves.1.tls_info = self.tls_info.clone();
        halves
    }
}

impl ReadSide for Socket {
    type Io = Transport;

    #[inline]
    fn read_side(&mut self, operation: &str) -> io::Result<(Pin<&mut Transport>, &mut Reader)> {
        match self.io.as_mut() {
            Some(io) => Ok((Pin::new(io), &mut self.reader)),
            None => Err(closed(self.remote_addr, operation)),
        }
    }
}

impl WriteSide for Socket {
    type Io = Transport;

    #[inline]
    fn write_side(&mut self, operation: &str) -> io::Result<(Pin<&mut Transport>, &mut Writer)> {
        match self.io.as_mut() {
            Some(io) => Ok((Pin::new(io), &mut self.writer)),
            None => Err(closed(self.remote_addr, operation)),
        }
    }
}

// A socket let go without `close()` still ends cleanly, best effort and
// without waiting: see `Writer::close_on_drop`.
impl Drop for Socket {
    fn drop(&mut self) {
        if let Some(io) = self.io.as_mut() {
            self.writer.close_on_drop(Pin::new(io));
        }
    }
}

impl_read_traits!(Socket);
impl_write_traits!(Socket);

impl fmt::Debug for Socket {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Socket")
            .field("local_addr", &self.local_addr)
            .field("remote_addr", &self.remote_addr)
            .field("tls", &self.tls)
            .field("closed", &self.is_closed())
            .field("write_closed", &self.writer.is_write_closed())
            .finish()
    }
}
