//! The write side of a socket: the `Sink` buffer and the write deadline.
//!
//! Shared by [`Socket`](crate::Socket) and [`WriteHalf`](crate::WriteHalf).

use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::task::{ready, Context, Poll};
use std::time::Duration;

use futures_io::AsyncWrite;

use crate::deadline::{CallDeadline, Direction};
use crate::error::closed;

/// Bytes the `Sink` collects before `poll_ready` pushes them out.
pub(crate) const SINK_HIGH_WATER: usize = 64 * 1024;

/// Writing with a per-call deadline, plus the bytes a `Sink` has queued.
#[derive(Debug)]
pub(crate) struct Writer {
    queued: Vec<u8>,
    deadline: CallDeadline,
    write_closed: bool,
}

impl Writer {
    pub(crate) fn new(timeout: Option<Duration>, peer: SocketAddr) -> Self {
        Writer {
            queued: Vec::new(),
            deadline: CallDeadline::new(Direction::Write, timeout, peer),
            write_closed: false,
        }
    }

    /// Ends a call's deadline (see [`CallDeadline::reset`]).
    #[inline]
    pub(crate) fn reset_deadline(&mut self) {
        self.deadline.reset();
    }

    /// Runs one whole flush or close call: `poll` until ready, under the
    /// write deadline.
    pub(crate) async fn call<W: ?Sized>(
        &mut self,
        mut io: Pin<&mut W>,
        mut poll: impl FnMut(&mut Writer, &mut Context<'_>, Pin<&mut W>) -> Poll<io::Result<()>>,
    ) -> io::Result<()> {
        self.reset_deadline();
        let result = futures_lite::future::poll_fn(|cx| poll(self, cx, io.as_mut())).await;
        self.reset_deadline();
        result
    }

    /// Writes all of `buf` and flushes, as one call under the write deadline.
    pub(crate) async fn write_all<W: AsyncWrite + ?Sized>(
        &mut self,
        io: Pin<&mut W>,
        buf: &[u8],
    ) -> io::Result<()> {
        let mut written = 0;
        self.call(io, |writer, cx, mut io| {
            ready!(writer.poll_write_all(cx, io.as_mut(), buf, &mut written))?;
            writer.poll_flush(cx, io)
        })
        .await
    }

    pub(crate) fn timeout(&self) -> Option<Duration> {
        self.deadline.timeout()
    }

    pub(crate) fn set_timeout(&mut self, timeout: Option<Duration>) {
        self.deadline.set_timeout(timeout);
    }

    /// Whether `close_write` has run.
    pub(crate) fn is_write_closed(&self) -> bool {
        self.write_closed
    }

    fn check_open(&self, operation: &str) -> io::Result<()> {
        if self.write_closed {
            return Err(closed(
                format_args!("{} (write side, after close_write)", self.deadline.peer()),
                operation,
            ));
        }
        Ok(())
    }

    /// Writes some of `buf`, after any bytes a `Sink` queued earlier.
    pub(crate) fn poll_write<W: AsyncWrite + ?Sized>(
        &mut self,
        cx: &mut Context<'_>,
        mut io: Pin<&mut W>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.check_open("write")?;
        ready!(self.poll_write_queued(cx, io.as_mut()))?;
        let outcome = io.poll_write(cx, buf);
        self.deadline.limit(cx, outcome)
    }

    /// Writes all of `buf[*written..]`, advancing `written` as bytes leave,
    /// so the call can be polled again after `Pending`.
    pub(crate) fn poll_write_all<W: AsyncWrite + ?Sized>(
        &mut self,
        cx: &mut Context<'_>,
        mut io: Pin<&mut W>,
        buf: &[u8],
        written: &mut usize,
    ) -> Poll<io::Result<()>> {
        while *written < buf.len() {
            let n = ready!(self.poll_write(cx, io.as_mut(), &buf[*written..]))?;
            if n == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            *written += n;
        }
        Poll::Ready(Ok(()))
    }

    /// Pushes out the bytes a `Sink` queued.
    fn poll_write_queued<W: AsyncWrite + ?Sized>(
        &mut self,
        cx: &mut Context<'_>,
        mut io: Pin<&mut W>,
    ) -> Poll<io::Result<()>> {
        // The common case, every plain write: nothing queued, nothing to do.
        if self.queued.is_empty() {
            return Poll::Ready(Ok(()));
        }
        while !self.queued.is_empty() {
            let outcome = io.as_mut().poll_write(cx, &self.queued);
            let n = ready!(self.deadline.limit(cx, outcome))?;
            if n == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            self.queued.drain(..n);
        }
        // Sent: give the memory back, idle sockets hold no queue.
        self.queued = Vec::new();
        Poll::Ready(Ok(()))
    }

    /// Writes the queued bytes, then flushes the transport (TLS records).
    pub(crate) fn poll_flush<W: AsyncWrite + ?Sized>(
        &mut self,
        cx: &mut Context<'_>,
        mut io: Pin<&mut W>,
    ) -> Poll<io::Result<()>> {
        if self.write_closed {
            return Poll::Ready(Ok(()));
        }
        ready!(self.poll_write_queued(cx, io.as_mut()))?;
        let outcome = io.poll_flush(cx);
        self.deadline.limit(cx, outcome)
    }

    /// Flushes, then shuts the write direction down (TLS: close_notify).
    /// The peer sees end of stream; reading goes on. Idempotent.
    pub(crate) fn poll_close_write<W: AsyncWrite + ?Sized>(
        &mut self,
        cx: &mut Context<'_>,
        mut io: Pin<&mut W>,
    ) -> Poll<io::Result<()>> {
        if self.write_closed {
            return Poll::Ready(Ok(()));
        }
        ready!(self.poll_flush(cx, io.as_mut()))?;
        let outcome = match ready!(io.poll_close(cx)) {
            // Nothing was lost: every byte was flushed, only the peer is gone.
            Err(e) if crate::transport::is_peer_gone(&e) => Ok(()),
            other => other,
        };
        let result = ready!(self.deadline.limit(cx, Poll::Ready(outcome)));
        self.write_closed = true;
        Poll::Ready(result)
    }

    /// The best-effort close of a `Drop`: one non-blocking attempt to send
    /// the queued bytes and then end the write direction (TLS: queue
    /// close_notify and write it; TCP: FIN). It never waits: if the queued
    /// bytes cannot all leave at once, nothing more is sent, so the peer
    /// sees a truncation rather than a clean end with bytes missing.
    pub(crate) fn close_on_drop<W: AsyncWrite + ?Sized>(&mut self, io: Pin<&mut W>) {
        if self.write_closed {
            return;
        }
        // No deadline: a single poll must not arm a timer.
        self.deadline.set_timeout(None);
        let mut cx = Context::from_waker(std::task::Waker::noop());
        let _ = self.poll_close_write(&mut cx, io);
    }

    /// `Sink::poll_ready`: room for more, pushing queued bytes out past the
    /// high-water mark.
    pub(crate) fn poll_sink_ready<W: AsyncWrite + ?Sized>(
        &mut self,
        cx: &mut Context<'_>,
        io: Pin<&mut W>,
    ) -> Poll<io::Result<()>> {
        self.check_open("send")?;
        if self.queued.len() >= SINK_HIGH_WATER {
            ready!(self.poll_write_queued(cx, io))?;
        }
        Poll::Ready(Ok(()))
    }

    /// `Sink::start_send`: queue the bytes.
    pub(crate) fn queue(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.check_open("send")?;
        self.queued.extend_from_slice(bytes);
        Ok(())
    }
}
