//! The futures-io and futures traits, implemented once for [`Socket`] and
//! its halves.
//!
//! [`Socket`]: crate::Socket

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use crate::reader::Reader;
use crate::writer::Writer;

/// A type that reads through a [`Reader`].
pub(crate) trait ReadSide {
    /// The transport it reads from.
    type Io: futures_io::AsyncRead + Unpin;

    /// The transport and reader, or `NotConnected` naming `operation`.
    fn read_side(&mut self, operation: &str) -> io::Result<(Pin<&mut Self::Io>, &mut Reader)>;
}

/// A type that writes through a [`Writer`].
pub(crate) trait WriteSide {
    /// The transport it writes to.
    type Io: futures_io::AsyncWrite + Unpin;

    /// The transport and writer, or `NotConnected` naming `operation`.
    fn write_side(&mut self, operation: &str) -> io::Result<(Pin<&mut Self::Io>, &mut Writer)>;
}

/// Runs one whole read call under the read deadline.
pub(crate) async fn read_call<S: ReadSide + ?Sized, T>(
    side: &mut S,
    operation: &str,
    mut poll: impl FnMut(&mut Reader, &mut Context<'_>, Pin<&mut S::Io>) -> Poll<io::Result<T>>,
) -> io::Result<T> {
    let (mut io, reader) = side.read_side(operation)?;
    reader.reset_deadline();
    let result = futures_lite::future::poll_fn(|cx| poll(reader, cx, io.as_mut())).await;
    reader.reset_deadline();
    result
}

/// Writes all of `buf` and flushes, under the write deadline.
pub(crate) async fn write_call<S: WriteSide + ?Sized>(
    side: &mut S,
    operation: &str,
    buf: &[u8],
) -> io::Result<()> {
    let (mut io, writer) = side.write_side(operation)?;
    writer.reset_deadline();
    let mut written = 0;
    let result = futures_lite::future::poll_fn(|cx| {
        std::task::ready!(writer.poll_write_all(cx, io.as_mut(), buf, &mut written))?;
        writer.poll_flush(cx, io.as_mut())
    })
    .await;
    writer.reset_deadline();
    result
}

/// Writes `line` and `"\n"` in one write, as [`write_call`].
pub(crate) async fn writeln_call<S: WriteSide + ?Sized>(
    side: &mut S,
    line: &str,
) -> io::Result<()> {
    let mut buf = Vec::with_capacity(line.len() + 1);
    buf.extend_from_slice(line.as_bytes());
    buf.push(b'\n');
    write_call(side, "write", &buf).await
}

/// One poll of a flush or close through a [`Writer`].
type WriterPoll<Io> = fn(&mut Writer, &mut Context<'_>, Pin<&mut Io>) -> Poll<io::Result<()>>;

/// Runs one whole flush or close call under the write deadline.
pub(crate) async fn write_control<S: WriteSide + ?Sized>(
    side: &mut S,
    operation: &str,
    poll: WriterPoll<S::Io>,
) -> io::Result<()> {
    let (mut io, writer) = side.write_side(operation)?;
    writer.reset_deadline();
    let result = futures_lite::future::poll_fn(|cx| poll(writer, cx, io.as_mut())).await;
    writer.reset_deadline();
    result
}

/// Implements `AsyncRead`, `AsyncBufRead` (on `&mut`) and `Stream` of lines
/// through [`ReadSide`]. Each ready poll ends that call's read deadline.
macro_rules! impl_read_traits {
    ($type:ty) => {
        impl futures_io::AsyncRead for $type {
            fn poll_read(
                self: std::pin::Pin<&mut Self>,
                cx: &mut std::task::Context<'_>,
                buf: &mut [u8],
            ) -> std::task::Poll<std::io::Result<usize>> {
                let (io, reader) = $crate::io_traits::ReadSide::read_side(self.get_mut(), "read")?;
                let outcome = reader.poll_read(cx, io, buf);
                if outcome.is_ready() {
                    reader.reset_deadline();
                }
                outcome
            }
        }

        // On `&mut` rather than the type itself: `AsyncBufReadExt::lines`
        // takes `self` by value, and an impl on the type would make
        // `socket.lines()` resolve to it (consuming the socket) instead of
        // the inherent `lines(&mut self)`. Generic code passes `&mut socket`.
        impl futures_io::AsyncBufRead for &mut $type {
            fn poll_fill_buf(
                self: std::pin::Pin<&mut Self>,
                cx: &mut std::task::Context<'_>,
            ) -> std::task::Poll<std::io::Result<&[u8]>> {
                let this: &mut $type = self.get_mut();
                let (io, reader) = $crate::io_traits::ReadSide::read_side(this, "read")?;
                let ready = std::task::ready!(reader.poll_fill_buf(cx, io)).map(|b| b.len());
                reader.reset_deadline();
                ready?;
                std::task::Poll::Ready(Ok(reader.buffered()))
            }

            fn consume(self: std::pin::Pin<&mut Self>, amt: usize) {
                let this: &mut $type = self.get_mut();
                if let Ok((_, reader)) = $crate::io_traits::ReadSide::read_side(this, "read") {
                    reader.consume(amt);
                }
            }
        }

        impl futures_core::Stream for $type {
            type Item = std::io::Result<String>;

            fn poll_next(
                self: std::pin::Pin<&mut Self>,
                cx: &mut std::task::Context<'_>,
            ) -> std::task::Poll<Option<Self::Item>> {
                // Ends after close and after a fatal error, so that a
                // `while let Some(..)` loop always ends; bad lines (too
                // long, not UTF-8) are items and the stream goes on.
                let (io, reader) =
                    match $crate::io_traits::ReadSide::read_side(self.get_mut(), "read a line") {
                        Ok(side) => side,
                        Err(_) => return std::task::Poll::Ready(None),
                    };
                if reader.has_failed() {
                    return std::task::Poll::Ready(None);
                }
                let outcome = std::task::ready!(reader.poll_read_line(cx, io));
                reader.reset_deadline();
                std::task::Poll::Ready(outcome.transpose())
            }
        }
    };
}

/// Implements `AsyncWrite` and `Sink` through [`WriteSide`].
macro_rules! impl_write_traits {
    ($type:ty) => {
        impl futures_io::AsyncWrite for $type {
            fn poll_write(
                self: std::pin::Pin<&mut Self>,
                cx: &mut std::task::Context<'_>,
                buf: &[u8],
            ) -> std::task::Poll<std::io::Result<usize>> {
                let (io, writer) =
                    $crate::io_traits::WriteSide::write_side(self.get_mut(), "write")?;
                let outcome = writer.poll_write(cx, io, buf);
                if outcome.is_ready() {
                    writer.reset_deadline();
                }
                outcome
            }

            fn poll_flush(
                self: std::pin::Pin<&mut Self>,
                cx: &mut std::task::Context<'_>,
            ) -> std::task::Poll<std::io::Result<()>> {
                let (io, writer) =
                    $crate::io_traits::WriteSide::write_side(self.get_mut(), "flush")?;
                let outcome = writer.poll_flush(cx, io);
                if outcome.is_ready() {
                    writer.reset_deadline();
                }
                outcome
            }

            /// Shuts down the write direction only, like `close_write`.
            fn poll_close(
                self: std::pin::Pin<&mut Self>,
                cx: &mut std::task::Context<'_>,
            ) -> std::task::Poll<std::io::Result<()>> {
                let (io, writer) =
                    $crate::io_traits::WriteSide::write_side(self.get_mut(), "close")?;
                let outcome = writer.poll_close_write(cx, io);
                if outcome.is_ready() {
                    writer.reset_deadline();
                }
                outcome
            }
        }

        impl<T: AsRef<[u8]>> futures_sink::Sink<T> for $type {
            type Error = std::io::Error;

            fn poll_ready(
                self: std::pin::Pin<&mut Self>,
                cx: &mut std::task::Context<'_>,
            ) -> std::task::Poll<std::io::Result<()>> {
                let (io, writer) =
                    $crate::io_traits::WriteSide::write_side(self.get_mut(), "send")?;
                let outcome = writer.poll_sink_ready(cx, io);
                // Each poll_ready until Ready is one call: its deadline
                // never carries over to the next item.
                if outcome.is_ready() {
                    writer.reset_deadline();
                }
                outcome
            }

            fn start_send(self: std::pin::Pin<&mut Self>, item: T) -> std::io::Result<()> {
                let (_, writer) = $crate::io_traits::WriteSide::write_side(self.get_mut(), "send")?;
                writer.reset_deadline();
                writer.queue(item.as_ref())
            }

            fn poll_flush(
                self: std::pin::Pin<&mut Self>,
                cx: &mut std::task::Context<'_>,
            ) -> std::task::Poll<std::io::Result<()>> {
                futures_io::AsyncWrite::poll_flush(self, cx)
            }

            /// Flushes and shuts down the write direction (reading goes on).
            fn poll_close(
                self: std::pin::Pin<&mut Self>,
                cx: &mut std::task::Context<'_>,
            ) -> std::task::Poll<std::io::Result<()>> {
                futures_io::AsyncWrite::poll_close(self, cx)
            }
        }
    };
}

pub(crate) use impl_read_traits;
pub(crate) use impl_write_traits;
