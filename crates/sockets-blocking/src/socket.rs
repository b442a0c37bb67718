//! [`Socket`]: the blocking twin of `sockets_core::Socket`.

use std::io;

use crate::call::call;
use crate::io_traits::{impl_read_traits, impl_wrapper_traits, impl_write_traits};
use crate::read_part::read_methods;
use crate::split::{ReadHalf, WriteHalf};
use crate::write_part::{self, write_methods};

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
/// later reads fail at once with the same kind (see [`Lines`](crate::Lines)).
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

read_methods!(
    Socket,
    "let mut reader = dial(\"127.0.0.1\", port, DialOptions::default())?;"
);
write_methods!(
    Socket,
    "let mut writer = dial(\"127.0.0.1\", port, DialOptions::default())?;"
);
impl_read_traits!(Socket);
impl_write_traits!(Socket);
impl_wrapper_traits!(Socket);
