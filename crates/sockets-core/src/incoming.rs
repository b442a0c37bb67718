//! [`Incoming`]: a listener's connections as a `Stream`.

use std::fmt;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;

use crate::listener::Listener;
use crate::socket::Socket;

type Accept<'a> = Pin<Box<dyn Future<Output = io::Result<(Socket, SocketAddr)>> + Send + 'a>>;

/// The [`Stream`] of a [`Listener`]'s connections, from
/// [`Listener::incoming`]. Each item is one [`Listener::accept`]; the
/// stream never ends by itself, and an error item does not end it.
///
/// # Cancel safety
/// As [`Listener::accept`]: dropping the stream between items, or while an
/// item is pending, loses no connection.
///
/// # Examples
/// ```
/// # async_std::task::block_on(async {
/// use futures_lite::StreamExt;
/// use sockets_core::{dial, listen, DialOptions, ServeOptions};
/// let listener = listen("127.0.0.1", 0, ServeOptions::default()).await?;
/// let client = dial("127.0.0.1", listener.local_addr().port(), DialOptions::default()).await?;
/// let conn = listener.incoming().next().await.expect("never ends")?;
/// assert_eq!(conn.remote_addr(), client.local_addr());
/// # std::io::Result::Ok(()) }).unwrap();
/// ```
#[must_use = "streams do nothing unless polled"]
pub struct Incoming<'a> {
    listener: &'a Listener,
    accept: Option<Accept<'a>>,
}

impl<'a> Incoming<'a> {
    pub(crate) fn new(listener: &'a Listener) -> Incoming<'a> {
        Incoming {
            listener,
            accept: None,
        }
    }
}

impl Stream for Incoming<'_> {
    type Item = io::Result<Socket>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        let listener = this.listener;
        let accept = this
            .accept
            .get_or_insert_with(|| Box::pin(listener.accept()));
        let outcome = std::task::ready!(accept.as_mut().poll(cx));
        this.accept = None;
        Poll::Ready(Some(outcome.map(|(socket, _)| socket)))
    }
}

impl fmt::Debug for Incoming<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Incoming")
            .field("listener", self.listener)
            .field("accepting", &self.accept.is_some())
            .finish()
    }
}
