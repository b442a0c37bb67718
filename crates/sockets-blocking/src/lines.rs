//! [`Lines`]: the lines of a blocking socket as an `Iterator`.

use std::fmt;
use std::io;

/// A source of lines: a socket or its reading half.
pub(crate) trait ReadLines: Send {
    /// The next item of the core's line `Stream`: `None` at end of stream,
    /// after a fatal error and after close.
    fn next_line(&mut self) -> Option<io::Result<String>>;
}

/// The remaining lines of a socket, from [`Socket::lines`](crate::Socket::lines),
/// [`ReadHalf::lines`](crate::ReadHalf::lines) or `for line in &mut socket`.
///
/// Each item is a line without its `\n` or `\r\n`. Lines come from the
/// socket's own buffer: reads before and after iterating see every other
/// byte.
///
/// # Errors and the end of iteration
/// As the core's [`Lines`](sockets_core::Lines): a line over
/// `max_line_length` or not UTF-8 is a recoverable `InvalidData` item and
/// iteration goes on; after a fatal error (TLS, reset, I/O) the iterator
/// ends and later reads fail at once with the same kind. It also ends at end
/// of stream and after close, so a loop over it always ends.
///
/// # Examples
/// ```
/// # let port = sockets_blocking::__doc::echo_peer()?; // echoes until we half-close
/// use sockets_blocking::{dial, DialOptions};
/// let mut socket = dial("127.0.0.1", port, DialOptions::default())?;
/// socket.write(b"x\ny\n")?;
/// socket.close_write()?;
/// let mut lines = socket.lines();
/// assert_eq!(lines.next().transpose()?.as_deref(), Some("x"));
/// assert_eq!(lines.next().transpose()?.as_deref(), Some("y"));
/// assert!(lines.next().is_none());
/// # std::io::Result::Ok(())
/// ```
#[must_use = "iterators are lazy and do nothing unless consumed"]
pub struct Lines<'a> {
    source: &'a mut dyn ReadLines,
    done: bool,
}

impl<'a> Lines<'a> {
    pub(crate) fn new(source: &'a mut dyn ReadLines) -> Self {
        Lines {
            source,
            done: false,
        }
    }
}

impl Iterator for Lines<'_> {
    type Item = io::Result<String>;

    fn next(&mut self) -> Option<io::Result<String>> {
        if self.done {
            return None;
        }
        let item = self.source.next_line();
        self.done = item.is_none();
        item
    }
}

impl std::iter::FusedIterator for Lines<'_> {}

impl fmt::Debug for Lines<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Lines")
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}
