//! [`ReadHalf`] and [`WriteHalf`]: a blocking socket split across threads.

use std::fmt;
use std::io;
use std::net::SocketAddr;
use std::time::Duration;

use crate::io_traits::{impl_read_traits, impl_write_traits};
use crate::lines::Lines;
use crate::{read_part, write_part};

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
/// # let port = sockets_blocking::__doc::echo_peer()?; // echoes until we half-close
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
    /// # let port = sockets_blocking::__doc::echo_peer()?; // echoes until we half-close
    /// use sockets_blocking::{dial, DialOptions};
    /// let (mut reader, mut writer) = dial("127.0.0.1", port, DialOptions::default())?.split();
    /// writer.write(b"abc")?;
    /// let bytes = reader.read(3)?;
    /// assert!(!bytes.is_empty() && b"abc".starts_with(&bytes));
    /// # std::io::Result::Ok(())
    /// ```
    pub fn read(&mut self, n: usize) -> io::Result<Vec<u8>> {
        read_part::read(&mut self.inner, n)
    }

    /// As [`Socket::read_all`](crate::Socket::read_all).
    ///
    /// # Errors
    /// As [`Socket::read_all`](crate::Socket::read_all).
    ///
    /// # Examples
    /// ```
    /// # let port = sockets_blocking::__doc::echo_peer()?; // echoes until we half-close
    /// use sockets_blocking::{dial, DialOptions};
    /// let (mut reader, mut writer) = dial("127.0.0.1", port, DialOptions::default())?.split();
    /// writer.write(b"xyz")?;
    /// writer.close()?;
    /// assert_eq!(reader.read_all()?, b"xyz");
    /// # std::io::Result::Ok(())
    /// ```
    pub fn read_all(&mut self) -> io::Result<Vec<u8>> {
        read_part::read_all(&mut self.inner)
    }

    /// As [`Socket::read_line`](crate::Socket::read_line).
    ///
    /// # Errors
    /// As [`Socket::read_line`](crate::Socket::read_line).
    ///
    /// # Examples
    /// ```
    /// # let port = sockets_blocking::__doc::echo_peer()?; // echoes until we half-close
    /// use sockets_blocking::{dial, DialOptions};
    /// let (mut reader, mut writer) = dial("127.0.0.1", port, DialOptions::default())?.split();
    /// writer.writeln("line")?;
    /// assert_eq!(reader.read_line()?.as_deref(), Some("line"));
    /// # std::io::Result::Ok(())
    /// ```
    pub fn read_line(&mut self) -> io::Result<Option<String>> {
        read_part::read_line(&mut self.inner)
    }

    /// As [`Socket::read_line_bytes`](crate::Socket::read_line_bytes).
    ///
    /// # Errors
    /// As [`Socket::read_line_bytes`](crate::Socket::read_line_bytes).
    ///
    /// # Examples
    /// ```
    /// # let port = sockets_blocking::__doc::echo_peer()?; // echoes until we half-close
    /// use sockets_blocking::{dial, DialOptions};
    /// let (mut reader, mut writer) = dial("127.0.0.1", port, DialOptions::default())?.split();
    /// writer.write(b"\x80\n")?;
    /// assert_eq!(reader.read_line_bytes()?, Some(vec![0x80]));
    /// # std::io::Result::Ok(())
    /// ```
    pub fn read_line_bytes(&mut self) -> io::Result<Option<Vec<u8>>> {
        read_part::read_line_bytes(&mut self.inner)
    }

    /// As [`Socket::lines`](crate::Socket::lines).
    ///
    /// # Examples
    /// ```
    /// # let port = sockets_blocking::__doc::echo_peer()?; // echoes until we half-close
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

    /// The bytes received but not read yet (empty after close), as
    /// [`Socket::buffered`](crate::Socket::buffered).
    ///
    /// # Examples
    /// ```
    /// # let port = sockets_blocking::__doc::echo_peer()?; // echoes until we half-close
    /// use sockets_blocking::{dial, DialOptions};
    /// let (mut reader, mut writer) = dial("127.0.0.1", port, DialOptions::default())?.split();
    /// assert!(reader.buffered().is_empty());
    /// writer.write(b"a\nb\n")?;
    /// reader.read_line()?; // "b\n" may have arrived with it
    /// assert!(reader.buffered().len() <= 2);
    /// # std::io::Result::Ok(())
    /// ```
    pub fn buffered(&self) -> &[u8] {
        self.inner.buffered()
    }

    /// The deadline of each read call, as
    /// [`Socket::read_timeout`](crate::Socket::read_timeout): the socket's
    /// at the time of the split.
    ///
    /// # Examples
    /// ```
    /// # let port = sockets_blocking::__doc::echo_peer()?;
    /// use std::time::Duration;
    /// use sockets_blocking::{dial, DialOptions};
    /// let options = DialOptions::default().read_timeout(Some(Duration::from_secs(5)));
    /// let (reader, _writer) = dial("127.0.0.1", port, options)?.split();
    /// assert_eq!(reader.read_timeout(), Some(Duration::from_secs(5)));
    /// # std::io::Result::Ok(())
    /// ```
    pub fn read_timeout(&self) -> Option<Duration> {
        self.inner.read_timeout()
    }

    /// The local address, captured at connect.
    ///
    /// # Examples
    /// ```
    /// # let port = sockets_blocking::__doc::echo_peer()?; // echoes until we half-close
    /// use sockets_blocking::{dial, DialOptions};
    /// let (mut reader, mut writer) = dial("127.0.0.1", port, DialOptions::default())?.split();
    /// assert_eq!(reader.local_addr(), writer.local_addr());
    /// assert!(reader.local_addr().ip().is_loopback());
    /// # std::io::Result::Ok(())
    /// ```
    pub fn local_addr(&self) -> SocketAddr {
        self.inner.local_addr()
    }

    /// The peer's address.
    ///
    /// # Examples
    /// ```
    /// # let port = sockets_blocking::__doc::echo_peer()?; // echoes until we half-close
    /// use sockets_blocking::{dial, DialOptions};
    /// let (mut reader, mut writer) = dial("127.0.0.1", port, DialOptions::default())?.split();
    /// assert_eq!(reader.remote_addr().port(), port);
    /// # std::io::Result::Ok(())
    /// ```
    pub fn remote_addr(&self) -> SocketAddr {
        self.inner.remote_addr()
    }

    /// The async half underneath, for use from async code.
    ///
    /// # Examples
    /// ```
    /// # let port = sockets_blocking::__doc::echo_peer()?; // echoes until we half-close
    /// use sockets_blocking::{dial, DialOptions};
    /// let (mut reader, mut writer) = dial("127.0.0.1", port, DialOptions::default())?.split();
    /// writer.writeln("async again")?;
    /// let mut inner = reader.into_async();
    /// let line = futures_lite::future::block_on(inner.read_line())?;
    /// assert_eq!(line.as_deref(), Some("async again"));
    /// # std::io::Result::Ok(())
    /// ```
    pub fn into_async(self) -> sockets_core::ReadHalf {
        self.inner
    }
}

