//! [`Incoming`]: a blocking listener's connections as an `Iterator`.

use std::io;

use crate::listener::Listener;
use crate::socket::Socket;

/// The endless [`Iterator`] of a [`Listener`]'s connections, from
/// [`Listener::incoming`]; each item is one blocking
/// [`accept`](Listener::accept), and an error item does not end it.
///
/// # Examples
/// ```
/// use sockets_blocking::{dial, listen, DialOptions, ServeOptions};
/// let listener = listen("127.0.0.1", 0, ServeOptions::default())?;
/// let client = dial("127.0.0.1", listener.local_addr().port(), DialOptions::default())?;
/// let conn = listener.incoming().next().expect("never ends")?;
/// assert_eq!(conn.remote_addr(), client.local_addr());
/// # std::io::Result::Ok(())
/// ```
#[derive(Debug)]
#[must_use = "iterators do nothing unless consumed"]
pub struct Incoming<'a> {
    listener: &'a Listener,
}

impl<'a> Incoming<'a> {
    pub(crate) fn new(listener: &'a Listener) -> Incoming<'a> {
        Incoming { listener }
    }
}

impl Iterator for Incoming<'_> {
    type Item = io::Result<Socket>;

    fn next(&mut self) -> Option<io::Result<Socket>> {
        Some(self.listener.accept().map(|(socket, _)| socket))
    }
}
