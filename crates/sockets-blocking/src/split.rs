//! [`ReadHalf`] and [`WriteHalf`]: a blocking socket split across threads.

use std::io;
use std::net::SocketAddr;

use crate::io_traits::{impl_read_traits, impl_wrapper_traits, impl_write_traits};
use crate::read_part::read_methods;
use crate::write_part::{self, write_methods};

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

read_methods!(
    ReadHalf,
    "let (mut reader, _writer) = dial(\"127.0.0.1\", port, DialOptions::default())?.split();"
);
write_methods!(
    WriteHalf,
    "let (_reader, mut writer) = dial(\"127.0.0.1\", port, DialOptions::default())?.split();"
);
impl_read_traits!(ReadHalf);
impl_write_traits!(WriteHalf);
impl_wrapper_traits!(ReadHalf, WriteHalf);
