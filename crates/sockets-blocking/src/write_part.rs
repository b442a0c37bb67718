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
