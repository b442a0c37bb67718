//! [`ReadHalf`] and [`WriteHalf`]: a blocking socket split across threads.

use std::fmt;
use std::io;
use std::net::SocketAddr;

use crate::call::call;
use crate::io_traits::{impl_read_traits, impl_write_traits};
use crate::lines::Lines;

/// The reading half of a blocking [`Socket`](crate::Socket), from
/// [`Socket::split`](crate::Socket::split); use it on one thread while the
/// [`WriteHalf`] writes on another. It is `Read`, `BufRead` (on `&mut`) and
/// iterates lines; iteration ends after a fatal error and after close, and
/// goes on after a bad line (see [`Lines`](crate::Lines)).
///
/// # Examples
/// ```
/// use sockets_blocking::{dial, serve, DialOptions};
///
/// let server = serve("127.0.0.1", 0, |mut conn| {
///     while let Some(line) = conn.stream.read_line()? {
///         conn.stream.writeln(&line)?;
///     }
///     Ok(())
/// })?;
/// let socket = dial("127.0.0.1", server.local_addr().port(), DialOptions::default())?;
/// let (mut reader, mut writer) = socket.split();
/// let writing = std::thread::spawn(move || -> std::io::Result<()> {
///     for i in 0..3 {
///         writer.writeln(&format!("line {i}"))?;
///     }
///     writer.close()
/// });
/// let lines: Vec<String> = reader.lines().collect::<std::io::Result<_>>()?;
/// assert_eq!(lines, ["line 0", "line 1", "line 2"]);
/// writing.join().unwrap()?;
/// server.close()?;
/// # std::io::Result::Ok(())
/// ```
pub struct ReadHalf {
    pub(crate) inner: sockets_core::ReadHalf,
}

/// The writing half of a blocking [`Socket`](crate::Socket), from
/// [`Socket::split`](crate::Socket::split). It is `Write`.
///
/// # Examples
/// ```
/// # let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
/// # let port = listener.local_addr()?.port();
/// # std::thread::spawn(move || -> std::io::Result<()> {
/// #     let (mut peer, _) = listener.accept()?; // echoes until we half-close
/// #     std::io::copy(&mut peer.try_clone()?, &mut peer).map(drop)
/// # });
/// use sockets_blocking::{dial, DialOptions};
/// let (mut reader, mut writer) = dial("127.0.0.1", port, DialOptions::default())?.split();
/// writer.writeln("hello")?;
/// writer.close()?;
/// assert_eq!(reader.read_all()?, b"hello\n");
/// # std::io::Result::Ok(())
/// ```
pub struct WriteHalf {
    pub(crate) inner: sockets_core::WriteHalf,
}

impl ReadHalf {
    /// As [`Socket::read`](crate::Socket::read).
    ///
    /// # Errors
    /// As [`Socket::read`](crate::Socket::read).
    ///
    /// # Examples
    /// ```
    /// # let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    /// # let port = listener.local_addr()?.port();
    /// # std::thread::spawn(move || -> std::io::Result<()> {
    /// #     let (mut peer, _) = listener.accept()?; // echoes until we half-close
    /// #     std::io::copy(&mut peer.try_clone()?, &mut peer).map(drop)
    /// # });
    /// use sockets_blocking::{dial, DialOptions};
    /// let (mut reader, mut writer) = dial("127.0.0.1", port, DialOptions::default())?.split();
    /// writer.write(b"abc")?;
    /// let bytes = reader.read(3)?;
    /// assert!(!bytes.is_empty() && b"abc".starts_with(&bytes));
    /// # std::io::Result::Ok(())
    /// ```
    pub fn read(&mut self, n: usize) -> io::Result<Vec<u8>> {
        call("ReadHalf::read", self.inner.read(n))
    }

