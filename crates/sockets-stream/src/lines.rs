//! [`Lines`]: the lines of an [`IoStream`] as an `Iterator`.

use std::fmt;
use std::io;

use crate::io_stream::IoStream;
use crate::protocol::StreamProtocol;

/// The remaining lines of an [`IoStream`], from [`IoStream::lines`].
///
/// # Examples
/// ```
/// use sockets_stream::IoStream;
/// let mut stream = IoStream::new(std::io::Cursor::new(b"alpha\nbeta\n".to_vec()));
/// let mut lines = stream.lines();
/// assert_eq!(lines.next().transpose()?.as_deref(), Some("alpha"));
/// assert_eq!(lines.next().transpose()?.as_deref(), Some("beta"));
/// assert!(lines.next().is_none());
/// # std::io::Result::Ok(())
/// ```
#[must_use = "iterators are lazy and do nothing unless consumed"]
pub struct Lines<'a, S: StreamProtocol> {
    stream: &'a mut IoStream<S>,
    done: bool,
}

impl<'a, S: StreamProtocol> Lines<'a, S> {
    pub(crate) fn new(stream: &'a mut IoStream<S>) -> Self {
        Lines {
            stream,
            done: false,
        }
    }
}

impl<S: StreamProtocol> Iterator for Lines<'_, S> {
    type Item = io::Result<String>;

    fn next(&mut self) -> Option<io::Result<String>> {
        if self.done {
            return None;
        }
        let item = Iterator::next(self.stream);
        self.done = item.is_none();
        item
    }
}

impl<S: StreamProtocol> fmt::Debug for Lines<'_, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Lines")
            .field("stream", &self.stream.describe())
            .finish()
    }
}
