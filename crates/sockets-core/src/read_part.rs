//! The read part of [`Socket`](crate::Socket) and [`ReadHalf`](crate::ReadHalf),
//! written once: the public read methods and the futures-io / futures
//! traits, generated for both types by [`read_part!`]. Each method takes the
//! transport and the [`Reader`](crate::reader::Reader) through [`Side`]
//! and runs the reader's poll function under the read deadline.

use std::io;
use std::pin::Pin;

use crate::reader::Reader;
use crate::side::Side;

/// The transport and reader of `s`, or `NotConnected` naming `operation`.
#[inline]
pub(crate) fn side<'a, S: Side<Reader>>(
    s: &'a mut S,
    operation: &str,
) -> io::Result<(Pin<&'a mut S::Io>, &'a mut Reader)> {
    s.side(operation)
}

/// Generates the read methods and traits of `$type`, whose fields `io`
/// (an `Option<$io>`, `None` after close), `reader` and `info` they use.
/// In the examples, `$open` dials (`port` and `options` come from the
/// hidden set-up), `$w` writes to the echo peer, `$w.$close_write()`
/// half-closes, and `$r` reads.
macro_rules! read_part {
    ($type:ident, io = $io:ty, open = $open:literal, writer = $w:ident, reader = $r:ident, close_write = $cw:ident) => {
        impl $type {
            /// Reads up to `n` bytes, waiting until at least one is there.
            /// An empty vector means end of stream (or `n == 0`).
            ///
            /// # Errors
            /// `NotConnected` after close; `TimedOut` past the read timeout; the
            /// transport's error (reset, TLS) with the peer's address.
            ///
            /// # Cancel safety
            /// Cancel-safe: bytes stay in the buffer until a call returns them.
            ///
            /// # Examples
            /// ```
            /// # async_std::task::block_on(async {
            /// # let (port, options) = sockets_core::__doc::echo_peer()?; // echoes until we half-close
            #[doc = $open]
            #[doc = concat!(stringify!($w), ".write(b\"hello\").await?;")]
            #[doc = concat!("let bytes = ", stringify!($r), ".read(5).await?; // at least one byte")]
            /// assert!(!bytes.is_empty() && b"hello".starts_with(&bytes));
            /// # std::io::Result::Ok(()) }).unwrap();
            /// ```
            pub async fn read(&mut self, n: usize) -> std::io::Result<Vec<u8>> {
                let (io, reader) = $crate::read_part::side(self, "read")?;
                reader.call(io, |r, cx, io| r.poll_read_up_to(cx, io, n)).await
            }

            /// Reads everything up to end of stream. Memory grows with what the peer
            /// sends: use [`read`](Self::read) or lines for peers you don't trust.
            ///
            /// # Errors
            /// As [`read`](Self::read); for TLS, a peer that closes without
            /// close_notify is an `UnexpectedEof` error (a possible truncation).
            ///
            /// # Cancel safety
            /// Cancel-safe: the bytes collect in the buffer itself, and the next
            /// read returns them.
            ///
            /// # Examples
            /// ```
            /// # async_std::task::block_on(async {
            /// # let (port, options) = sockets_core::__doc::echo_peer()?; // echoes until we half-close
            #[doc = $open]
            #[doc = concat!(stringify!($w), ".write(b\"all of it\").await?;")]
            #[doc = concat!(stringify!($w), ".", stringify!($cw), "().await?; // the peer sees the end, and so do we")]
            #[doc = concat!("assert_eq!(", stringify!($r), ".read_all().await?, b\"all of it\");")]
            /// # std::io::Result::Ok(()) }).unwrap();
            /// ```
            pub async fn read_all(&mut self) -> std::io::Result<Vec<u8>> {
                let (io, reader) = $crate::read_part::side(self, "read")?;
                reader.call(io, $crate::reader::Reader::poll_read_to_end).await
            }

            /// Reads one line, without its `\n` or `\r\n`. Returns `None` at end of
            /// stream; a last line without a newline is returned as it is.
            ///
            /// # Errors
            /// `InvalidData` for a line longer than `max_line_length` (raised once,
            /// as soon as the limit is passed; the line is then skipped up to its
            /// end, see [`LineSplitter`](crate::LineSplitter)) or for invalid UTF-8;
            /// both are recoverable, the next call reads the next line. Otherwise as
            /// [`read`](Self::read).
            ///
            /// # Cancel safety
            /// Cancel-safe: a call dropped half-way leaves the part of the line it
            /// saw in the buffer, and the next call returns the whole line.
            ///
            /// # Examples
            /// ```
            /// # async_std::task::block_on(async {
            /// # let (port, options) = sockets_core::__doc::echo_peer()?; // echoes until we half-close
            #[doc = $open]
            #[doc = concat!(stringify!($w), ".write(b\"one\\r\\ntwo\\n\").await?;")]
            #[doc = concat!("assert_eq!(", stringify!($r), ".read_line().await?.as_deref(), Some(\"one\"));")]
            #[doc = concat!("assert_eq!(", stringify!($r), ".read_line().await?.as_deref(), Some(\"two\"));")]
            /// # std::io::Result::Ok(()) }).unwrap();
            /// ```
            pub async fn read_line(&mut self) -> std::io::Result<Option<String>> {
                if let Some(line) = self.try_read_line() {
                    return line.map(Some);
                }
                let (io, reader) = $crate::read_part::side(self, "read a line")?;
                reader.call(io, $crate::reader::Reader::poll_read_line).await
            }

            /// The next line if the buffer already holds all of it, without any I/O
            /// or waiting; `None` when a read is needed first (or after close).
            /// Useful to drain buffered lines in a batch.
            ///
            /// # Errors
            /// As [`read_line`](Self::read_line), for the buffered line.
            ///
            /// # Examples
            /// ```
            /// # async_std::task::block_on(async {
            /// # let (port, options) = sockets_core::__doc::echo_peer()?; // echoes until we half-close
            #[doc = $open]
            #[doc = concat!(stringify!($w), ".write(b\"a\\nb\\n\").await?;")]
            #[doc = concat!("assert_eq!(", stringify!($r), ".read_line().await?.as_deref(), Some(\"a\"));")]
            #[doc = concat!("if let Some(next) = ", stringify!($r), ".try_read_line() {")]
            ///     assert_eq!(next?, "b"); // it arrived with "a"
            /// }
            /// # std::io::Result::Ok(()) }).unwrap();
            /// ```
            #[inline(always)] // the per-line fast path of read_line, async and blocking
            pub fn try_read_line(&mut self) -> Option<std::io::Result<String>> {
                match $crate::read_part::side(self, "read a line") {
                    Ok((_, reader)) => reader.try_read_line(),
                    Err(_) => None,
                }
            }

            /// Reads one line as bytes, for protocols that are not UTF-8.
            ///
            /// # Errors
            /// As [`read_line`](Self::read_line), without the UTF-8 check.
            ///
            /// # Cancel safety
            /// Cancel-safe, as [`read_line`](Self::read_line).
            ///
            /// # Examples
            /// ```
            /// # async_std::task::block_on(async {
            /// # let (port, options) = sockets_core::__doc::echo_peer()?; // echoes until we half-close
            #[doc = $open]
            #[doc = concat!(stringify!($w), ".write(b\"\\xff\\xfe\\n\").await?; // not UTF-8")]
            #[doc = concat!("assert_eq!(", stringify!($r), ".read_line_bytes().await?, Some(vec![0xff, 0xfe]));")]
            /// # std::io::Result::Ok(()) }).unwrap();
            /// ```
            pub async fn read_line_bytes(&mut self) -> std::io::Result<Option<Vec<u8>>> {
                let (io, reader) = $crate::read_part::side(self, "read a line")?;
                reader.call(io, $crate::reader::Reader::poll_read_line_bytes).await
            }

            /// A [`Stream`](futures_core::Stream) of the remaining lines; see
            /// [`Lines`](crate::Lines) for its errors and end.
            ///
            /// # Examples
            /// ```
            /// # async_std::task::block_on(async {
            /// # let (port, options) = sockets_core::__doc::echo_peer()?; // echoes until we half-close
            /// use futures_lite::StreamExt;
            #[doc = $open]
            #[doc = concat!(stringify!($w), ".write(b\"a\\nb\\n\").await?;")]
            #[doc = concat!(stringify!($w), ".", stringify!($cw), "().await?;")]
            #[doc = concat!("let lines: Vec<String> = ", stringify!($r), ".lines().map(Result::unwrap).collect().await;")]
            /// assert_eq!(lines, ["a", "b"]);
            /// # std::io::Result::Ok(()) }).unwrap();
            /// ```
            #[must_use = "streams do nothing unless polled"]
            pub fn lines(&mut self) -> $crate::Lines<'_> {
                $crate::Lines::new(self)
            }

            /// The bytes received but not read yet (empty after close).
            ///
            /// # Examples
            /// ```
            /// # async_std::task::block_on(async {
            /// # let (port, options) = sockets_core::__doc::echo_peer()?; // echoes until we half-close
            #[doc = $open]
            #[doc = concat!("assert!(", stringify!($r), ".buffered().is_empty());")]
            #[doc = concat!(stringify!($w), ".write(b\"a\\nb\\n\").await?;")]
            #[doc = concat!(stringify!($r), ".read_line().await?; // \"b\\n\" may have arrived with it")]
            #[doc = concat!("assert!(", stringify!($r), ".buffered().len() <= 2);")]
            /// # std::io::Result::Ok(()) }).unwrap();
            /// ```
            pub fn buffered(&self) -> &[u8] {
                self.reader.buffered()
            }

            /// The deadline of each read call, under the timeout rule of
            /// [`DialOptions::read_timeout`](crate::DialOptions::read_timeout).
            ///
            /// # Examples
            /// ```
            /// # async_std::task::block_on(async {
            /// # let (port, options) = sockets_core::__doc::echo_peer()?; // echoes until we half-close
            #[doc = $open]
            #[doc = concat!("assert_eq!(", stringify!($r), ".read_timeout(), None); // the default")]
            /// # std::io::Result::Ok(()) }).unwrap();
            /// ```
            pub fn read_timeout(&self) -> Option<std::time::Duration> {
                self.reader.timeout()
            }

            /// Changes the deadline of each read call (`None`: no deadline), under
            /// the timeout rule of [`DialOptions::read_timeout`](crate::DialOptions::read_timeout);
            /// the next call uses it.
            ///
            /// # Errors
            /// `InvalidInput` for a zero duration, as std's `set_read_timeout`.
            ///
            /// # Examples
            /// ```
            /// # async_std::task::block_on(async {
            /// # let (port, options) = sockets_core::__doc::echo_peer()?; // echoes until we half-close
            /// use std::time::Duration;
            #[doc = $open]
            #[doc = concat!(stringify!($r), ".set_read_timeout(Some(Duration::from_millis(50)))?;")]
            #[doc = concat!("let e = ", stringify!($r), ".read_line().await.unwrap_err(); // the peer says nothing")]
            /// assert_eq!(e.kind(), std::io::ErrorKind::TimedOut);
            /// # std::io::Result::Ok(()) }).unwrap();
            /// ```
            pub fn set_read_timeout(&mut self, timeout: Option<std::time::Duration>) -> std::io::Result<()> {
                $crate::options::check_timeout("read_timeout", timeout)?;
                self.reader.set_timeout(timeout);
                Ok(())
            }
        }

        $crate::side::impl_side!($type, $io, reader, $crate::reader::Reader);

        impl futures_io::AsyncRead for $type {
            fn poll_read(
                self: std::pin::Pin<&mut Self>,
                cx: &mut std::task::Context<'_>,
                buf: &mut [u8],
            ) -> std::task::Poll<std::io::Result<usize>> {
                let (io, reader) = $crate::read_part::side(self.get_mut(), "read")?;
                let outcome = reader.poll_read(cx, io, buf);
                if outcome.is_ready() {
                    reader.reset_deadline();
                }
                outcome
            }
        }

        // On `&mut` rather than the type itself: `AsyncBufReadExt::lines` takes
        // `self` by value, and an impl on the type would make `socket.lines()`
        // resolve to it (consuming the socket) instead of the inherent
        // `lines(&mut self)`. Generic code passes `&mut socket`.
        impl futures_io::AsyncBufRead for &mut $type {
            fn poll_fill_buf(
                self: std::pin::Pin<&mut Self>,
                cx: &mut std::task::Context<'_>,
            ) -> std::task::Poll<std::io::Result<&[u8]>> {
                let this: &mut $type = self.get_mut();
                let (io, reader) = $crate::read_part::side(this, "read")?;
                let ready = std::task::ready!(reader.poll_fill_buf(cx, io)).map(|b| b.len());
                reader.reset_deadline();
                ready?;
                std::task::Poll::Ready(Ok(reader.buffered()))
            }

            fn consume(self: std::pin::Pin<&mut Self>, amt: usize) {
                let this: &mut $type = self.get_mut();
                if let Ok((_, reader)) = $crate::read_part::side(this, "read") {
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
                // `while let Some(..)` loop always ends; bad lines (too long, not
                // UTF-8) are items and the stream goes on.
                let (io, reader) =
                    match $crate::read_part::side(self.get_mut(), "read a line") {
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

pub(crate) use read_part;