    /// As [`Socket::read_all`](crate::Socket::read_all).
    ///
    /// # Errors
    /// As [`Socket::read_all`](crate::Socket::read_all).
    ///
    /// # Examples
    /// ```
    /// # let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    /// # let port = listener.local_addr()?.port();
    /// # std::thread::spawn(move || -> std::io::Result<()> {
    /// #     let (mut peer, _) = listener.accept()?; // echoes until we half-close
    /// #     std::io::copy(&mut peer.try_clone()?, &mut peer).map(drop)
    /// # });
    /// use sockets_blocking::{dial, DialOptions};
    /// let (mut reader, mut writer) = dial("127.0.0.1", port, DialOptions::default())?.split();
    /// writer.write(b"xyz")?;
    /// writer.close()?;
    /// assert_eq!(reader.read_all()?, b"xyz");
    /// # std::io::Result::Ok(())
    /// ```
    pub fn read_all(&mut self) -> io::Result<Vec<u8>> {
        call("ReadHalf::read_all", self.inner.read_all())
    }

    /// As [`Socket::read_line`](crate::Socket::read_line).
    ///
    /// # Errors
    /// As [`Socket::read_line`](crate::Socket::read_line).
    ///
    /// # Examples
    /// ```
    /// # let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    /// # let port = listener.local_addr()?.port();
    /// # std::thread::spawn(move || -> std::io::Result<()> {
    /// #     let (mut peer, _) = listener.accept()?; // echoes until we half-close
    /// #     std::io::copy(&mut peer.try_clone()?, &mut peer).map(drop)
    /// # });
    /// use sockets_blocking::{dial, DialOptions};
    /// let (mut reader, mut writer) = dial("127.0.0.1", port, DialOptions::default())?.split();
    /// writer.writeln("line")?;
    /// assert_eq!(reader.read_line()?.as_deref(), Some("line"));
    /// # std::io::Result::Ok(())
    /// ```
    pub fn read_line(&mut self) -> io::Result<Option<String>> {
        // The hot path of line protocols: a line already buffered needs no
        // I/O, so no block_on at all.
        if let Some(line) = self.inner.try_read_line() {
            return line.map(Some);
        }
        call("ReadHalf::read_line", self.inner.read_line())
    }

    /// As [`Socket::read_line_bytes`](crate::Socket::read_line_bytes).
    ///
    /// # Errors
    /// As [`Socket::read_line_bytes`](crate::Socket::read_line_bytes).
    ///
    /// # Examples
    /// ```
    /// # let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    /// # let port = listener.local_addr()?.port();
    /// # std::thread::spawn(move || -> std::io::Result<()> {
    /// #     let (mut peer, _) = listener.accept()?; // echoes until we half-close
    /// #     std::io::copy(&mut peer.try_clone()?, &mut peer).map(drop)
    /// # });
    /// use sockets_blocking::{dial, DialOptions};
    /// let (mut reader, mut writer) = dial("127.0.0.1", port, DialOptions::default())?.split();
    /// writer.write(b"\x80\n")?;
    /// assert_eq!(reader.read_line_bytes()?, Some(vec![0x80]));
    /// # std::io::Result::Ok(())
    /// ```
    pub fn read_line_bytes(&mut self) -> io::Result<Option<Vec<u8>>> {
        call("ReadHalf::read_line_bytes", self.inner.read_line_bytes())
    }

