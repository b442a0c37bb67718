//! [`Socket`]: the blocking twin of `sockets_core::Socket`.

use std::fmt;
use std::io;
use std::net::SocketAddr;
use std::time::Duration;

use crate::call::call;
use crate::io_traits::{impl_read_traits, impl_write_traits};
use crate::lines::Lines;
use crate::split::{ReadHalf, WriteHalf};
use crate::{read_part, write_part};

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
/// iterates lines: a line too long or not UTF-8 is a recoverable error item,
/// while after a fatal error (TLS, reset, I/O) or close iteration ends and
/// later reads fail at once with the same kind (see [`Lines`]).
///
/// Like a `TcpStream`, and unlike a `BufWriter`, every write (the inherent
/// ones, `Write::write`, `write_all`, `std::io::copy` into it) returns once
/// its bytes have been handed to the kernel, with TLS too: a `read_line`
/// after `write_all` never waits on bytes still held here.
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
    pub(crate) inner: sockets_core::Socket,
}

impl Socket {
    /// Reads up to `n` bytes, waiting until at least one is there; empty
    /// means end of stream. (With `std::io::Read` in scope this inherent method
    /// still wins: call `Read::read(&mut socket, buf)` for the trait's.)
    ///
    /// # Errors
    /// As [`sockets_core::Socket::read`].
    ///
    /// # Examples
    /// ```
    /// # let port = sockets_blocking::__doc::echo_peer()?; // echoes until we half-close
    /// use sockets_blocking::{dial, DialOptions};
    /// let mut socket = dial("127.0.0.1", port, DialOptions::default())?;
    /// socket.write(b"hello")?;
    /// let bytes = socket.read(5)?; // at least one byte
    /// assert!(!bytes.is_empty() && b"hello".starts_with(&bytes));
    /// # std::io::Result::Ok(())
    /// ```
    pub fn read(&mut self, n: usize) -> io::Result<Vec<u8>> {
        read_part::read(&mut self.inner, n)
    }

    /// Reads everything up to end of stream.
    ///
    /// # Errors
    /// As [`sockets_core::Socket::read_all`].
    ///
    /// # Examples
    /// ```
    /// # let port = sockets_blocking::__doc::echo_peer()?; // echoes until we half-close
    /// use sockets_blocking::{dial, DialOptions};
    /// let mut socket = dial("127.0.0.1", port, DialOptions::default())?;
    /// socket.write(b"all of it")?;
    /// socket.close_write()?;
    /// assert_eq!(socket.read_all()?, b"all of it");
    /// # std::io::Result::Ok(())
    /// ```
    pub fn read_all(&mut self) -> io::Result<Vec<u8>> {
        read_part::read_all(&mut self.inner)
    }

    /// Reads one line without its `\n` or `\r\n`; `None` at end of stream.
    ///
    /// # Errors
    /// As [`sockets_core::Socket::read_line`]: `InvalidData` for an
    /// over-long line or invalid UTF-8, `TimedOut` past the read timeout.
    ///
    /// # Examples
    /// ```
    /// # let port = sockets_blocking::__doc::echo_peer()?; // echoes until we half-close
    /// use sockets_blocking::{dial, DialOptions};
    /// let mut socket = dial("127.0.0.1", port, DialOptions::default())?;
    /// socket.write(b"one\r\ntwo\n")?;
    /// assert_eq!(socket.read_line()?.as_deref(), Some("one"));
    /// assert_eq!(socket.read_line()?.as_deref(), Some("two"));
    /// # std::io::Result::Ok(())
    /// ```
    pub fn read_line(&mut self) -> io::Result<Option<String>> {
        read_part::read_line(&mut self.inner)
    }

    /// Reads one line as bytes, for protocols that are not UTF-8.
    ///
    /// # Errors
    /// As [`sockets_core::Socket::read_line_bytes`].
    ///
    /// # Examples
    /// ```
    /// # let port = sockets_blocking::__doc::echo_peer()?; // echoes until we half-close
    /// use sockets_blocking::{dial, DialOptions};
    /// let mut socket = dial("127.0.0.1", port, DialOptions::default())?;
    /// socket.write(b"\xff\n")?;
    /// assert_eq!(socket.read_line_bytes()?, Some(vec![0xff]));
    /// # std::io::Result::Ok(())
    /// ```
    pub fn read_line_bytes(&mut self) -> io::Result<Option<Vec<u8>>> {
        read_part::read_line_bytes(&mut self.inner)
    }