impl WriteHalf {
    /// Writes all of `buf`, where `std::io::Write::write` may write part of
    /// it; as [`Socket::write`](crate::Socket::write).
    ///
    /// # Errors
    /// As [`Socket::write`](crate::Socket::write).
    ///
    /// # Examples
    /// ```
    /// # let port = sockets_blocking::__doc::echo_peer()?; // echoes until we half-close
    /// use sockets_blocking::{dial, DialOptions};
    /// let (mut reader, mut writer) = dial("127.0.0.1", port, DialOptions::default())?.split();
    /// writer.write(b"raw\n")?;
    /// assert_eq!(reader.read_line()?.as_deref(), Some("raw"));
    /// # std::io::Result::Ok(())
    /// ```
    pub fn write(&mut self, buf: &[u8]) -> io::Result<()> {
        write_part::write(&mut self.inner, buf)
    }

    /// As [`Socket::writeln`](crate::Socket::writeln).
    ///
    /// # Errors
    /// As [`Socket::write`](crate::Socket::write).
    ///
    /// # Examples
    /// ```
    /// # let port = sockets_blocking::__doc::echo_peer()?; // echoes until we half-close
    /// use sockets_blocking::{dial, DialOptions};
    /// let (mut reader, mut writer) = dial("127.0.0.1", port, DialOptions::default())?.split();
    /// writer.writeln("a line")?;
    /// assert_eq!(reader.read_line()?.as_deref(), Some("a line"));
    /// # std::io::Result::Ok(())
    /// ```
    pub fn writeln(&mut self, line: &str) -> io::Result<()> {
        write_part::writeln(&mut self.inner, line)
    }