    /// As [`Socket::lines`](crate::Socket::lines).
    ///
    /// # Examples
    /// ```
    /// # let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    /// # let port = listener.local_addr()?.port();
    /// # std::thread::spawn(move || -> std::io::Result<()> {
    /// #     let (mut peer, _) = listener.accept()?; // echoes until we half-close
    /// #     std::io::copy(&mut peer.try_clone()?, &mut peer).map(drop)
    /// # });
    /// use sockets_blocking::{dial, DialOptions};
    /// let (mut reader, mut writer) = dial("127.0.0.1", port, DialOptions::default())?.split();
    /// writer.write(b"1\n2\n")?;
    /// writer.close()?;
    /// let lines: Vec<String> = reader.lines().collect::<std::io::Result<_>>()?;
    /// assert_eq!(lines, ["1", "2"]);
    /// # std::io::Result::Ok(())
    /// ```
    pub fn lines(&mut self) -> Lines<'_> {
        Lines::new(self)
    }

    /// The peer's address.
    ///
    /// # Examples
    /// ```
    /// # let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    /// # let port = listener.local_addr()?.port();
    /// # std::thread::spawn(move || -> std::io::Result<()> {
    /// #     let (mut peer, _) = listener.accept()?; // echoes until we half-close
    /// #     std::io::copy(&mut peer.try_clone()?, &mut peer).map(drop)
    /// # });
    /// use sockets_blocking::{dial, DialOptions};
    /// let (mut reader, mut writer) = dial("127.0.0.1", port, DialOptions::default())?.split();
    /// assert_eq!(reader.remote_addr().port(), port);
    /// # std::io::Result::Ok(())
    /// ```
    pub fn remote_addr(&self) -> SocketAddr {
        self.inner.remote_addr()
    }

    /// As [`Socket::buffered`](crate::Socket::buffered): bytes received
    /// and not yet returned by a read.
    ///
    /// # Examples
    /// ```
    /// # let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    /// # let port = listener.local_addr()?.port();
    /// use sockets_blocking::{dial, DialOptions};
    /// let (reader, _writer) = dial("127.0.0.1", port, DialOptions::default())?.split();
    /// assert!(reader.buffered().is_empty());
    /// # std::io::Result::Ok(())
    /// ```
    pub fn buffered(&self) -> &[u8] {
        self.inner.buffered()
    }
}

impl WriteHalf {
    /// As [`Socket::write`](crate::Socket::write).
    ///
    /// # Errors
    /// As [`Socket::write`](crate::Socket::write).
    ///
    /// # Examples
    /// ```
    /// # let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    /// # let port = listener.local_addr()?.port();
    /// # std::thread::spawn(move || -> std::io::Result<()> {
    /// #     let (mut peer, _) = listener.accept()?; // echoes until we half-close
    /// #     std::io::copy(&mut peer.try_clone()?, &mut peer).map(drop)
    /// # });
    /// use sockets_blocking::{dial, DialOptions};
    /// let (mut reader, mut writer) = dial("127.0.0.1", port, DialOptions::default())?.split();
    /// writer.write(b"raw\n")?;
    /// assert_eq!(reader.read_line()?.as_deref(), Some("raw"));
    /// # std::io::Result::Ok(())
    /// ```
    pub fn write(&mut self, buf: &[u8]) -> io::Result<()> {
        call("WriteHalf::write", self.inner.write(buf))
    }

    /// As [`Socket::writeln`](crate::Socket::writeln).
    ///
    /// # Errors
    /// As [`Socket::write`](crate::Socket::write).
    ///
    /// # Examples
    /// ```
    /// # let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    /// # let port = listener.local_addr()?.port();
    /// # std::thread::spawn(move || -> std::io::Result<()> {
    /// #     let (mut peer, _) = listener.accept()?; // echoes until we half-close
    /// #     std::io::copy(&mut peer.try_clone()?, &mut peer).map(drop)
    /// # });
    /// use sockets_blocking::{dial, DialOptions};
    /// let (mut reader, mut writer) = dial("127.0.0.1", port, DialOptions::default())?.split();
    /// writer.writeln("a line")?;
    /// assert_eq!(reader.read_line()?.as_deref(), Some("a line"));
    /// # std::io::Result::Ok(())
    /// ```
    pub fn writeln(&mut self, line: &str) -> io::Result<()> {
        call("WriteHalf::writeln", self.inner.writeln(line))
    }

