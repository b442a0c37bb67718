//! The read part of [`Socket`](crate::Socket) and
//! [`ReadHalf`](crate::ReadHalf): each blocking read call written once,
//! over the core type the public one wraps. The public methods and std's
//! `Read` / `BufRead` / line iteration all forward here.

use std::io;
use std::pin::Pin;

use futures_lite::{future, AsyncBufRead, AsyncReadExt, StreamExt};

use crate::call::call_on;

/// What the read part needs of the core type under it
/// (`sockets_core::Socket` or `sockets_core::ReadHalf`): their same-named
/// inherent methods, and their `AsyncRead`, `AsyncBufRead` and line `Stream`.
pub(crate) trait CoreReader:
    futures_lite::AsyncRead + futures_lite::Stream<Item = io::Result<String>> + Unpin + Send
{
    /// The type's name in the core's API, for the async-context check.
    const NAME: &'static str;

    async fn read(&mut self, n: usize) -> io::Result<Vec<u8>>;
    async fn read_all(&mut self) -> io::Result<Vec<u8>>;
    async fn read_line(&mut self) -> io::Result<Option<String>>;
    async fn read_line_bytes(&mut self) -> io::Result<Option<Vec<u8>>>;
    fn try_read_line(&mut self) -> Option<io::Result<String>>;
    fn buffered(&self) -> &[u8];
    fn poll_fill(&mut self, cx: &mut std::task::Context<'_>) -> std::task::Poll<io::Result<()>>;
    fn consume(&mut self, amt: usize);
}

macro_rules! core_reader {
    ($type:ty, $name:literal) => {
        impl CoreReader for $type {
            const NAME: &'static str = $name;

            async fn read(&mut self, n: usize) -> io::Result<Vec<u8>> {
                <$type>::read(self, n).await
            }
            async fn read_all(&mut self) -> io::Result<Vec<u8>> {
                <$type>::read_all(self).await
            }
            async fn read_line(&mut self) -> io::Result<Option<String>> {
                <$type>::read_line(self).await
            }
            async fn read_line_bytes(&mut self) -> io::Result<Option<Vec<u8>>> {
                <$type>::read_line_bytes(self).await
            }
            #[inline(always)] // the per-line fast path of read_line
            fn try_read_line(&mut self) -> Option<io::Result<String>> {
                <$type>::try_read_line(self)
            }
            fn buffered(&self) -> &[u8] {
                <$type>::buffered(self)
            }
            fn poll_fill(
                &mut self,
                cx: &mut std::task::Context<'_>,
            ) -> std::task::Poll<io::Result<()>> {
                AsyncBufRead::poll_fill_buf(Pin::new(&mut &mut *self), cx).map_ok(drop)
            }
            fn consume(&mut self, amt: usize) {
                AsyncBufRead::consume(Pin::new(&mut &mut *self), amt)
            }
        }
    };
}

core_reader!(sockets_core::Socket, "Socket");
core_reader!(sockets_core::ReadHalf, "ReadHalf");

/// `n` bytes at most, at least one; empty at end of stream.
pub(crate) fn read<R: CoreReader>(inner: &mut R, n: usize) -> io::Result<Vec<u8>> {
    call_on(R::NAME, "read", inner.read(n))
}

/// Everything up to end of stream.
pub(crate) fn read_all<R: CoreReader>(inner: &mut R) -> io::Result<Vec<u8>> {
    call_on(R::NAME, "read_all", inner.read_all())
}

/// One line; `None` at end of stream. Inline: callers in other crates
/// (sockets-stream's `IoStream`) get the buffered-line fast path too.
#[inline]
pub(crate) fn read_line<R: CoreReader>(inner: &mut R) -> io::Result<Option<String>> {
    // The hot path of line protocols: a line already buffered needs no
    // I/O, so no block_on at all.
    if let Some(line) = inner.try_read_line() {
        return line.map(Some);
    }
    call_on(R::NAME, "read_line", inner.read_line())
}

/// One line as bytes; `None` at end of stream.
pub(crate) fn read_line_bytes<R: CoreReader>(inner: &mut R) -> io::Result<Option<Vec<u8>>> {
    call_on(R::NAME, "read_line_bytes", inner.read_line_bytes())
}

/// The next item of the core's line `Stream`, which ends after a fatal
/// error and close. A buffered line needs no block_on.
pub(crate) fn next_line<R: CoreReader>(inner: &mut R) -> Option<io::Result<String>> {
    if let Some(line) = inner.try_read_line() {
        return Some(line);
    }
    call_on(R::NAME, "lines", inner.next())
}

/// std's `Read::read`: up to `buf.len()` bytes.
pub(crate) fn read_into<R: CoreReader>(inner: &mut R, buf: &mut [u8]) -> io::Result<usize> {
    call_on(R::NAME, "read", AsyncReadExt::read(inner, buf))
}

/// std's `BufRead::fill_buf`: the buffered bytes, read first if none.
pub(crate) fn fill_buf<R: CoreReader>(inner: &mut R) -> io::Result<&[u8]> {
    if inner.buffered().is_empty() {
        call_on(R::NAME, "read", future::poll_fn(|cx| inner.poll_fill(cx)))?;
    }
    Ok(inner.buffered())
}

/// The public read methods of `$type`, documented once for the socket and
/// its reading half. `$reader` is the example line that makes `reader`.
macro_rules! read_methods {
    ($type:ident, $reader:literal) => {
        impl $type {
            /// Reads up to `n` bytes, waiting until at least one is there;
            /// empty means end of stream. (With `std::io::Read` in scope this
            /// inherent method still wins: call `Read::read(&mut reader, buf)`
            /// for the trait's.)
            ///
            /// # Errors
            #[doc = concat!("As [`sockets_core::", stringify!($type), "::read`].")]
            ///
            /// # Examples
            /// ```
            /// # let port = sockets_blocking::__doc::peer_sending(b"hello")?;
            /// use sockets_blocking::{dial, DialOptions};
            #[doc = $reader]
            /// let bytes = reader.read(5)?; // at least one byte
            /// assert!(!bytes.is_empty() && b"hello".starts_with(&bytes));
            /// # std::io::Result::Ok(())
            /// ```
            pub fn read(&mut self, n: usize) -> std::io::Result<Vec<u8>> {
                $crate::read_part::read(&mut self.inner, n)
            }

            /// Reads everything up to end of stream.
            ///
            /// # Errors
            #[doc = concat!("As [`sockets_core::", stringify!($type), "::read_all`].")]
            ///
            /// # Examples
            /// ```
            /// # let port = sockets_blocking::__doc::peer_sending(b"all of it")?;
            /// use sockets_blocking::{dial, DialOptions};
            #[doc = $reader]
            /// assert_eq!(reader.read_all()?, b"all of it"); // the peer closed
            /// # std::io::Result::Ok(())
            /// ```
            pub fn read_all(&mut self) -> std::io::Result<Vec<u8>> {
                $crate::read_part::read_all(&mut self.inner)
            }

            /// Reads one line without its `\n` or `\r\n`; `None` at end of
            /// stream.
            ///
            /// # Errors
            #[doc = concat!("As [`sockets_core::", stringify!($type), "::read_line`]:")]
            /// `InvalidData` for an over-long line or invalid UTF-8,
            /// `TimedOut` past the read timeout.
            ///
            /// # Examples
            /// ```
            /// # let port = sockets_blocking::__doc::peer_sending(b"one\r\ntwo\n")?;
            /// use sockets_blocking::{dial, DialOptions};
            #[doc = $reader]
            /// assert_eq!(reader.read_line()?.as_deref(), Some("one"));
            /// assert_eq!(reader.read_line()?.as_deref(), Some("two"));
            /// assert_eq!(reader.read_line()?, None);
            /// # std::io::Result::Ok(())
            /// ```
            #[inline]
            pub fn read_line(&mut self) -> std::io::Result<Option<String>> {
                $crate::read_part::read_line(&mut self.inner)
            }

            /// Reads one line as bytes, for protocols that are not UTF-8.
            ///
            /// # Errors
            #[doc = concat!("As [`sockets_core::", stringify!($type), "::read_line_bytes`].")]
            ///
            /// # Examples
            /// ```
            /// # let port = sockets_blocking::__doc::peer_sending(b"\xff\n")?;
            /// use sockets_blocking::{dial, DialOptions};
            #[doc = $reader]
            /// assert_eq!(reader.read_line_bytes()?, Some(vec![0xff]));
            /// # std::io::Result::Ok(())
            /// ```
            pub fn read_line_bytes(&mut self) -> std::io::Result<Option<Vec<u8>>> {
                $crate::read_part::read_line_bytes(&mut self.inner)
            }

            /// An iterator over the remaining lines; it ends at end of
            /// stream, after a fatal error and after close, while a bad line
            /// is an error item and iteration goes on (see
            /// [`Lines`](crate::Lines)).
            ///
            /// # Examples
            /// ```
            /// # let port = sockets_blocking::__doc::peer_sending(b"a\nb\n")?;
            /// use sockets_blocking::{dial, DialOptions};
            #[doc = $reader]
            /// use std::io::BufRead; // in scope on purpose: lines() is still this one
            /// let lines: Vec<String> = reader.lines().collect::<std::io::Result<_>>()?;
            /// assert_eq!(lines, ["a", "b"]);
            /// assert!(reader.read_line()?.is_none()); // not consumed
            /// # std::io::Result::Ok(())
            /// ```
            pub fn lines(&mut self) -> $crate::Lines<'_> {
                $crate::Lines::new(self)
            }

            /// The bytes received but not read yet (empty after close), as
            #[doc = concat!("[`sockets_core::", stringify!($type), "::buffered`].")]
            ///
            /// # Examples
            /// ```
            /// # let port = sockets_blocking::__doc::peer_sending(b"a\nb\n")?;
            /// use sockets_blocking::{dial, DialOptions};
            #[doc = $reader]
            /// reader.read_line()?; // "b\n" may have arrived with it
            /// assert!(reader.buffered().len() <= 2);
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
            /// # let port = sockets_blocking::__doc::peer_sending(b"")?;
            /// use sockets_blocking::{dial, DialOptions};
            #[doc = $reader]
            /// assert_eq!(reader.read_timeout(), None); // the default
            /// # std::io::Result::Ok(())
            /// ```
            pub fn read_timeout(&self) -> Option<std::time::Duration> {
                self.inner.read_timeout()
            }

            /// Changes the deadline of each read call (`None`: no deadline),
            /// under the timeout rule of
            /// [`DialOptions::read_timeout`](sockets_core::DialOptions::read_timeout);
            /// the next call uses it.
            ///
            /// # Errors
            /// `InvalidInput` for a zero duration, as std's `set_read_timeout`.
            ///
            /// # Examples
            /// ```
            /// # let port = sockets_blocking::__doc::echo_peer()?; // echoes until we half-close
            /// use std::time::Duration;
            /// use sockets_blocking::{dial, DialOptions};
            #[doc = $reader]
            /// reader.set_read_timeout(Some(Duration::from_millis(50)))?;
            /// let e = reader.read_line().unwrap_err(); // the peer says nothing
            /// assert_eq!(e.kind(), std::io::ErrorKind::TimedOut);
            /// # std::io::Result::Ok(())
            /// ```
            pub fn set_read_timeout(
                &mut self,
                timeout: Option<std::time::Duration>,
            ) -> std::io::Result<()> {
                self.inner.set_read_timeout(timeout)
            }

            /// The local address, captured at connect.
            ///
            /// # Examples
            /// ```
            /// # let port = sockets_blocking::__doc::peer_sending(b"")?;
            /// use sockets_blocking::{dial, DialOptions};
            #[doc = $reader]
            /// assert!(reader.local_addr().ip().is_loopback());
            /// # std::io::Result::Ok(())
            /// ```
            pub fn local_addr(&self) -> std::net::SocketAddr {
                self.inner.local_addr()
            }

            /// The peer's address, captured at connect.
            ///
            /// # Examples
            /// ```
            /// # let port = sockets_blocking::__doc::peer_sending(b"")?;
            /// use sockets_blocking::{dial, DialOptions};
            #[doc = $reader]
            /// assert_eq!(reader.remote_addr().port(), port);
            /// # std::io::Result::Ok(())
            /// ```
            pub fn remote_addr(&self) -> std::net::SocketAddr {
                self.inner.remote_addr()
            }
        }
    };
}

pub(crate) use read_methods;
