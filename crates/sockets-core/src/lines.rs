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
/// Each item is a line without its `\n` or `\r\n`. Lines come straight from
/// the socket's own buffer, so reads before and after iterating see every
/// other byte.
///
/// # Errors and the end of the stream
/// Two kinds of error items: a *recoverable* one, `InvalidData` for a line
/// over `max_line_length` or not UTF-8, after which the stream goes on with
/// the next line; and a *fatal* one, any error of the connection itself
/// (TLS, reset, I/O), after which the stream ends (`None`) and every later
/// read of the socket fails at once with the same kind. A read timeout is
/// an item too, and the next poll waits again. The stream also ends at end
/// of stream and once the socket is closed, so a `while let Some(..)` loop
/// always ends and never spins on errors. The socket's own `Stream` impl and
/// its reading half's behave the same.
///
/// # Cancel safety
/// Cancel-safe: a `next()` dropped half-way leaves the part of the line it
/// saw in the socket's buffer, and the next poll returns the whole line.
///
/// ```
/// # async_std::task::block_on(async {
/// use futures_lite::StreamExt;
/// use sockets_core::{dial, serve, DialOptions};
///
/// let server = serve("127.0.0.1", 0, |mut conn| async move {
///     conn.stream.write(b"a\r\nb\nlast").await
/// })
/// .await?;
/// let mut socket = dial("127.0.0.1", server.local_addr().port(), DialOptions::default()).await?;
/// let lines: Vec<String> = socket.lines().map(Result::unwrap).collect().await;
/// assert_eq!(lines, ["a", "b", "last"]);
/// server.close().await?;
/// # std::io::Result::Ok(()) }).unwrap();
/// ```
#[must_use = "streams do nothing unless polled"]
pub struct Lines<'a> {
    source: &'a mut LineSource<'a>,
    done: bool,
}

impl<'a> Lines<'a> {
    pub(crate) fn new(source: &'a mut LineSource<'a>) -> Self {
        Lines {
            source,
            done: false,
        }
    }
}

impl Stream for Lines<'_> {
    type Item = io::Result<String>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.done {
            return Poll::Ready(None);
        }
        let item = std::task::ready!(Pin::new(&mut *self.source).poll_next(cx));
        self.done = item.is_none();
        Poll::Ready(item)
    }
}

impl fmt::Debug for Lines<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Lines").finish_non_exhaustive()
    }
}
