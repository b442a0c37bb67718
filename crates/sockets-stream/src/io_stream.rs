//! [`IoStream`]: the fluent wrapper over anything that speaks the protocol.

use std::fmt;
use std::io::{self, BufRead, Read, Write};

use sockets_blocking::LineSplitter;

use crate::line_buffer::LineBuffer;
use crate::lines::Lines;
use crate::protocol::StreamProtocol;

/// A fluent wrapper over any [`StreamProtocol`] stream: `read(n)`,
/// `read_all`, `read_line`, `lines`, `write`, `writeln`, `flush`, `close`.
///
/// It is an `Iterator` of lines (`for line in &mut stream`), std `Read` and
/// `Write`, and `BufRead` on `&mut IoStream` (so `stream.lines()` stays the
/// inherent method with `BufRead` in scope). Bytes read ahead while looking
/// for a line are served to later reads first; over a socket no second
/// buffer is added, lines come from the socket's own.
///
/// [`close`](Self::close) closes and drops the stream, which releases pipes
/// and files for good (a child waiting on its stdin sees end of file); any
/// later call fails with `NotConnected`.
///
/// # Errors and the end of iteration
/// A line over the limit or not UTF-8 is a recoverable `InvalidData` error:
/// the next read gets the next line, and iteration goes on. Any other error
/// of the stream (a reset, TLS, I/O; a timeout and `Interrupted` excepted)
/// is fatal: later reads fail at once with the same kind, and the line
/// iterators end with `None`, as they do at end of stream and after close,
/// so a loop over them always ends and never spins on errors.
///
/// # Examples
/// The scripting module's server handler, in Rust:
/// ```
/// use sockets_blocking::{dial, serve, DialOptions};
/// use sockets_stream::IoStream;
///
/// let server = serve("127.0.0.1", 0, |raw| {
///     let mut s = IoStream::new(raw.stream);
///     s.writeln("hello from sockets")?;
///     s.close()
/// })?;
/// let client = dial("127.0.0.1", server.local_addr().port(), DialOptions::default())?;
/// let mut client = IoStream::new(client);
/// assert_eq!(client.read_line()?.as_deref(), Some("hello from sockets"));
/// server.close()?;
/// # std::io::Result::Ok(())
/// ```
pub struct IoStream<S: StreamProtocol> {
    inner: Option<S>,
    lookahead: LineBuffer,
    name: String,
    lines_done: bool,
    /// The kind and message of the first fatal read error.
    failed: Option<(io::ErrorKind, String)>,
}

/// Whether a read may go on after `error`: a bad line, a timeout, a signal.
fn recoverable(error: &io::Error) -> bool {
    LineSplitter::is_line_error(error)
        || matches!(
            error.kind(),
            io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock | io::ErrorKind::Interrupted
        )
}

impl<S: StreamProtocol> IoStream<S> {
    /// Wraps `inner`, with lines of at most 64 KiB (streams with their own
    /// limit, like sockets, use theirs).
    ///
    /// # Examples
    /// ```
    /// use sockets_stream::IoStream;
    /// let mut stream = IoStream::new(&b"from a slice\n"[..]);
    /// assert_eq!(stream.read_line()?.as_deref(), Some("from a slice"));
    /// # std::io::Result::Ok(())
    /// ```
    pub fn new(inner: S) -> IoStream<S> {
        IoStream::with_max_line_length(inner, crate::DEFAULT_MAX_LINE_LENGTH)
    }

    /// Wraps `inner`, with lines of at most `max_line_length` bytes.
    ///
    /// # Examples
    /// ```
    /// use sockets_stream::IoStream;
    /// let mut stream = IoStream::with_max_line_length(&b"too long\n"[..], 3);
    /// assert_eq!(stream.read_line().unwrap_err().kind(), std::io::ErrorKind::InvalidData);
    /// # std::io::Result::Ok(())
    /// ```
    pub fn with_max_line_length(inner: S, max_line_length: usize) -> IoStream<S> {
        IoStream {
            name: inner.describe(),
            inner: Some(inner),
            lookahead: LineBuffer::new(max_line_length),
            lines_done: false,
            failed: None,
        }
    }

