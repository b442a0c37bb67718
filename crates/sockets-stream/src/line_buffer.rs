//! [`LineBuffer`]: read-ahead for streams without a buffer of their own.

use std::fmt;
use std::io;

use sockets_blocking::{LineSplitter, Split, DEFAULT_MAX_LINE_LENGTH};

use crate::protocol::StreamProtocol;

const CHUNK: usize = 8 * 1024;

/// Bytes read ahead of the caller while looking for the end of a line.
///
/// ```
/// use sockets_stream::LineBuffer;
///
/// let mut source: &[u8] = b"first\r\nsecond\nrest";
/// let mut lookahead = LineBuffer::new(1024);
/// assert_eq!(lookahead.read_line_from(&mut source)?.as_deref(), Some("first"));
/// // Bytes read ahead are served to readers first: nothing is lost.
/// let mut out = [0u8; 64];
/// let n = lookahead.take_buffered(&mut out);
/// assert_eq!(&out[..n], b"second\nrest");
/// # std::io::Result::Ok(())
/// ```
///
/// Owned by whoever iterates lines ([`IoStream`](crate::IoStream) keeps one);
/// reads must take [`take_buffered`](Self::take_buffered) bytes first, so no
/// byte is lost when reads and lines mix. Lines are split by the sockets'
/// own [`LineSplitter`], so they follow the same rules: no `\n` or `\r\n`,
/// an unterminated last line is returned, a line with invalid UTF-8 is
/// `InvalidData`, and so is a line over the limit, which is then skipped up
/// to its end however its bytes arrive (the next line reads normally).
pub struct LineBuffer {
    bytes: Vec<u8>,
    start: usize,
    lines: LineSplitter,
}

impl Default for LineBuffer {
    fn default() -> Self {
        LineBuffer::new(DEFAULT_MAX_LINE_LENGTH)
    }
}

impl LineBuffer {
    /// An empty buffer for lines of at most `max_line_length` bytes.
    ///
    /// # Examples
    /// ```
    /// use sockets_stream::LineBuffer;
    /// let mut lookahead = LineBuffer::new(1024);
    /// assert_eq!(lookahead.max_line_length(), 1024);
    /// assert!(lookahead.is_empty());
    /// # std::io::Result::Ok(())
    /// ```
    pub fn new(max_line_length: usize) -> LineBuffer {
        LineBuffer {
            bytes: Vec::new(),
            start: 0,
            lines: LineSplitter::new(max_line_length),
        }
    }

    /// The limit on one line.
    ///
    /// # Examples
    /// ```
    /// use sockets_stream::{LineBuffer, DEFAULT_MAX_LINE_LENGTH};
    /// assert_eq!(LineBuffer::default().max_line_length(), DEFAULT_MAX_LINE_LENGTH);
    /// # std::io::Result::Ok(())
    /// ```
    pub fn max_line_length(&self) -> usize {
        self.lines.max_line_length()
    }

