//! [`Socket`]: the blocking twin of `sockets_core::Socket`.

use std::fmt;
use std::io;
use std::net::SocketAddr;
use std::time::Duration;

use crate::call::{call, Reading, Writing};
use crate::io_traits::{impl_read_traits, impl_write_traits};
use crate::lines::Lines;
use crate::split::{ReadHalf, WriteHalf};

/// A connected TCP or TLS socket for blocking code: the same semantics as
/// [`sockets_core::Socket`], each call blocking the calling thread.
///
/// All reads share the socket's one buffer, so mixing `read_line`, `read`,
/// `read_all`, [`Read`](std::io::Read) and [`BufRead`](std::io::BufRead)
/// never loses or reorders a byte.
///
/// `Read` and `Write` are implemented on `Socket`; `BufRead` on
/// `&mut Socket`, so that `socket.lines()` is always the inherent,
/// non-consuming [`lines`](Self::lines) even with `BufRead` in scope (pass
/// `&mut socket` where a `BufRead` is wanted). `for line in &mut socket`
/// iterates lines.
///
/// # Examples
/// ```
/// use sockets_blocking::{dial, serve, DialOptions};
///
/// let server = serve("127.0.0.1", 0, |mut conn| {
///     while let Some(line) = conn.stream.read_line()? {
///         conn.stream.writeln(&line.to_uppercase())?;
///     }
///     Ok(())
/// })?;
///
/// let mut socket = dial("127.0.0.1", server.local_addr().port(), DialOptions::default())?;
/// socket.writeln("hello")?;
/// assert_eq!(socket.read_line()?.as_deref(), Some("HELLO"));
/// socket.close()?;
/// server.close()?;
/// # std::io::Result::Ok(())
/// ```
pub struct Socket {
    inner: sockets_core::Socket,
}

impl Socket {
    pub(crate) fn reading(&self) -> (Option<Duration>, Reading) {
        (self.inner.read_timeout(), Reading(self.inner.remote_addr()))
    }

    pub(crate) fn writing(&self) -> (Option<Duration>, Writing) {
        (
            self.inner.write_timeout(),
            Writing(self.inner.remote_addr()),
        )
    }

    /// Reads up to `n` bytes, waiting until at least one is there; empty
    /// means end of stream. (With `std::io::Read` in scope this inherent method
    /// still wins: call `Read::read(&mut socket, buf)` for the trait's.)
    ///
    /// # Errors
    /// As [`sockets_core::Socket::read`].
    pub fn read(&mut self, n: usize) -> io::Result<Vec<u8>> {
        let (limit, what) = self.reading();
        call("Socket::read", limit, what, self.inner.read(n))
    }

    /// Reads everything up to end of stream.
    ///
    /// # Errors
    /// As [`sockets_core::Socket::read_all`].
    pub fn read_all(&mut self) -> io::Result<Vec<u8>> {
        let (limit, what) = self.reading();
        call("Socket::read_all", limit, what, self.inner.read_all())
    }

    /// Reads one line without its `\n` or `\r\n`; `None` at end of stream.
    ///
    /// # Errors
    /// As [`sockets_core::Socket::read_line`]: `InvalidData` for an
    /// over-long line or invalid UTF-8, `TimedOut` past the read timeout.
    pub fn read_line(&mut self) -> io::Result<Option<String>> {
        // The hot path of line protocols: a line already buffered needs no
        // I/O, so no block_on at all.
        if let Some(line) = self.inner.try_read_line() {
            return line.map(Some);
        }
        let (limit, what) = self.reading();
        call("Socket::read_line", limit, what, self.inner.read_line())
    }

    /// Reads one line as bytes, for protocols that are not UTF-8.
    ///
    /// # Errors
    /// As [`sockets_core::Socket::read_line_bytes`].
    pub fn read_line_bytes(&mut self) -> io::Result<Option<Vec<u8>>> {
        let (limit, what) = self.reading();
        call(
            "Socket::read_line_bytes",
            limit,
            what,
            self.inner.read_line_bytes(),
        )
    }