    /// The fatal read error again, if one happened; `Ok` otherwise.
    #[inline]
    fn check_failed(&self) -> io::Result<()> {
        match &self.failed {
            // Closed says NotConnected, as documented, whatever came before.
            _ if self.inner.is_none() => Ok(()),
            None => Ok(()),
            Some((kind, message)) => Err(io::Error::new(
                *kind,
                format!(
                    "{message} (an earlier error ended reading from {})",
                    self.name
                ),
            )),
        }
    }

    /// Passes a read's outcome through, noting a fatal error.
    #[inline]
    fn note<T>(&mut self, outcome: io::Result<T>) -> io::Result<T> {
        if let Err(e) = &outcome {
            if !recoverable(e) && self.inner.is_some() {
                self.failed = Some((e.kind(), e.to_string()));
            }
        }
        outcome
    }

    fn inner(&mut self, operation: &str) -> io::Result<&mut S> {
        match self.inner.as_mut() {
            Some(inner) => Ok(inner),
            None => Err(io::Error::new(
                io::ErrorKind::NotConnected,
                format!("cannot {operation}: {} is closed", self.name),
            )),
        }
    }

    /// Reads up to `n` bytes, waiting for at least one; empty at end.
    ///
    /// # Errors
    /// `NotConnected` after close; the stream's error.
    ///
    /// # Examples
    /// ```
    /// use sockets_stream::IoStream;
    /// let mut stream = IoStream::new(std::io::Cursor::new(b"alpha\nbeta\n".to_vec()));
    /// let head = stream.read(3)?; // up to 3 bytes, at least one
    /// assert!(!head.is_empty() && b"alp".starts_with(&head));
    /// # std::io::Result::Ok(())
    /// ```
    pub fn read(&mut self, n: usize) -> io::Result<Vec<u8>> {
        // A read returns what has arrived: never reserve a huge `n` up front.
        let mut out = vec![0; n.min(64 * 1024)];
        let got = Read::read(self, &mut out)?;
        out.truncate(got);
        Ok(out)
    }

    /// Reads everything up to end of stream.
    ///
    /// # Errors
    /// `NotConnected` after close; the stream's error.
    ///
    /// # Examples
    /// ```
    /// use sockets_stream::IoStream;
    /// let mut stream = IoStream::new(std::io::Cursor::new(b"alpha\nbeta\n".to_vec()));
    /// assert_eq!(stream.read_line()?.as_deref(), Some("alpha"));
    /// assert_eq!(stream.read_all()?, b"beta\n"); // nothing lost
    /// # std::io::Result::Ok(())
    /// ```
    pub fn read_all(&mut self) -> io::Result<Vec<u8>> {
        self.check_failed()?;
        let mut out = self.lookahead.take_all();
        let inner = self.inner("read")?;
        let mut chunk = vec![0; 64 * 1024];
        let outcome = loop {
            match inner.read(&mut chunk) {
                Ok(0) => break Ok(out),
                Ok(n) => out.extend_from_slice(&chunk[..n]),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => break Err(e),
            }
        };
        self.note(outcome)
    }

    /// Reads one line, without its `\n` or `\r\n`; `None` at end.
    ///
    /// # Errors
    /// `InvalidData` for a line over the limit or invalid UTF-8;
    /// `NotConnected` after close; the stream's error.
    ///
    /// # Examples
    /// ```
    /// use sockets_stream::IoStream;
    /// let mut stream = IoStream::new(std::io::Cursor::new(b"alpha\nbeta\n".to_vec()));
    /// assert_eq!(stream.read_line()?.as_deref(), Some("alpha"));
    /// assert_eq!(stream.read_line()?.as_deref(), Some("beta"));
    /// assert_eq!(stream.read_line()?, None);
    /// # std::io::Result::Ok(())
    /// ```
    #[inline]
    pub fn read_line(&mut self) -> io::Result<Option<String>> {
        self.check_failed()?;
        let outcome = match self.inner.as_mut() {
            Some(inner) => inner.read_line(&mut self.lookahead),
            None => self.inner("read a line").map(|_| None),
        };
        self.note(outcome)
    }