    /// As [`Socket::flush`](crate::Socket::flush).
    ///
    /// # Errors
    /// As [`Socket::flush`](crate::Socket::flush).
    ///
    /// # Examples
    /// ```
    /// # let port = sockets_blocking::__doc::echo_peer()?; // echoes until we half-close
    /// use sockets_blocking::{dial, DialOptions};
    /// let (mut reader, mut writer) = dial("127.0.0.1", port, DialOptions::default())?.split();
    /// writer.writeln("x")?;
    /// writer.flush()?;
    /// assert_eq!(reader.read_line()?.as_deref(), Some("x"));
    /// # std::io::Result::Ok(())
    /// ```
    pub fn flush(&mut self) -> io::Result<()> {
        write_part::flush(&mut self.inner)
    }

    /// Half-close: the peer sees end of stream; the reading half goes on.
    ///
    /// # Errors
    /// A flush error.
    ///
    /// # Examples
    /// ```
    /// # let port = sockets_blocking::__doc::echo_peer()?; // echoes until we half-close
    /// use sockets_blocking::{dial, DialOptions};
    /// let (mut reader, mut writer) = dial("127.0.0.1", port, DialOptions::default())?.split();
    /// writer.writeln("bye")?;
    /// writer.close()?;
    /// assert_eq!(reader.read_all()?, b"bye\n");
    /// # std::io::Result::Ok(())
    /// ```
    pub fn close(&mut self) -> io::Result<()> {
        write_part::close_write(&mut self.inner)
    }

    /// The deadline of each write, flush or close call, as
    /// [`Socket::write_timeout`](crate::Socket::write_timeout): the
    /// socket's at the time of the split.
    ///
    /// # Examples
    /// ```
    /// # let port = sockets_blocking::__doc::echo_peer()?;
    /// use std::time::Duration;
    /// use sockets_blocking::{dial, DialOptions};
    /// let options = DialOptions::default().write_timeout(Some(Duration::from_secs(5)));
    /// let (_reader, writer) = dial("127.0.0.1", port, options)?.split();
    /// assert_eq!(writer.write_timeout(), Some(Duration::from_secs(5)));
    /// # std::io::Result::Ok(())
    /// ```
    pub fn write_timeout(&self) -> Option<Duration> {
        self.inner.write_timeout()
    }

    /// The local address, captured at connect.
    ///
    /// # Examples
    /// ```
    /// # let port = sockets_blocking::__doc::echo_peer()?; // echoes until we half-close
    /// use sockets_blocking::{dial, DialOptions};
    /// let (mut reader, mut writer) = dial("127.0.0.1", port, DialOptions::default())?.split();
    /// assert_eq!(writer.local_addr(), reader.local_addr());
    /// # std::io::Result::Ok(())
    /// ```
    pub fn local_addr(&self) -> SocketAddr {
        self.inner.local_addr()
    }

    /// The peer's address.
    ///
    /// # Examples
    /// ```
    /// # let port = sockets_blocking::__doc::echo_peer()?; // echoes until we half-close
    /// use sockets_blocking::{dial, DialOptions};
    /// let (mut reader, mut writer) = dial("127.0.0.1", port, DialOptions::default())?.split();
    /// assert_eq!(writer.remote_addr().port(), port);
    /// # std::io::Result::Ok(())
    /// ```
    pub fn remote_addr(&self) -> SocketAddr {
        self.inner.remote_addr()
    }

    /// The async half underneath, for use from async code.
    ///
    /// # Examples
    /// ```
    /// # let port = sockets_blocking::__doc::echo_peer()?; // echoes until we half-close
    /// use sockets_blocking::{dial, DialOptions};
    /// let (mut reader, mut writer) = dial("127.0.0.1", port, DialOptions::default())?.split();
    /// let mut inner = writer.into_async();
    /// futures_lite::future::block_on(inner.writeln("async again"))?;
    /// assert_eq!(reader.read_line()?.as_deref(), Some("async again"));
    /// # std::io::Result::Ok(())
    /// ```
    pub fn into_async(self) -> sockets_core::WriteHalf {
        self.inner
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

impl_read_traits!(ReadHalf);
impl_write_traits!(WriteHalf);

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