    /// As [`Socket::flush`](crate::Socket::flush).
    ///
    /// # Errors
    /// As [`Socket::flush`](crate::Socket::flush).
    ///
    /// # Examples
    /// ```
    /// # let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    /// # let port = listener.local_addr()?.port();
    /// # std::thread::spawn(move || -> std::io::Result<()> {
    /// #     let (mut peer, _) = listener.accept()?; // echoes until we half-close
    /// #     std::io::copy(&mut peer.try_clone()?, &mut peer).map(drop)
    /// # });
    /// use sockets_blocking::{dial, DialOptions};
    /// let (mut reader, mut writer) = dial("127.0.0.1", port, DialOptions::default())?.split();
    /// writer.writeln("x")?;
    /// writer.flush()?;
    /// assert_eq!(reader.read_line()?.as_deref(), Some("x"));
    /// # std::io::Result::Ok(())
    /// ```
    pub fn flush(&mut self) -> io::Result<()> {
        call("WriteHalf::flush", self.inner.flush())
    }

    /// Half-close: the peer sees end of stream; the reading half goes on.
    ///
    /// # Errors
    /// A flush error.
    ///
    /// # Examples
    /// ```
    /// # let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    /// # let port = listener.local_addr()?.port();
    /// # std::thread::spawn(move || -> std::io::Result<()> {
    /// #     let (mut peer, _) = listener.accept()?; // echoes until we half-close
    /// #     std::io::copy(&mut peer.try_clone()?, &mut peer).map(drop)
    /// # });
    /// use sockets_blocking::{dial, DialOptions};
    /// let (mut reader, mut writer) = dial("127.0.0.1", port, DialOptions::default())?.split();
    /// writer.writeln("bye")?;
    /// writer.close()?;
    /// assert_eq!(reader.read_all()?, b"bye\n");
    /// # std::io::Result::Ok(())
    /// ```
    pub fn close(&mut self) -> io::Result<()> {
        call("WriteHalf::close", self.inner.close())
    }

    /// The peer's address.
    ///
    /// # Examples
    /// ```
    /// # let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    /// # let port = listener.local_addr()?.port();
    /// # std::thread::spawn(move || -> std::io::Result<()> {
    /// #     let (mut peer, _) = listener.accept()?; // echoes until we half-close
    /// #     std::io::copy(&mut peer.try_clone()?, &mut peer).map(drop)
    /// # });
    /// use sockets_blocking::{dial, DialOptions};
    /// let (mut reader, mut writer) = dial("127.0.0.1", port, DialOptions::default())?.split();
    /// assert_eq!(writer.remote_addr().port(), port);
    /// # std::io::Result::Ok(())
    /// ```
    pub fn remote_addr(&self) -> SocketAddr {
        self.inner.remote_addr()
    }

    /// As [`Socket::write_timeout`](crate::Socket::write_timeout): the
    /// deadline of each write, flush or close call, kept from the socket.
    ///
    /// # Examples
    /// ```
    /// # let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    /// # let port = listener.local_addr()?.port();
    /// use sockets_blocking::{dial, DialOptions};
    /// use std::time::Duration;
    /// let mut socket = dial("127.0.0.1", port, DialOptions::default())?;
    /// socket.set_write_timeout(Some(Duration::from_secs(5)))?;
    /// let (_reader, writer) = socket.split();
    /// assert_eq!(writer.write_timeout(), Some(Duration::from_secs(5)));
    /// # std::io::Result::Ok(())
    /// ```
    pub fn write_timeout(&self) -> Option<std::time::Duration> {
        self.inner.write_timeout()
    }
}

impl From<sockets_core::ReadHalf> for ReadHalf {
    fn from(inner: sockets_core::ReadHalf) -> Self {
        ReadHalf { inner }
    }
}

impl From<sockets_core::WriteHalf> for WriteHalf {
    fn from(inner: sockets_core::WriteHalf) -> Self {
        WriteHalf { inner }
    }
}

impl_read_traits!(ReadHalf, "ReadHalf");
impl_write_traits!(WriteHalf, "WriteHalf");

impl fmt::Debug for ReadHalf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("ReadHalf").field(&self.inner).finish()
    }
}

impl fmt::Debug for WriteHalf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("WriteHalf").field(&self.inner).finish()
    }
}