    /// An iterator over the remaining lines; it ends at end of stream,
    /// after a fatal error and after close (see the type's docs).
    ///
    /// # Examples
    /// ```
    /// use sockets_stream::IoStream;
    /// let mut stream = IoStream::new(std::io::Cursor::new(b"alpha\nbeta\n".to_vec()));
    /// let lines: Vec<String> = stream.lines().collect::<std::io::Result<_>>()?;
    /// assert_eq!(lines, ["alpha", "beta"]);
    /// # std::io::Result::Ok(())
    /// ```
    pub fn lines(&mut self) -> Lines<'_, S> {
        Lines::new(self)
    }

    /// Writes all of `buf`, where `std::io::Write::write` may write part of
    /// it.
    ///
    /// # Errors
    /// `NotConnected` after close; `Unsupported` for a read-only stream.
    ///
    /// # Examples
    /// ```
    /// use sockets_stream::IoStream;
    /// let mut stream = IoStream::new(Vec::new());
    /// stream.write(b"bytes")?;
    /// assert_eq!(stream.into_inner().expect("open"), b"bytes");
    /// # std::io::Result::Ok(())
    /// ```
    pub fn write(&mut self, buf: &[u8]) -> io::Result<()> {
        Write::write_all(self, buf)
    }

    /// Writes `line` and `"\n"` in one write.
    ///
    /// # Errors
    /// As [`write`](Self::write).
    ///
    /// # Examples
    /// ```
    /// use sockets_stream::IoStream;
    /// let mut stream = IoStream::new(Vec::new());
    /// stream.writeln("a line")?;
    /// assert_eq!(stream.into_inner().expect("open"), b"a line\n");
    /// # std::io::Result::Ok(())
    /// ```
    pub fn writeln(&mut self, line: &str) -> io::Result<()> {
        let mut buf = Vec::with_capacity(line.len() + 1);
        buf.extend_from_slice(line.as_bytes());
        buf.push(b'\n');
        self.write(&buf)
    }

    /// Sends anything the stream buffers.
    ///
    /// # Errors
    /// `NotConnected` after close; the stream's error.
    ///
    /// # Examples
    /// ```
    /// use sockets_stream::IoStream;
    /// let mut stream = IoStream::new(Vec::new());
    /// stream.writeln("x")?;
    /// stream.flush()?;
    /// # std::io::Result::Ok(())
    /// ```
    pub fn flush(&mut self) -> io::Result<()> {
        self.inner("flush")?.flush()
    }

    /// Closes the stream and drops it. Idempotent. Dropping an `IoStream`
    /// over a socket also ends the connection cleanly, without waiting or
    /// reporting; `close()` waits for the flush and returns its error.
    ///
    /// # Errors
    /// The stream's error while closing (it is dropped anyway).
    ///
    /// # Examples
    /// ```
    /// use sockets_stream::IoStream;
    /// let mut stream = IoStream::new(std::io::Cursor::new(b"alpha\nbeta\n".to_vec()));
    /// stream.close()?;
    /// stream.close()?; // idempotent
    /// assert_eq!(stream.read_line().unwrap_err().kind(), std::io::ErrorKind::NotConnected);
    /// # std::io::Result::Ok(())
    /// ```
    pub fn close(&mut self) -> io::Result<()> {
        match self.inner.take() {
            Some(mut inner) => inner.close(),
            None => Ok(()),
        }
    }

    /// Whether [`close`](Self::close) has run.
    ///
    /// # Examples
    /// ```
    /// use sockets_stream::IoStream;
    /// let mut stream = IoStream::new(std::io::Cursor::new(b"alpha\nbeta\n".to_vec()));
    /// assert!(!stream.is_closed());
    /// stream.close()?;
    /// assert!(stream.is_closed());
    /// # std::io::Result::Ok(())
    /// ```
    pub fn is_closed(&self) -> bool {
        self.inner.is_none()
    }

    /// The wrapped stream, unless closed, for what the protocol does not
    /// cover (a socket's `close_write`). Reading from it directly skips
    /// the bytes read ahead for lines.
    ///
    /// # Examples
    /// ```
    /// use sockets_stream::IoStream;
    /// let mut stream = IoStream::new(Vec::new());
    /// stream.get_mut().expect("open").extend_from_slice(b"direct");
    /// assert_eq!(stream.into_inner().expect("open"), b"direct");
    /// ```
    pub fn get_mut(&mut self) -> Option<&mut S> {
        self.inner.as_mut()
    }

    /// The stream, unless closed. Bytes read ahead for lines and not yet
    /// read are lost with the wrapper; see [`into_parts`](Self::into_parts).
    ///
    /// # Examples
    /// ```
    /// use sockets_stream::IoStream;
    /// let mut stream = IoStream::new(std::io::Cursor::new(b"alpha\nbeta\n".to_vec()));
    /// let cursor = stream.into_inner().expect("not closed");
    /// assert_eq!(cursor.position(), 0); // nothing was read
    /// # std::io::Result::Ok(())
    /// ```
    pub fn into_inner(self) -> Option<S> {
        self.inner
    }

    /// The stream (unless closed) and the bytes read ahead of the caller.
    ///
    /// # Examples
    /// ```
    /// use sockets_stream::IoStream;
    /// let mut stream = IoStream::new(std::io::Cursor::new(b"alpha\nbeta\n".to_vec()));
    /// assert_eq!(stream.read_line()?.as_deref(), Some("alpha"));
    /// let (_cursor, read_ahead) = stream.into_parts();
    /// assert_eq!(read_ahead, b"beta\n"); // read ahead of the caller, handed back
    /// # std::io::Result::Ok(())
    /// ```
    pub fn into_parts(mut self) -> (Option<S>, Vec<u8>) {
        let pending = self.lookahead.take_all();
        (self.inner, pending)
    }
}