    /// Whether no bytes are buffered.
    ///
    /// # Examples
    /// ```
    /// use sockets_stream::LineBuffer;
    /// let mut lookahead = LineBuffer::new(1024);
    /// lookahead.push(b"x");
    /// assert!(!lookahead.is_empty());
    /// # std::io::Result::Ok(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.start == self.bytes.len()
    }

    /// Moves up to `out.len()` buffered bytes into `out`; returns how many.
    ///
    /// # Examples
    /// ```
    /// use sockets_stream::LineBuffer;
    /// let mut lookahead = LineBuffer::new(1024);
    /// lookahead.push(b"abcdef");
    /// let mut out = [0u8; 4];
    /// assert_eq!(lookahead.take_buffered(&mut out), 4);
    /// assert_eq!(&out, b"abcd");
    /// assert_eq!(lookahead.buffered(), b"ef");
    /// # std::io::Result::Ok(())
    /// ```
    pub fn take_buffered(&mut self, out: &mut [u8]) -> usize {
        let available = &self.bytes[self.start..];
        let n = available.len().min(out.len());
        out[..n].copy_from_slice(&available[..n]);
        self.start += n;
        self.lines.consume(n);
        if self.is_empty() {
            self.bytes.clear();
            self.start = 0;
        }
        n
    }

    /// The buffered bytes.
    ///
    /// # Examples
    /// ```
    /// use sockets_stream::LineBuffer;
    /// let mut lookahead = LineBuffer::new(1024);
    /// lookahead.push(b"ahead");
    /// assert_eq!(lookahead.buffered(), b"ahead");
    /// # std::io::Result::Ok(())
    /// ```
    pub fn buffered(&self) -> &[u8] {
        &self.bytes[self.start..]
    }

    /// Marks `n` buffered bytes as read.
    ///
    /// # Examples
    /// ```
    /// use sockets_stream::LineBuffer;
    /// let mut lookahead = LineBuffer::new(1024);
    /// lookahead.push(b"skip me");
    /// lookahead.consume(5);
    /// assert_eq!(lookahead.buffered(), b"me");
    /// # std::io::Result::Ok(())
    /// ```
    pub fn consume(&mut self, n: usize) {
        let n = n.min(self.bytes.len() - self.start);
        self.start += n;
        self.lines.consume(n);
        if self.is_empty() {
            self.bytes.clear();
            self.start = 0;
        }
    }

    /// Appends bytes read ahead of the caller.
    ///
    /// # Examples
    /// ```
    /// use sockets_stream::LineBuffer;
    /// let mut lookahead = LineBuffer::new(1024);
    /// lookahead.push(b"line\nrest");
    /// let mut empty: &[u8] = b"";
    /// assert_eq!(lookahead.read_line_from(&mut empty)?.as_deref(), Some("line"));
    /// assert_eq!(lookahead.buffered(), b"rest");
    /// # std::io::Result::Ok(())
    /// ```
    pub fn push(&mut self, bytes: &[u8]) {
        self.bytes.extend_from_slice(bytes);
    }

    /// All buffered bytes, leaving the buffer empty.
    ///
    /// # Examples
    /// ```
    /// use sockets_stream::LineBuffer;
    /// let mut lookahead = LineBuffer::new(1024);
    /// lookahead.push(b"all of it");
    /// assert_eq!(lookahead.take_all(), b"all of it");
    /// assert!(lookahead.is_empty());
    /// # std::io::Result::Ok(())
    /// ```
    pub fn take_all(&mut self) -> Vec<u8> {
        let mut bytes = std::mem::take(&mut self.bytes);
        bytes.drain(..self.start);
        self.start = 0;
        self.lines.consume(bytes.len());
        bytes
    }

    /// Reads one line from `source` through this buffer.
    ///
    /// # Errors
    /// `InvalidData` for a line over the limit (it is skipped up to its end,
    /// and the next call reads the line after it) or invalid UTF-8; the
    /// source's read error.
    ///
    /// # Examples
    /// ```
    /// use sockets_stream::LineBuffer;
    /// let mut lookahead = LineBuffer::new(1024);
    /// let mut source: &[u8] = b"one\r\ntwo";
    /// assert_eq!(lookahead.read_line_from(&mut source)?.as_deref(), Some("one"));
    /// assert_eq!(lookahead.read_line_from(&mut source)?.as_deref(), Some("two"));
    /// assert_eq!(lookahead.read_line_from(&mut source)?, None);
    /// # std::io::Result::Ok(())
    /// ```
    pub fn read_line_from<S: StreamProtocol + ?Sized>(
        &mut self,
        source: &mut S,
    ) -> io::Result<Option<String>> {
        loop {
            let step = self.lines.split(&self.bytes[self.start..]);
            if let Some(line) = self.take_step(step, source) {
                return line.map(Some);
            }
            if let Split::Skip { .. } = step {
                continue;
            }
            if self.fill(source)? == 0 {
                while let Some(step) = self.lines.finish(&self.bytes[self.start..]) {
                    if let Some(line) = self.take_step(step, source) {
                        return line.map(Some);
                    }
                }
                return Ok(None);
            }
        }
    }

    /// Consumes what `step` covers; the line it found, or its error.
    fn take_step<S: StreamProtocol + ?Sized>(
        &mut self,
        step: Split,
        source: &S,
    ) -> Option<io::Result<String>> {
        let line = match step {
            Split::Line { len, .. } => {
                let line = self.bytes[self.start..self.start + len].to_vec();
                Some(LineSplitter::text(line, source.describe()))
            }
            Split::TooLong { .. } => Some(Err(self.lines.too_long(source.describe()))),
            Split::Skip { .. } | Split::NeedMore { .. } => None,
        };
        self.consume(step.consumed());
        line
    }

    fn fill<S: StreamProtocol + ?Sized>(&mut self, source: &mut S) -> io::Result<usize> {
        if self.start > 0 {
            self.bytes.drain(..self.start);
            self.start = 0;
        }
        let len = self.bytes.len();
        self.bytes.resize(len + CHUNK, 0);
        let outcome = source.read(&mut self.bytes[len..]);
        self.bytes.truncate(len + *outcome.as_ref().unwrap_or(&0));
        outcome
    }
}

impl fmt::Debug for LineBuffer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LineBuffer")
            .field("buffered", &(self.bytes.len() - self.start))
            .field("max_line_length", &self.lines.max_line_length())
            .finish()
    }
}
