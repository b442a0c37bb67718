//! [`Lines`]: the lines of a socket as a `Stream`.

use std::fmt;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;

/// A source of lines: a socket or its reading half.
type LineSource<'a> = dyn Stream<Item = io::Result<String>> + Send + Unpin + 'a;

/// The remaining lines of a socket, from [`Socket::lines`](crate::Socket::lines)
/// or [`ReadHalf::lines`](crate::ReadHalf::lines).
///
/// Each item is a line without its `\n` or `\r\n`; the stream ends at end of
/// stream. An error item does not end it: stop at the first error unless you
/// mean to skip an over-long line. Lines come straight from the socket's own
/// buffer, so reads before and after iterating see every other byte.
#[must_use = "streams do nothing unless polled"]
pub struct Lines<'a> {
    source: &'a mut LineSource<'a>,
}

impl<'a> Lines<'a> {
    pub(crate) fn new(source: &'a mut LineSource<'a>) -> Self {
        Lines { source }
    }
}

impl Stream for Lines<'_> {
    type Item = io::Result<String>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Pin::new(&mut *self.source).poll_next(cx)
    }
}

impl fmt::Debug for Lines<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Lines").finish_non_exhaustive()
    }
}
