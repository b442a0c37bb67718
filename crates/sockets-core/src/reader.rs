//! The read side of a socket: the buffer, the line limit and the read deadline.
//!
//! Shared by [`Socket`](crate::Socket) and [`ReadHalf`](crate::ReadHalf),
//! which only differ in how they reach the transport.

use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::task::{ready, Context, Poll};
use std::time::Duration;

use futures_io::AsyncRead;

use crate::deadline::{CallDeadline, Direction};
use crate::line_splitter::LineSplitter;
use crate::read_buffer::{Line, ReadBuffer};

/// Buffered reading with a per-call deadline and a line limit.
#[derive(Debug)]
pub(crate) struct Reader {
    buffer: ReadBuffer,
    deadline: CallDeadline,
    max_line_length: usize,
    /// The kind and message of the first fatal error (any error from the
    /// transport: TLS, reset, I/O); later reads fail at once with it.
    failed: Option<(io::ErrorKind, String)>,
}

impl Reader {
    pub(crate) fn new(timeout: Option<Duration>, max_line_length: usize, peer: SocketAddr) -> Self {
        Reader {
            buffer: ReadBuffer::new(max_line_length),
            deadline: CallDeadline::new(Direction::Read, timeout, peer),
            max_line_length,
            failed: None,
        }
    }

    /// Whether a fatal error ended reading: streams of lines then end.
    pub(crate) fn has_failed(&self) -> bool {
        self.failed.is_some()
    }

    /// The fatal error again, for a read after it; `Ok` if there was none.
    fn check_failed(&self) -> io::Result<()> {
        match &self.failed {
            None => Ok(()),
            Some((kind, message)) => Err(io::Error::new(
                *kind,
                format!("{message} (an earlier error ended reading from this connection)"),
            )),
        }
    }

    /// Ends a call's deadline (see [`CallDeadline::reset`]).
    #[inline]
    pub(crate) fn reset_deadline(&mut self) {
        self.deadline.reset();
    }

    /// Runs one whole read call: `poll` until ready, under the read
    /// deadline.
    pub(crate) async fn call<R: ?Sized, T>(
        &mut self,
        mut io: Pin<&mut R>,
        mut poll: impl FnMut(&mut Reader, &mut Context<'_>, Pin<&mut R>) -> Poll<io::Result<T>>,
    ) -> io::Result<T> {
        self.reset_deadline();
        let result = futures_lite::future::poll_fn(|cx| poll(self, cx, io.as_mut())).await;
        self.reset_deadline();
        result
    }

    /// Frees the buffer (after close).
    pub(crate) fn release(&mut self) {
        self.buffer = ReadBuffer::new(self.max_line_length);
    }

    pub(crate) fn timeout(&self) -> Option<Duration> {
        self.deadline.timeout()
    }

    pub(crate) fn set_timeout(&mut self, timeout: Option<Duration>) {
        self.deadline.set_timeout(timeout);
    }

    /// The bytes already buffered.
    pub(crate) fn buffered(&self) -> &[u8] {
        self.buffer.buffered()
    }

    #[inline]
    fn limit<T>(
        &mut self,
        cx: &mut Context<'_>,
        outcome: Poll<io::Result<T>>,
    ) -> Poll<io::Result<T>> {
        let outcome = self.deadline.context(outcome);
        if let Poll::Ready(Err(e)) = &outcome {
            // Every error from the transport is fatal; timeouts (added
            // below) and bad lines (found after this) are not.
            self.failed = Some((e.kind(), e.to_string()));
        }
        self.deadline.expire(cx, outcome)
    }

    pub(crate) fn poll_read<R: AsyncRead + ?Sized>(
        &mut self,
        cx: &mut Context<'_>,
        io: Pin<&mut R>,
        out: &mut [u8],
    ) -> Poll<io::Result<usize>> {
        self.check_failed()?;
        let outcome = self.buffer.poll_read(cx, io, out);
        self.limit(cx, outcome)
    }

    pub(crate) fn poll_fill_buf<R: AsyncRead + ?Sized>(
        &mut self,
        cx: &mut Context<'_>,
        io: Pin<&mut R>,
    ) -> Poll<io::Result<&[u8]>> {
        self.check_failed()?;
        let outcome = self.buffer.poll_fill_buf(cx, io).map_ok(<[u8]>::len);
        ready!(self.limit(cx, outcome))?;
        Poll::Ready(Ok(self.buffer.buffered()))
    }

    pub(crate) fn consume(&mut self, n: usize) {
        self.buffer.consume(n);
    }

    pub(crate) fn poll_read_up_to<R: AsyncRead + ?Sized>(
        &mut self,
        cx: &mut Context<'_>,
        io: Pin<&mut R>,
        n: usize,
    ) -> Poll<io::Result<Vec<u8>>> {
        self.check_failed()?;
        let outcome = self.buffer.poll_read_up_to(cx, io, n);
        self.limit(cx, outcome)
    }

    pub(crate) fn poll_read_to_end<R: AsyncRead + ?Sized>(
        &mut self,
        cx: &mut Context<'_>,
        io: Pin<&mut R>,
    ) -> Poll<io::Result<Vec<u8>>> {
        self.check_failed()?;
        let outcome = self.buffer.poll_read_to_end(cx, io);
        self.limit(cx, outcome)
    }

    /// One line as bytes, without its terminator; `None` at end of stream.
    pub(crate) fn poll_read_line_bytes<R: AsyncRead + ?Sized>(
        &mut self,
        cx: &mut Context<'_>,
        io: Pin<&mut R>,
    ) -> Poll<io::Result<Option<Vec<u8>>>> {
        self.check_failed()?;
        let outcome = self.buffer.poll_line(cx, io);
        let line = ready!(self.limit(cx, outcome))?;
        Poll::Ready(self.line_bytes(line))
    }

    /// One line as text; invalid UTF-8 is an `InvalidData` error.
    pub(crate) fn poll_read_line<R: AsyncRead + ?Sized>(
        &mut self,
        cx: &mut Context<'_>,
        io: Pin<&mut R>,
    ) -> Poll<io::Result<Option<String>>> {
        let line = ready!(self.poll_read_line_bytes(cx, io))?;
        Poll::Ready(line.map(|bytes| self.line_text(bytes)).transpose())
    }

    /// The next line if the buffer already holds all of it: no I/O, no
    /// waiting. `None` when a read is needed first.
    #[inline(always)] // per line, into the blocking facade's crate too
    pub(crate) fn try_read_line(&mut self) -> Option<io::Result<String>> {
        if self.failed.is_some() {
            return None; // the read that follows fails at once
        }
        match self.buffer.take_line()? {
            Line::Bytes(bytes) => Some(self.line_text(bytes)),
            // Only end of stream says End, and that needs a read to learn.
            Line::End => None,
            too_long => self.line_bytes(too_long).err().map(Err),
        }
    }

    #[inline]
    fn line_bytes(&self, line: Line) -> io::Result<Option<Vec<u8>>> {
        match line {
            Line::Bytes(bytes) => Ok(Some(bytes)),
            Line::End => Ok(None),
            Line::TooLong => Err(self.buffer.splitter().too_long(self.deadline.peer())),
        }
    }

    #[inline]
    fn line_text(&self, bytes: Vec<u8>) -> io::Result<String> {
        LineSplitter::text(bytes, self.deadline.peer())
    }
}