    /// An iterator over the remaining lines; it ends at end of stream,
    /// after a fatal error and after close, while a bad line is an error
    /// item and iteration goes on (see [`Lines`]).
    ///
    /// # Examples
    /// ```
    /// # let port = sockets_blocking::__doc::echo_peer()?; // echoes until we half-close
    /// use sockets_blocking::{dial, DialOptions};
    /// let mut socket = dial("127.0.0.1", port, DialOptions::default())?;
    /// use std::io::BufRead; // in scope on purpose: lines() is still this one
    /// socket.write(b"a\nb\n")?;
    /// socket.close_write()?;
    /// let lines: Vec<String> = socket.lines().collect::<std::io::Result<_>>()?;
    /// assert_eq!(lines, ["a", "b"]);
    /// assert!(!socket.is_closed()); // not consumed
    /// # std::io::Result::Ok(())
    /// ```
    pub fn lines(&mut self) -> Lines<'_> {
        Lines::new(self)
    }

    /// Writes all of `buf`, where `std::io::Write::write` may write part of
    /// it. It returns once every byte is handed to the kernel (with TLS:
    /// encrypted and flushed).
    ///
    /// # Errors
    /// As [`sockets_core::Socket::write`].
    ///
    /// # Examples
    /// ```
    /// # let port = sockets_blocking::__doc::echo_peer()?; // echoes until we half-close
    /// use sockets_blocking::{dial, DialOptions};
    /// let mut socket = dial("127.0.0.1", port, DialOptions::default())?;
    /// socket.write(b"ping\n")?;
    /// assert_eq!(socket.read_line()?.as_deref(), Some("ping"));
    /// # std::io::Result::Ok(())
    /// ```
    pub fn write(&mut self, buf: &[u8]) -> io::Result<()> {
        write_part::write(&mut self.inner, buf)
    }

    /// Writes `line` and `"\n"` in one write.
    ///
    /// # Errors
    /// As [`sockets_core::Socket::write`].
    ///
    /// # Examples
    /// ```
    /// # let port = sockets_blocking::__doc::echo_peer()?; // echoes until we half-close
    /// use sockets_blocking::{dial, DialOptions};
    /// let mut socket = dial("127.0.0.1", port, DialOptions::default())?;
    /// socket.writeln("ping")?;
    /// assert_eq!(socket.read_line()?.as_deref(), Some("ping"));
    /// # std::io::Result::Ok(())
    /// ```
    pub fn writeln(&mut self, line: &str) -> io::Result<()> {
        write_part::writeln(&mut self.inner, line)
    }

    /// Sends anything queued: TLS records a timed-out write left behind.
    /// Every write already returns only once its bytes have been handed to
    /// the kernel, with TLS too.
    ///
    /// # Errors
    /// As [`sockets_core::Socket::flush`].
    ///
    /// # Examples
    /// ```
    /// # let port = sockets_blocking::__doc::echo_peer()?; // echoes until we half-close
    /// use sockets_blocking::{dial, DialOptions};
    /// let mut socket = dial("127.0.0.1", port, DialOptions::default())?;
    /// socket.writeln("sent")?;
    /// socket.flush()?; // nothing queued: the write sent everything
    /// assert_eq!(socket.read_line()?.as_deref(), Some("sent"));
    /// # std::io::Result::Ok(())
    /// ```
    pub fn flush(&mut self) -> io::Result<()> {
        write_part::flush(&mut self.inner)
    }

    /// Half-close: the peer sees end of stream, reading goes on. Idempotent.
    ///
    /// # Errors
    /// As [`sockets_core::Socket::close_write`].
    ///
    /// # Examples
    /// ```
    /// # let port = sockets_blocking::__doc::echo_peer()?; // echoes until we half-close
    /// use sockets_blocking::{dial, DialOptions};
    /// let mut socket = dial("127.0.0.1", port, DialOptions::default())?;
    /// socket.writeln("last")?;
    /// socket.close_write()?;
    /// assert_eq!(socket.read_all()?, b"last\n");
    /// # std::io::Result::Ok(())
    /// ```
    pub fn close_write(&mut self) -> io::Result<()> {
        write_part::close_write(&mut self.inner)
    }

    /// Flushes, sends TLS close_notify, shuts down and releases the
    /// connection. Idempotent; later reads and writes fail with
    /// `NotConnected`.
    ///
    /// Dropping the socket also ends the connection cleanly, in one
    /// non-blocking attempt that never reports; `close()` waits (under the
    /// write timeout) until queued bytes and close_notify have left, and
    /// returns the error if they could not, as
    /// [`sockets_core::Socket::close`] describes.
    ///
    /// # Errors
    /// As [`sockets_core::Socket::close`].
    ///
    /// # Examples
    /// ```
    /// # let port = sockets_blocking::__doc::echo_peer()?; // echoes until we half-close
    /// use sockets_blocking::{dial, DialOptions};
    /// let mut socket = dial("127.0.0.1", port, DialOptions::default())?;
    /// socket.close()?;
    /// socket.close()?; // idempotent
    /// assert_eq!(socket.read_line().unwrap_err().kind(), std::io::ErrorKind::NotConnected);
    /// # std::io::Result::Ok(())
    /// ```
    pub fn close(&mut self) -> io::Result<()> {
        call("Socket::close", self.inner.close())
    }

    /// Whether [`close`](Self::close) has run.
    ///
    /// # Examples
    /// ```
    /// # let port = sockets_blocking::__doc::echo_peer()?; // echoes until we half-close
    /// use sockets_blocking::{dial, DialOptions};
    /// let mut socket = dial("127.0.0.1", port, DialOptions::default())?;
    /// assert!(!socket.is_closed());
    /// socket.close()?;
    /// assert!(socket.is_closed());
    /// # std::io::Result::Ok(())
    /// ```
    pub fn is_closed(&self) -> bool {
        self.inner.is_closed()
    }

    /// The local address, captured at connect.
    ///
    /// # Examples
    /// ```
    /// # let port = sockets_blocking::__doc::echo_peer()?; // echoes until we half-close
    /// use sockets_blocking::{dial, DialOptions};
    /// let mut socket = dial("127.0.0.1", port, DialOptions::default())?;
    /// assert!(socket.local_addr().ip().is_loopback());
    /// # std::io::Result::Ok(())
    /// ```
    pub fn local_addr(&self) -> SocketAddr {
        self.inner.local_addr()
    }

    /// The peer's address, captured at connect.
    ///
    /// # Examples
    /// ```
    /// # let port = sockets_blocking::__doc::echo_peer()?; // echoes until we half-close
    /// use sockets_blocking::{dial, DialOptions};
    /// let mut socket = dial("127.0.0.1", port, DialOptions::default())?;
    /// assert_eq!(socket.remote_addr().port(), port);
    /// # std::io::Result::Ok(())
    /// ```
    pub fn remote_addr(&self) -> SocketAddr {
        self.inner.remote_addr()
    }

    /// Whether the socket runs TLS.
    ///
    /// # Examples
    /// ```
    /// # let port = sockets_blocking::__doc::echo_peer()?; // echoes until we half-close
    /// use sockets_blocking::{dial, DialOptions};
    /// let mut socket = dial("127.0.0.1", port, DialOptions::default())?;
    /// assert!(!socket.is_tls());
    /// # std::io::Result::Ok(())
    /// ```
    pub fn is_tls(&self) -> bool {
        self.inner.is_tls()
    }

    /// The bytes received but not read yet (empty after close), as
    /// [`sockets_core::Socket::buffered`].
    ///
    /// # Examples
    /// ```
    /// # let port = sockets_blocking::__doc::echo_peer()?; // echoes until we half-close
    /// use sockets_blocking::{dial, DialOptions};
    /// let mut socket = dial("127.0.0.1", port, DialOptions::default())?;
    /// assert!(socket.buffered().is_empty());
    /// socket.write(b"a\nb\n")?;
    /// socket.read_line()?; // "b\n" may have arrived with it
    /// assert!(socket.buffered().len() <= 2);
    /// # std::io::Result::Ok(())
    /// ```
    pub fn buffered(&self) -> &[u8] {
        self.inner.buffered()
    }

    /// The deadline of each read call, under the timeout rule of
    /// [`DialOptions::read_timeout`](sockets_core::DialOptions::read_timeout),
    /// the same here as in async code.
    ///
    /// # Examples
    /// ```
    /// # let port = sockets_blocking::__doc::echo_peer()?; // echoes until we half-close
    /// use sockets_blocking::{dial, DialOptions};
    /// let mut socket = dial("127.0.0.1", port, DialOptions::default())?;
    /// assert_eq!(socket.read_timeout(), None);
    /// # std::io::Result::Ok(())
    /// ```
    pub fn read_timeout(&self) -> Option<Duration> {
        self.inner.read_timeout()
    }

    /// The deadline of each write, flush or close call, under the timeout rule of
    /// [`DialOptions::read_timeout`](sockets_core::DialOptions::read_timeout),
    /// the same here as in async code.
    ///
    /// # Examples
    /// ```
    /// # let port = sockets_blocking::__doc::echo_peer()?; // echoes until we half-close
    /// use sockets_blocking::{dial, DialOptions};
    /// let mut socket = dial("127.0.0.1", port, DialOptions::default())?;
    /// assert_eq!(socket.write_timeout(), None);
    /// # std::io::Result::Ok(())
    /// ```
    pub fn write_timeout(&self) -> Option<Duration> {
        self.inner.write_timeout()
    }

    /// Changes the deadline of each read call, under the timeout rule of
    /// [`DialOptions::read_timeout`](sockets_core::DialOptions::read_timeout),
    /// the same here as in async code.
    ///
    /// # Errors
    /// `InvalidInput` for a zero duration.
    ///
    /// # Examples
    /// ```
    /// # let port = sockets_blocking::__doc::echo_peer()?; // echoes until we half-close
    /// use sockets_blocking::{dial, DialOptions};
    /// let mut socket = dial("127.0.0.1", port, DialOptions::default())?;
    /// use std::time::Duration;
    /// socket.set_read_timeout(Some(Duration::from_millis(50)))?;
    /// let e = socket.read_line().unwrap_err(); // the peer says nothing
    /// assert_eq!(e.kind(), std::io::ErrorKind::TimedOut);
    /// # std::io::Result::Ok(())
    /// ```
    pub fn set_read_timeout(&mut self, timeout: Option<Duration>) -> io::Result<()> {
        self.inner.set_read_timeout(timeout)
    }

    /// Changes the deadline of each write, flush or close call, under the timeout rule of
    /// [`DialOptions::read_timeout`](sockets_core::DialOptions::read_timeout),
    /// the same here as in async code.
    ///
    /// # Errors
    /// `InvalidInput` for a zero duration.
    ///
    /// # Examples
    /// ```
    /// # let port = sockets_blocking::__doc::echo_peer()?; // echoes until we half-close
    /// use sockets_blocking::{dial, DialOptions};
    /// let mut socket = dial("127.0.0.1", port, DialOptions::default())?;
    /// use std::time::Duration;
    /// socket.set_write_timeout(Some(Duration::from_secs(5)))?;
    /// assert_eq!(socket.write_timeout(), Some(Duration::from_secs(5)));
    /// # std::io::Result::Ok(())
    /// ```
    pub fn set_write_timeout(&mut self, timeout: Option<Duration>) -> io::Result<()> {
        self.inner.set_write_timeout(timeout)
    }

    /// Splits the socket into halves that can live on two threads: read on
    /// one while writing on the other. Buffered bytes go with the reader.
    ///
    /// # Examples
    /// ```
    /// # let port = sockets_blocking::__doc::echo_peer()?; // echoes until we half-close
    /// use sockets_blocking::{dial, DialOptions};
    /// let mut socket = dial("127.0.0.1", port, DialOptions::default())?;
    /// let (mut reader, mut writer) = socket.split();
    /// let writing = std::thread::spawn(move || writer.writeln("from another thread"));
    /// assert_eq!(reader.read_line()?.as_deref(), Some("from another thread"));
    /// writing.join().expect("writer thread")?;
    /// # std::io::Result::Ok(())
    /// ```
    pub fn split(self) -> (ReadHalf, WriteHalf) {
        let (read, write) = self.inner.split();
        (ReadHalf::from(read), WriteHalf::from(write))
    }

    /// The async socket underneath, for use from async code.
    ///
    /// # Examples
    /// ```
    /// # let port = sockets_blocking::__doc::echo_peer()?; // echoes until we half-close
    /// use sockets_blocking::{dial, DialOptions};
    /// let mut socket = dial("127.0.0.1", port, DialOptions::default())?;
    /// let mut inner = socket.into_async();
    /// futures_lite::future::block_on(inner.writeln("async again"))?;
    /// let mut socket = sockets_blocking::Socket::from(inner);
    /// assert_eq!(socket.read_line()?.as_deref(), Some("async again"));
    /// # std::io::Result::Ok(())
    /// ```
    pub fn into_async(self) -> sockets_core::Socket {
        self.inner
    }
}

impl From<sockets_core::Socket> for Socket {
    fn from(inner: sockets_core::Socket) -> Self {
        Socket { inner }
    }
}

impl_read_traits!(Socket);
impl_write_traits!(Socket);

impl fmt::Debug for Socket {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Socket").field(&self.inner).finish()
    }
}
