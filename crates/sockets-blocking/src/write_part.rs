//! The write part of [`Socket`](crate::Socket) and
//! [`WriteHalf`](crate::WriteHalf): each blocking write call written once,
//! over the core type the public one wraps. The public methods and std's
//! `Write` all forward here.

use std::io;

use futures_lite::AsyncWriteExt;

use crate::call::call_on;

/// What the write part needs of the core type under it
/// (`sockets_core::Socket` or `sockets_core::WriteHalf`): their inherent
/// write methods and their `AsyncWrite`.
pub(crate) trait CoreWriter: futures_lite::AsyncWrite + Unpin + Send {
    /// The type's name in the core's API, for the async-context check.
    const NAME: &'static str;
    /// The name of its half-close method in the core's API.
    const CLOSE_WRITE: &'static str;

    async fn write(&mut self, buf: &[u8]) -> io::Result<()>;
    async fn writeln(&mut self, line: &str) -> io::Result<()>;
    async fn flush(&mut self) -> io::Result<()>;
    async fn close_write(&mut self) -> io::Result<()>;
}

macro_rules! core_writer {
    ($type:ty, $name:literal, $close_write:ident) => {
        impl CoreWriter for $type {
            const NAME: &'static str = $name;
            const CLOSE_WRITE: &'static str = stringify!($close_write);

            async fn write(&mut self, buf: &[u8]) -> io::Result<()> {
                <$type>::write(self, buf).await
            }
            async fn writeln(&mut self, line: &str) -> io::Result<()> {
                <$type>::writeln(self, line).await
            }
            async fn flush(&mut self) -> io::Result<()> {
                <$type>::flush(self).await
            }
            async fn close_write(&mut self) -> io::Result<()> {
                <$type>::$close_write(self).await
            }
        }
    };
}

core_writer!(sockets_core::Socket, "Socket", close_write);
core_writer!(sockets_core::WriteHalf, "WriteHalf", close);

/// All of `buf`, handed to the kernel (TLS: encrypted and flushed).
pub(crate) fn write<W: CoreWriter>(inner: &mut W, buf: &[u8]) -> io::Result<()> {
    call_on(W::NAME, "write", inner.write(buf))
}

/// `line` and `"\n"` in one write.
pub(crate) fn writeln<W: CoreWriter>(inner: &mut W, line: &str) -> io::Result<()> {
    call_on(W::NAME, "writeln", inner.writeln(line))
}

/// Whatever a timed-out write left queued.
pub(crate) fn flush<W: CoreWriter>(inner: &mut W) -> io::Result<()> {
    call_on(W::NAME, "flush", inner.flush())
}

/// Half-close: the peer sees end of stream.
pub(crate) fn close_write<W: CoreWriter>(inner: &mut W) -> io::Result<()> {
    call_on(W::NAME, W::CLOSE_WRITE, inner.close_write())
}

/// std's `Write::write`: some of `buf`, the count returned.
pub(crate) fn write_some<W: CoreWriter>(inner: &mut W, buf: &[u8]) -> io::Result<usize> {
    call_on(W::NAME, "write", AsyncWriteExt::write(inner, buf))
}

/// The public write methods of `$type`, documented once for the socket and
/// its writing half. `$writer` is the example line that makes `writer`.
macro_rules! write_methods {
    ($type:ident, $writer:literal) => {
        impl $type {
            /// Writes all of `buf`, where `std::io::Write::write` may write
            /// part of it. It returns once every byte is handed to the kernel
            /// (with TLS: encrypted and flushed).
            ///
            /// # Errors
            #[doc = concat!("As [`sockets_core::", stringify!($type), "::write`].")]
            ///
            /// # Examples
            /// ```
            /// # let (port, received) = sockets_blocking::__doc::recording_peer()?;
            /// use sockets_blocking::{dial, DialOptions};
            #[doc = $writer]
            /// writer.write(b"ping\n")?;
            /// drop(writer); // the peer sees end of stream
            /// # assert_eq!(received.bytes()?, b"ping\n");
            /// # std::io::Result::Ok(())
            /// ```
            pub fn write(&mut self, buf: &[u8]) -> std::io::Result<()> {
                $crate::write_part::write(&mut self.inner, buf)
            }

            /// Writes `line` and `"\n"` in one write.
            ///
            /// # Errors
            #[doc = concat!("As [`sockets_core::", stringify!($type), "::writeln`].")]
            ///
            /// # Examples
            /// ```
            /// # let (port, received) = sockets_blocking::__doc::recording_peer()?;
            /// use sockets_blocking::{dial, DialOptions};
            #[doc = $writer]
            /// writer.writeln("ping")?;
            /// drop(writer); // the peer sees end of stream
            /// # assert_eq!(received.bytes()?, b"ping\n");
            /// # std::io::Result::Ok(())
            /// ```
            pub fn writeln(&mut self, line: &str) -> std::io::Result<()> {
                $crate::write_part::writeln(&mut self.inner, line)
            }

            /// Sends anything queued: TLS records a timed-out write left
            /// behind. Every write already returns only once its bytes have
            /// been handed to the kernel, with TLS too.
            ///
            /// # Errors
            #[doc = concat!("As [`sockets_core::", stringify!($type), "::flush`].")]
            ///
            /// # Examples
            /// ```
            /// # let (port, received) = sockets_blocking::__doc::recording_peer()?;
            /// use sockets_blocking::{dial, DialOptions};
            #[doc = $writer]
            /// writer.writeln("sent")?;
            /// writer.flush()?; // nothing queued: the write sent everything
            /// drop(writer);
            /// # assert_eq!(received.bytes()?, b"sent\n");
            /// # std::io::Result::Ok(())
            /// ```
            pub fn flush(&mut self) -> std::io::Result<()> {
                $crate::write_part::flush(&mut self.inner)
            }

            /// The deadline of each write, flush or close call, under the
            /// timeout rule of
            /// [`DialOptions::read_timeout`](sockets_core::DialOptions::read_timeout),
            /// the same here as in async code.
            ///
            /// # Examples
            /// ```
            /// # let (port, _received) = sockets_blocking::__doc::recording_peer()?;
            /// use sockets_blocking::{dial, DialOptions};
            #[doc = $writer]
            /// assert_eq!(writer.write_timeout(), None); // the default
            /// # std::io::Result::Ok(())
            /// ```
            pub fn write_timeout(&self) -> Option<std::time::Duration> {
                self.inner.write_timeout()
            }

            /// Changes the deadline of each write, flush or close call
            /// (`None`: no deadline), under the timeout rule of
            /// [`DialOptions::read_timeout`](sockets_core::DialOptions::read_timeout);
            /// the next call uses it.
            ///
            /// # Errors
            /// `InvalidInput` for a zero duration, as std's `set_write_timeout`.
            ///
            /// # Examples
            /// ```
            /// # let (port, _received) = sockets_blocking::__doc::recording_peer()?;
            /// use std::time::Duration;
            /// use sockets_blocking::{dial, DialOptions};
            #[doc = $writer]
            /// writer.set_write_timeout(Some(Duration::from_secs(5)))?;
            /// assert_eq!(writer.write_timeout(), Some(Duration::from_secs(5)));
            /// # std::io::Result::Ok(())
            /// ```
            pub fn set_write_timeout(
                &mut self,
                timeout: Option<std::time::Duration>,
            ) -> std::io::Result<()> {
                self.inner.set_write_timeout(timeout)
            }
        }
    };
}

pub(crate) use write_methods;
