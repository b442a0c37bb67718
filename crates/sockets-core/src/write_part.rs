//! The write part of [`Socket`](crate::Socket) and [`WriteHalf`](crate::WriteHalf),
//! written once: the public write methods and the futures-io / futures
//! traits, generated for both types by [`write_part!`]. Each method takes the
//! transport and the [`Writer`](crate::writer::Writer) through [`Side`]
//! and runs the writer's poll function under the write deadline.

use std::io;
use std::pin::Pin;

use crate::side::Side;
use crate::writer::Writer;

/// The transport and writer of `s`, or `NotConnected` naming `operation`.
#[inline]
pub(crate) fn side<'a, S: Side<Writer>>(
    s: &'a mut S,
    operation: &str,
) -> io::Result<(Pin<&'a mut S::Io>, &'a mut Writer)> {
    s.side(operation)
}

/// Generates the write methods and traits of `$type`, whose fields `io`
/// (an `Option<$io>`, `None` after close), `writer` and `info` they use, and
/// its `Drop`. In the examples, `$open` dials (`port` and `options` come
/// from the hidden set-up), `$w` writes to the echo peer and `$r` reads
/// what it sends back.
macro_rules! write_part {
    ($type:ident, io = $io:ty, open = $open:literal, writer = $w:ident, reader = $r:ident) => {
        impl $type {
            /// Writes all of `buf` (unlike `AsyncWrite::poll_write`, which may
            /// write part); when it returns, every byte has been handed to the
            /// kernel (with TLS, as records). See
            /// [When bytes leave](crate::Socket#when-bytes-leave).
            ///
            /// # Errors
            /// `NotConnected` after close or half-close; `TimedOut` past the write
            /// timeout; the transport's error (e.g. `BrokenPipe`) with the peer's
            /// address.
            ///
            /// # Cancel safety
            /// Not cancel-safe: a call dropped half-way may have sent part of
            /// `buf`. With TLS, repeat it with the same bytes and they are sent once.
            ///
            /// # Examples
            /// ```
            /// # async_std::task::block_on(async {
            /// # let (port, options) = sockets_core::__doc::echo_peer()?; // echoes until we half-close
            #[doc = $open]
            #[doc = concat!(stringify!($w), ".write(b\"ping\\n\").await?;")]
            #[doc = concat!("assert_eq!(", stringify!($r), ".read_line().await?.as_deref(), Some(\"ping\"));")]
            /// # std::io::Result::Ok(()) }).unwrap();
            /// ```
            pub async fn write(&mut self, buf: &[u8]) -> std::io::Result<()> {
                let (io, writer) = $crate::write_part::side(self, "write")?;
                writer.write_all(io, buf).await
            }

            /// Writes `line` and `"\n"` in one write, all of it.
            ///
            /// # Errors
            /// As [`write`](Self::write).
            ///
            /// # Cancel safety
            /// Not cancel-safe, as [`write`](Self::write).
            ///
            /// # Examples
            /// ```
            /// # async_std::task::block_on(async {
            /// # let (port, options) = sockets_core::__doc::echo_peer()?; // echoes until we half-close
            #[doc = $open]
            #[doc = concat!(stringify!($w), ".writeln(\"ping\").await?;")]
            #[doc = concat!("assert_eq!(", stringify!($r), ".read_line().await?.as_deref(), Some(\"ping\"));")]
            /// # std::io::Result::Ok(()) }).unwrap();
            /// ```
            pub async fn writeln(&mut self, line: &str) -> std::io::Result<()> {
                let mut buf = Vec::with_capacity(line.len() + 1);
                buf.extend_from_slice(line.as_bytes());
                buf.push(b'\n');
                let (io, writer) = $crate::write_part::side(self, "write")?;
                writer.write_all(io, &buf).await
            }

            /// Sends bytes queued through the `Sink` impl and any TLS records a
            /// timed-out or cancelled write left behind.
            ///
            /// # Errors
            /// As [`write`](Self::write).
            ///
            /// # Cancel safety
            /// Cancel-safe: what is not sent yet stays queued for the next flush.
            ///
            /// # Examples
            /// ```
            /// # async_std::task::block_on(async {
            /// # let (port, options) = sockets_core::__doc::echo_peer()?; // echoes until we half-close
            /// use futures::SinkExt;
            #[doc = $open]
            #[doc = concat!(stringify!($w), ".feed(\"queued by the Sink\\n\").await?; // not sent yet")]
            #[doc = concat!(stringify!($w), ".flush().await?;")]
            #[doc = concat!("assert_eq!(", stringify!($r), ".read_line().await?.as_deref(), Some(\"queued by the Sink\"));")]
            /// # std::io::Result::Ok(()) }).unwrap();
            /// ```
            pub async fn flush(&mut self) -> std::io::Result<()> {
                let (io, writer) = $crate::write_part::side(self, "flush")?;
                writer.call(io, $crate::writer::Writer::poll_flush).await
            }

            /// The deadline of each write, flush or close call, under the timeout
            /// rule of [`DialOptions::read_timeout`](crate::DialOptions::read_timeout).
            ///
            /// # Examples
            /// ```
            /// # async_std::task::block_on(async {
            /// # let (port, options) = sockets_core::__doc::echo_peer()?; // echoes until we half-close
            #[doc = $open]
            #[doc = concat!("assert_eq!(", stringify!($w), ".write_timeout(), None); // the default")]
            /// # std::io::Result::Ok(()) }).unwrap();
            /// ```
            pub fn write_timeout(&self) -> Option<std::time::Duration> {
                self.writer.timeout()
            }

            /// Changes the deadline of each write, flush or close call (`None`: no
            /// deadline), under the timeout rule of
            /// [`DialOptions::read_timeout`](crate::DialOptions::read_timeout); the
            /// next call uses it.
            ///
            /// # Errors
            /// `InvalidInput` for a zero duration, as std's `set_write_timeout`.
            ///
            /// # Examples
            /// ```
            /// # async_std::task::block_on(async {
            /// # let (port, options) = sockets_core::__doc::echo_peer()?; // echoes until we half-close
            /// use std::time::Duration;
            #[doc = $open]
            #[doc = concat!(stringify!($w), ".set_write_timeout(Some(Duration::from_secs(5)))?;")]
            #[doc = concat!("assert_eq!(", stringify!($w), ".write_timeout(), Some(Duration::from_secs(5)));")]
            #[doc = concat!("assert!(", stringify!($w), ".set_write_timeout(Some(Duration::ZERO)).is_err());")]
            /// # std::io::Result::Ok(()) }).unwrap();
            /// ```
            pub fn set_write_timeout(&mut self, timeout: Option<std::time::Duration>) -> std::io::Result<()> {
                $crate::options::check_timeout("write_timeout", timeout)?;
                self.writer.set_timeout(timeout);
                Ok(())
            }
        }

        $crate::side::impl_side!($type, $io, writer, $crate::writer::Writer);

        // Let go without a close, it still ends writing cleanly, best effort
        // and without waiting: see `Writer::close_on_drop`.
        impl Drop for $type {
            fn drop(&mut self) {
                if let Some(io) = self.io.as_mut() {
                    self.writer.close_on_drop(std::pin::Pin::new(io));
                }
            }
        }

        impl futures_io::AsyncWrite for $type {
            /// Writes some of `buf` (a partial write, as `AsyncWrite` says; the
            /// inherent `write` writes all), once bytes queued by the `Sink` left.
            ///
            /// # Cancel safety
            /// Each poll either took bytes (and says how many) or took none.
            fn poll_write(
                self: std::pin::Pin<&mut Self>,
                cx: &mut std::task::Context<'_>,
                buf: &[u8],
            ) -> std::task::Poll<std::io::Result<usize>> {
                let (io, writer) = $crate::write_part::side(self.get_mut(), "write")?;
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
                let (io, writer) = $crate::write_part::side(self.get_mut(), "flush")?;
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
                let (io, writer) = $crate::write_part::side(self.get_mut(), "close")?;
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
                let (io, writer) = $crate::write_part::side(self.get_mut(), "send")?;
                let outcome = writer.poll_sink_ready(cx, io);
                // Each poll_ready until Ready is one call: its deadline never
                // carries over to the next item.
                if outcome.is_ready() {
                    writer.reset_deadline();
                }
                outcome
            }

            fn start_send(self: std::pin::Pin<&mut Self>, item: T) -> std::io::Result<()> {
                let (_, writer) = $crate::write_part::side(self.get_mut(), "send")?;
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

pub(crate) use write_part;
