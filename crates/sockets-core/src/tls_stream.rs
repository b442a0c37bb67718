//! A TLS stream whose writes return only once their records have left.
//!
//! futures-rustls (like tokio-rustls) answers `poll_write` with `Ok(n)` as
//! soon as rustls has taken the plaintext, even when the socket would block
//! and the encrypted records are still in rustls's buffer. They leave with
//! the next write or flush. A `write_all` followed by a read then waits for
//! an answer to a request the peer never fully got: the peer waits for our
//! last records, we wait for its answer.
//!
//! A `TcpStream` has no such buffer: once `write` returns, the kernel has the
//! bytes. This wrapper gives TLS the same meaning. `poll_write` returns
//! `Ok(n)` only after the records for those `n` bytes have been handed to
//! the kernel; until then it returns `Pending`, with the bytes rustls took
//! kept aside, and the repeated `poll_write` (with the same bytes, as every
//! writer does after `Pending`) reports them written. A writer that gives up
//! instead (a cancelled future, a write timeout) and writes other bytes next
//! gets those written as asked: the abandoned bytes have gone out before
//! them, as part of a cancelled `write_all` can.
//!
//! Records can still be held after a write was abandoned, or when rustls
//! answers the peer by itself while reading (a TLS 1.3 key update). A read
//! on a whole socket sends them first, so a read never waits on data we
//! hold. A read on a [`ReadHalf`](crate::ReadHalf) leaves them to the
//! writing half's next write, flush or close: pushing them from the reading
//! task would make the two tasks take turns replacing each other's write
//! waker while the socket is not writable.

use std::io;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use futures_io::{AsyncRead, AsyncWrite};
use rustls::CommonState;

use crate::runtime::TcpStream;

/// futures-rustls's stream, client or server side.
type Inner = futures_rustls::TlsStream<TcpStream>;

/// A TLS stream over a TCP stream whose writes return once their records
/// have been handed to the kernel.
#[derive(Debug)]
pub(crate) struct TlsStream {
    inner: Inner,
    /// The plaintext rustls took in a `poll_write` that returned `Pending`
    /// because its records had not all left yet.
    unconfirmed: Vec<u8>,
    /// Set when the socket is split: reads then leave records to the
    /// writing half.
    split: bool,
}

impl TlsStream {
    fn new(inner: Inner) -> Self {
        TlsStream {
            inner,
            unconfirmed: Vec::new(),
            split: false,
        }
    }

    /// The TCP stream and the TLS connection state.
    pub(crate) fn get_ref(&self) -> (&TcpStream, &CommonState) {
        self.inner.get_ref()
    }

    /// On a server, the SNI name the client sent; `None` on a client.
    pub(crate) fn sni(&self) -> Option<&str> {
        match &self.inner {
            futures_rustls::TlsStream::Server(server) => server.get_ref().1.server_name(),
            futures_rustls::TlsStream::Client(_) => None,
        }
    }

    /// Marks the stream as shared by a reading and a writing half.
    pub(crate) fn set_split(&mut self) {
        self.split = true;
    }

    fn holds_records(&self) -> bool {
        self.inner.get_ref().1.wants_write()
    }

    /// Hands every record rustls holds to the kernel.
    fn poll_send_records(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if !self.holds_records() {
            return Poll::Ready(Ok(()));
        }
        Pin::new(&mut self.inner).poll_flush(cx)
    }
}

impl From<futures_rustls::client::TlsStream<TcpStream>> for TlsStream {
    fn from(stream: futures_rustls::client::TlsStream<TcpStream>) -> Self {
        TlsStream::new(stream.into())
    }
}

impl From<futures_rustls::server::TlsStream<TcpStream>> for TlsStream {
    fn from(stream: futures_rustls::server::TlsStream<TcpStream>) -> Self {
        TlsStream::new(stream.into())
    }
}

impl AsyncRead for TlsStream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut [u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        if !this.split {
            // Best effort: a write error shows on the next write, and while
            // the socket is not writable the read goes on (and this task is
            // woken when it is).
            let _ = this.poll_send_records(cx);
        }
        Pin::new(&mut this.inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for TlsStream {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        // Records of earlier writes go first, so `Pending` below always
        // means that nothing of `buf` was taken.
        ready!(this.poll_send_records(cx))?;
        if !this.unconfirmed.is_empty() {
            let taken = std::mem::take(&mut this.unconfirmed);
            if buf.starts_with(&taken) {
                return Poll::Ready(Ok(taken.len()));
            }
            // The writer gave those bytes up; they have left all the same.
        }
        if buf.is_empty() {
            return Poll::Ready(Ok(0));
        }
        let n = ready!(Pin::new(&mut this.inner).poll_write(cx, buf))?;
        match this.poll_send_records(cx) {
            Poll::Pending => {
                this.unconfirmed.extend_from_slice(&buf[..n]);
                Poll::Pending
            }
            Poll::Ready(sent) => Poll::Ready(sent.map(|()| n)),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_flush(cx)
    }

    /// Sends every record, then close_notify, then shuts the TCP write
    /// direction down.
    fn poll_close(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_close(cx)
    }
}