impl<S: StreamProtocol> Read for IoStream<S> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if !self.lookahead.is_empty() {
            return Ok(self.lookahead.take_buffered(buf));
        }
        self.check_failed()?;
        let outcome = self.inner("read")?.read(buf);
        self.note(outcome)
    }
}

impl<S: StreamProtocol> Write for IoStream<S> {
    /// Writes some of `buf` and returns how many bytes, as
    /// `std::io::Write::write` does (the inherent `write` writes all).
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.inner("write")?.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        IoStream::flush(self)
    }
}

/// On `&mut`: `BufRead::lines` takes `self`, and an impl on `IoStream`
/// would make `stream.lines()` consume the stream.
impl<S: StreamProtocol> BufRead for &mut IoStream<S> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.lookahead.is_empty() {
            self.check_failed()?;
            let mut chunk = [0u8; 8 * 1024];
            let outcome = self.inner("read")?.read(&mut chunk);
            let n = self.note(outcome)?;
            self.lookahead.push(&chunk[..n]);
        }
        Ok(self.lookahead.buffered())
    }

    fn consume(&mut self, amt: usize) {
        self.lookahead.consume(amt);
    }
}

/// `for line in &mut stream`: the lines, ending at end of stream, after a
/// fatal error and after close; a bad line is an error item.
impl<S: StreamProtocol> Iterator for IoStream<S> {
    type Item = io::Result<String>;

    fn next(&mut self) -> Option<io::Result<String>> {
        if self.lines_done || self.failed.is_some() || self.inner.is_none() {
            return None;
        }
        let item = self.read_line().transpose();
        self.lines_done = item.is_none();
        item
    }
}

/// An `IoStream` speaks the protocol too, so it can be a side of
/// [`copy`](crate::copy) or wrapped again.
impl<S: StreamProtocol> StreamProtocol for IoStream<S> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        Read::read(self, buf)
    }

    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        Write::write(self, buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        IoStream::flush(self)
    }

    fn close(&mut self) -> io::Result<()> {
        IoStream::close(self)
    }

    fn read_line(&mut self, lookahead: &mut LineBuffer) -> io::Result<Option<String>> {
        match lookahead.is_empty() {
            true => IoStream::read_line(self),
            false => lookahead.read_line_from(self),
        }
    }

    fn describe(&self) -> String {
        self.name.clone()
    }

    #[cfg(unix)]
    fn copy_fd(&self) -> Option<std::os::fd::BorrowedFd<'_>> {
        match self.lookahead.is_empty() {
            true => self.inner.as_ref()?.copy_fd(),
            false => None,
        }
    }

    fn write_timeout(&self) -> Option<std::time::Duration> {
        self.inner.as_ref()?.write_timeout()
    }
}

impl<S: StreamProtocol> fmt::Debug for IoStream<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IoStream")
            .field("stream", &self.name)
            .field("closed", &self.is_closed())
            .field("lookahead", &self.lookahead)
            .finish()
    }
}
