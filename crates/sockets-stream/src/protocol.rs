//! [`StreamProtocol`]: read, write, close and iterate lines.

use std::io;
#[cfg(unix)]
use std::os::fd::BorrowedFd;
use std::time::Duration;

use crate::line_buffer::LineBuffer;

/// The four operations every stream speaks: read, write, close and iterate
/// lines. Sockets, files, child-process pipes, the standard streams and
/// memory buffers implement it, so [`copy`](crate::copy) and
/// [`IoStream`](crate::IoStream) work on all of them alike.
///
/// The trait is object safe: `Box<dyn StreamProtocol + Send>` and
/// `&mut dyn StreamProtocol` work. A direction a stream does not have fails
/// with `Unsupported`, naming the stream and the operation.
///
/// # Lines without lost bytes
/// [`read_line`](Self::read_line) gets a `lookahead` buffer owned by the
/// caller. Streams without a buffer of their own read ahead into it; the
/// caller serves later reads from it first, so mixing reads and lines never
/// loses a byte ([`IoStream`](crate::IoStream) does exactly that). A stream
/// with its own buffer (a socket) serves lines from that buffer and leaves
/// `lookahead` empty, so no second buffer sits in front of it.
///
/// # Examples
/// ```
/// use sockets_stream::{copy, StreamProtocol};
///
/// let mut source: &[u8] = b"hello\n";
/// let mut sink: Vec<u8> = Vec::new();
/// copy(&mut source, &mut sink)?;
/// assert_eq!(sink, b"hello\n");
///
/// let e = StreamProtocol::write(&mut source, b"x").unwrap_err();
/// assert_eq!(e.kind(), std::io::ErrorKind::Unsupported);
/// # std::io::Result::Ok(())
/// ```
pub trait StreamProtocol {
    /// Reads into `buf`; 0 means end of stream.
    ///
    /// # Errors
    /// The stream's error; `Unsupported` for a write-only stream.
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize>;

    /// Writes some of `buf`; returns how much.
    ///
    /// # Errors
    /// The stream's error; `Unsupported` for a read-only stream.
    fn write(&mut self, buf: &[u8]) -> io::Result<usize>;

    /// Sends anything the stream buffers for writing.
    ///
    /// # Errors
    /// The stream's error.
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }

    /// Closes the stream as far as `&mut` access allows: flushes, shuts a
    /// socket down. Idempotent. Pipes and files are released only when
    /// dropped, which [`IoStream::close`](crate::IoStream::close) does.
    ///
    /// # Errors
    /// The stream's error while flushing or shutting down.
    fn close(&mut self) -> io::Result<()>;

    /// Reads one line, without its `\n` or `\r\n`; `None` at end of stream.
    /// The default reads ahead into `lookahead` (see the trait docs).
    ///
    /// # Errors
    /// `InvalidData` for a line over the limit or invalid UTF-8; the
    /// stream's read error.
    fn read_line(&mut self, lookahead: &mut LineBuffer) -> io::Result<Option<String>> {
        lookahead.read_line_from(self)
    }

    /// A short name for error messages: "file", "child stdin", "socket to
    /// 127.0.0.1:80".
    fn describe(&self) -> String;

    /// The file descriptor carrying exactly this stream's bytes, with none
    /// buffered above it once [`flush`](Self::flush) has run, for zero-copy
    /// [`copy`](crate::copy); `None` when there is none (TLS, read-ahead
    /// bytes, memory). Unix only.
    #[cfg(unix)]
    fn copy_fd(&self) -> Option<BorrowedFd<'_>> {
        None
    }

    /// The limit on each wait for this stream to take more bytes, when it
    /// has one (a socket's write timeout); [`copy`](crate::copy) bounds its
    /// own waits on [`copy_fd`](Self::copy_fd) with it. `None`: no limit.
    fn write_timeout(&self) -> Option<Duration> {
        None
    }
}

/// The error for a direction a stream does not have.
pub(crate) fn unsupported(stream: &str, operation: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::Unsupported,
        format!(
            "cannot {operation}: {stream} is not {}",
            match operation {
                "read" | "read a line" => "readable",
                _ => "writable",
            }
        ),
    )
}

/// Forwards the protocol through a pointer type.
macro_rules! forward_protocol {
    ($($pointer:ty),*) => {$(
        impl<T: StreamProtocol + ?Sized> StreamProtocol for $pointer {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                (**self).read(buf)
            }

            fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
                (**self).write(buf)
            }

            fn flush(&mut self) -> io::Result<()> {
                (**self).flush()
            }

            fn close(&mut self) -> io::Result<()> {
                (**self).close()
            }

            fn read_line(&mut self, lookahead: &mut LineBuffer) -> io::Result<Option<String>> {
                (**self).read_line(lookahead)
            }

            fn describe(&self) -> String {
                (**self).describe()
            }

            #[cfg(unix)]
            fn copy_fd(&self) -> Option<BorrowedFd<'_>> {
                (**self).copy_fd()
            }

            fn write_timeout(&self) -> Option<Duration> {
                (**self).write_timeout()
            }
        }
    )*};
}

forward_protocol!(&mut T, Box<T>);
