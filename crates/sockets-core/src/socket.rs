//! [`Socket`]: a connected TCP or TLS stream with lines, bytes and a clean close.

use std::fmt;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;

use crate::descriptors::Descriptor;
use crate::options::SocketSettings;
use crate::read_part::read_part;
use crate::reader::Reader;
use crate::socket_info::{info_part, SocketInfo};
use crate::socket_options::options_part;
use crate::split::{ReadHalf, WriteHalf};
use crate::tls_info::{tls_part, TlsInfo};
use crate::transport::Transport;
use crate::write_part::write_part;
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
/// dropped half-way may have sent part of its buffer. Each method says so
/// in its own `# Cancel safety` section.
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
    pub(crate) info: SocketInfo,
}

// The public methods shared with the halves, written once in these files.
read_part!(
    Socket,
    io = Transport,
    open = "use sockets_core::dial;\nlet mut socket = dial(\"127.0.0.1\", port, options).await?;",
    writer = socket,
    reader = socket,
    close_write = close_write
);
write_part!(
    Socket,
    io = Transport,
    open = "use sockets_core::dial;\nlet mut socket = dial(\"127.0.0.1\", port, options).await?;",
    writer = socket,
    reader = socket
);
info_part!(
    Socket,
    open = "use sockets_core::dial;\nlet mut socket = dial(\"127.0.0.1\", port, options).await?;",
    this = socket
);
tls_part!(
    Socket,
    open = "use sockets_core::dial;\nlet mut socket = dial(\"127.0.0.1\", port, options).await?;",
    this = socket
);
options_part!(
    Socket,
    open = "use sockets_core::dial;\nlet mut socket = dial(\"127.0.0.1\", port, options).await?;",
    this = socket
);

impl Socket {
    /// Wraps a connected transport with the given settings.
    pub(crate) fn new(io: Transport, settings: &SocketSettings) -> io::Result<Socket> {
        let tcp = io.tcp().get_ref();
        crate::socket_options::apply(tcp.into(), settings)?;
        let remote_addr = tcp.peer_addr()?;
        Socket::accepted(io, settings, remote_addr, None)
    }

    /// Wraps an accepted transport whose peer (and maybe local) address is
    /// already known, sparing the syscalls that would ask again. Its socket
    /// options are the caller's to apply (see [`crate::socket_options`]).
    pub(crate) fn accepted(
        io: Transport,
        settings: &SocketSettings,
        remote_addr: SocketAddr,
        local_addr: Option<SocketAddr>,
    ) -> io::Result<Socket> {
        let local_addr = match local_addr {
            Some(addr) => addr,
            None => io.tcp().get_ref().local_addr()?,
        };
        Ok(Socket {
            info: SocketInfo {
                local_addr,
                remote_addr,
                tls: io.is_tls(),
                descriptor: Descriptor::new(io.tcp()),
                tls_info: TlsInfo::of(&io),
            },
            io: Some(io),
            reader: Reader::new(settings.read_timeout, settings.max_line_length, remote_addr),
            writer: Writer::new(settings.write_timeout, remote_addr),
        })
    }

    /// Half-close: flushes, sends TLS close_notify and shuts down the write
    /// direction. The peer sees end of stream; this side can still read.
    /// Idempotent.
    ///
    /// # Errors
    /// `NotConnected` after [`close`](Self::close); a flush error.
    ///
    /// # Cancel safety
    /// Cancel-safe: what is not sent yet stays queued, and calling it again
    /// finishes the half-close.
    ///
    /// # Examples
    /// ```
    /// # async_std::task::block_on(async {
    /// # let (port, options) = sockets_core::__doc::echo_peer()?; // echoes until we half-close
    /// let mut socket = sockets_core::dial("127.0.0.1", port, options).await?;
    /// socket.writeln("last").await?;
    /// socket.close_write().await?; // the peer sees end of stream
    /// assert_eq!(socket.read_all().await?, b"last\n"); // reading goes on
    /// # std::io::Result::Ok(()) }).unwrap();
    /// ```
    pub async fn close_write(&mut self) -> io::Result<()> {
        let (io, writer) = crate::write_part::side(self, "close the write side")?;
        writer.call(io, Writer::poll_close_write).await
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
    /// # Cancel safety
    /// A call dropped before it returns leaves the socket open, with what
    /// was flushed sent; call `close` again to finish, or drop the socket
    /// for the best-effort end.
    ///
    /// # Examples
    /// ```
    /// # async_std::task::block_on(async {
    /// # let (port, options) = sockets_core::__doc::echo_peer()?; // echoes until we half-close
    /// let mut socket = sockets_core::dial("127.0.0.1", port, options).await?;
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
    /// # let (port, options) = sockets_core::__doc::echo_peer()?; // echoes until we half-close
    /// let mut socket = sockets_core::dial("127.0.0.1", port, options).await?;
    /// assert!(!socket.is_closed());
    /// socket.close().await?;
    /// assert!(socket.is_closed());
    /// # std::io::Result::Ok(()) }).unwrap();
    /// ```
    pub fn is_closed(&self) -> bool {
        self.io.is_none()
    }

    /// Splits the socket into a reading and a writing half, for concurrent
    /// reader and writer tasks. Buffered bytes go with the reading half.
    ///
    /// # Examples
    /// ```
    /// # async_std::task::block_on(async {
    /// # let (port, options) = sockets_core::__doc::echo_peer()?; // echoes until we half-close
    /// let mut socket = sockets_core::dial("127.0.0.1", port, options).await?;
    /// let (mut reader, mut writer) = socket.split();
    /// writer.writeln("through the halves").await?;
    /// assert_eq!(reader.read_line().await?.as_deref(), Some("through the halves"));
    /// # std::io::Result::Ok(()) }).unwrap();
    /// ```
    pub fn split(mut self) -> (ReadHalf, WriteHalf) {
        // `Socket` has a `Drop`: move the parts out, leaving husks behind.
        let reader = std::mem::replace(
            &mut self.reader,
            Reader::new(None, 0, self.info.remote_addr),
        );
        let writer = std::mem::replace(&mut self.writer, Writer::new(None, self.info.remote_addr));
        let (read, write) = match self.io.take() {
            Some(io) => {
                let (r, w) = io.split();
                (Some(r), Some(w))
            }
            None => (None, None),
        };
        (
            ReadHalf::new(read, reader, self.info.clone()),
            WriteHalf::new(write, writer, self.info.clone()),
        )
    }
}

impl fmt::Debug for Socket {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Socket")
            .field("local_addr", &self.info.local_addr)
            .field("remote_addr", &self.info.remote_addr)
            .field("tls", &self.info.tls)
            .field("closed", &self.is_closed())
            .field("write_closed", &self.writer.is_write_closed())
            .finish()
    }
}