    /// An iterator over the remaining lines; it ends at end of stream and
    /// after its first error.
    pub fn lines(&mut self) -> Lines<'_> {
        Lines::new(self)
    }

    /// Writes all of `buf` (handed to the kernel, or TLS and flushed).
    ///
    /// # Errors
    /// As [`sockets_core::Socket::write`].
    pub fn write(&mut self, buf: &[u8]) -> io::Result<()> {
        let (limit, what) = self.writing();
        call("Socket::write", limit, what, self.inner.write(buf))
    }

    /// Writes `line` and `"\n"` in one write.
    ///
    /// # Errors
    /// As [`sockets_core::Socket::write`].
    pub fn writeln(&mut self, line: &str) -> io::Result<()> {
        let (limit, what) = self.writing();
        call("Socket::writeln", limit, what, self.inner.writeln(line))
    }

    /// Sends anything queued (TLS records).
    ///
    /// # Errors
    /// As [`sockets_core::Socket::flush`].
    pub fn flush(&mut self) -> io::Result<()> {
        let (limit, what) = self.writing();
        call("Socket::flush", limit, what, self.inner.flush())
    }

    /// Half-close: the peer sees end of stream, reading goes on. Idempotent.
    ///
    /// # Errors
    /// As [`sockets_core::Socket::close_write`].
    pub fn close_write(&mut self) -> io::Result<()> {
        let (limit, what) = self.writing();
        call("Socket::close_write", limit, what, self.inner.close_write())
    }

    /// Flushes, sends TLS close_notify, shuts down and releases the
    /// connection. Idempotent; later reads and writes fail with
    /// `NotConnected`.
    ///
    /// # Errors
    /// As [`sockets_core::Socket::close`].
    pub fn close(&mut self) -> io::Result<()> {
        let (limit, what) = self.writing();
        call("Socket::close", limit, what, self.inner.close())
    }

    /// Whether [`close`](Self::close) has run.
    pub fn is_closed(&self) -> bool {
        self.inner.is_closed()
    }

    /// The local address, captured at connect.
    pub fn local_addr(&self) -> SocketAddr {
        self.inner.local_addr()
    }

    /// The peer's address, captured at connect.
    pub fn remote_addr(&self) -> SocketAddr {
        self.inner.remote_addr()
    }

    /// Whether the socket runs TLS.
    pub fn is_tls(&self) -> bool {
        self.inner.is_tls()
    }

    /// As [`sockets_core::Socket::tcp_fd`]: the descriptor of a plain TCP
    /// socket with nothing buffered, for zero-copy transfers.
    pub fn tcp_fd(&self) -> Option<std::os::fd::BorrowedFd<'_>> {
        self.inner.tcp_fd()
    }

    /// The deadline of each whole read call.
    pub fn read_timeout(&self) -> Option<Duration> {
        self.inner.read_timeout()
    }

    /// The deadline of each whole write call.
    pub fn write_timeout(&self) -> Option<Duration> {
        self.inner.write_timeout()
    }

    /// Changes the deadline of each whole read call.
    ///
    /// # Errors
    /// `InvalidInput` for a zero duration.
    pub fn set_read_timeout(&mut self, timeout: Option<Duration>) -> io::Result<()> {
        self.inner.set_read_timeout(timeout)
    }

    /// Changes the deadline of each whole write call.
    ///
    /// # Errors
    /// `InvalidInput` for a zero duration.
    pub fn set_write_timeout(&mut self, timeout: Option<Duration>) -> io::Result<()> {
        self.inner.set_write_timeout(timeout)
    }

    /// Splits the socket into halves that can live on two threads: read on
    /// one while writing on the other. Buffered bytes go with the reader.
    pub fn split(self) -> (ReadHalf, WriteHalf) {
        let (read, write) = self.inner.split();
        (ReadHalf::from(read), WriteHalf::from(write))
    }

    /// The async socket underneath, for use from async code.
    pub fn into_async(self) -> sockets_core::Socket {
        self.inner
    }
}

impl From<sockets_core::Socket> for Socket {
    fn from(inner: sockets_core::Socket) -> Self {
        Socket { inner }
    }
}

impl_read_traits!(Socket, "Socket");
impl_write_traits!(Socket, "Socket");

impl fmt::Debug for Socket {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Socket").field(&self.inner).finish()
    }
}
