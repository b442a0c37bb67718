//! [`LineSplitter`]: the one line splitter of the workspace. It does no I/O,
//! so the socket's read buffer, its halves, the blocking twins and
//! sockets-stream's `LineBuffer` all split lines the same way.

use std::fmt;
use std::io;

/// The default limit on one line: 64 KiB.
///
/// # Examples
/// ```
/// assert_eq!(sockets_core::DEFAULT_MAX_LINE_LENGTH, 64 * 1024);
/// ```
pub const DEFAULT_MAX_LINE_LENGTH: usize = 64 * 1024;

/// Splits buffered bytes into lines, without doing any I/O.
///
/// Lines end with `\n` or `\r\n`, which are not part of the line; a last
/// line without a terminator is a line at end of stream. A line longer than
/// the limit (counted without its terminator) is reported once, as soon as
/// the limit is passed, and then everything up to and including its
/// terminator is dropped, however the bytes arrive: the next line is the one
/// after it, never a fragment of the rejected one. The buffer a reader keeps
/// for this never grows past the limit plus two bytes. This is the
/// behaviour of tokio-util's `LinesCodec` and of Python's
/// `StreamReader.readline`.
///
/// The owner keeps the bytes; the splitter only says what they hold. Call
/// [`split`](Self::split) with the bytes received and not yet consumed,
/// consume what it says, and tell the splitter of **every** byte consumed
/// with [`consume`](Self::consume) (the splitter remembers how far it has
/// already looked, so a long line arriving in small pieces is scanned once).
///
/// # Examples
/// ```
/// use sockets_core::{LineSplitter, Split};
///
/// let mut lines = LineSplitter::new(4);
/// let mut buffer: Vec<u8> = Vec::new();
/// let mut out = Vec::new();
/// // "toolong\n" arrives in two pieces; the line after it survives.
/// for piece in [&b"ok\r\ntoo"[..], b"long\nnext"] {
///     buffer.extend_from_slice(piece);
///     loop {
///         let step = lines.split(&buffer);
///         match step {
///             Split::Line { len, .. } => out.push(Ok(buffer[..len].to_vec())),
///             Split::TooLong { .. } => out.push(Err(())),
///             Split::Skip { .. } | Split::NeedMore { .. } => {}
///         }
///         let consumed = step.consumed();
///         buffer.drain(..consumed);
///         lines.consume(consumed);
///         if let Split::NeedMore { .. } = step {
///             break;
///         }
///     }
/// }
/// if let Some(Split::Line { len, .. }) = lines.finish(&buffer) {
///     out.push(Ok(buffer[..len].to_vec())); // end of stream: "next"
/// }
/// assert_eq!(out, [Ok(b"ok".to_vec()), Err(()), Ok(b"next".to_vec())]);
/// ```
#[derive(Clone)]
pub struct LineSplitter {
    max_line_length: usize,
    /// How many bytes at the front of the buffer hold no `\n`.
    scanned: usize,
    /// Dropping the rest of an over-long line, already reported.
    discarding: bool,
}

/// What the buffered bytes hold, from [`LineSplitter::split`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Split {
    /// A whole line: `buffered[..len]`, without its terminator; consume
    /// `consumed` bytes (the line and its terminator).
    Line {
        /// The line's length, without its terminator.
        len: usize,
        /// The bytes to consume.
        consumed: usize,
    },
    /// A line passed the limit: report it; consume (drop) `consumed` bytes.
    /// Reported once per line; its remaining bytes are dropped silently.
    TooLong {
        /// The bytes to consume.
        consumed: usize,
    },
    /// The end of a line already reported as too long: consume (drop)
    /// `consumed` bytes, then split again.
    Skip {
        /// The bytes to consume.
        consumed: usize,
    },
    /// No whole line yet: consume (drop) `consumed` bytes, possibly zero,
    /// then read more.
    NeedMore {
        /// The bytes to consume.
        consumed: usize,
    },
}

impl Split {
    /// The bytes to consume from the front of the buffer.
    ///
    /// # Examples
    /// ```
    /// use sockets_core::{LineSplitter, Split};
    /// assert_eq!(LineSplitter::new(8).split(b"ab\r\ncd").consumed(), 4);
    /// ```
    pub fn consumed(self) -> usize {
        match self {
            Split::Line { consumed, .. }
            | Split::TooLong { consumed }
            | Split::Skip { consumed }
            | Split::NeedMore { consumed } => consumed,
        }
    }
}

impl LineSplitter {
    /// A splitter for lines of at most `max_line_length` bytes.
    ///
    /// # Examples
    /// ```
    /// use sockets_core::LineSplitter;
    /// assert_eq!(LineSplitter::new(80).max_line_length(), 80);
    /// ```
    pub fn new(max_line_length: usize) -> LineSplitter {
        LineSplitter {
            max_line_length,
            scanned: 0,
            discarding: false,
        }
    }

    /// The limit on one line, in bytes, without its terminator.
    ///
    /// # Examples
    /// ```
    /// use sockets_core::{LineSplitter, DEFAULT_MAX_LINE_LENGTH};
    /// assert_eq!(LineSplitter::default().max_line_length(), DEFAULT_MAX_LINE_LENGTH);
    /// ```
    pub fn max_line_length(&self) -> usize {
        self.max_line_length
    }

    /// Notes that `n` bytes left the front of the buffer: every consume,
    /// whether a [`Split`] asked for it or a plain read took the bytes.
    ///
    /// # Examples
    /// ```
    /// use sockets_core::{LineSplitter, Split};
    /// let mut lines = LineSplitter::new(8);
    /// assert_eq!(lines.split(b"abc"), Split::NeedMore { consumed: 0 });
    /// lines.consume(1); // a plain read took "a"
    /// assert_eq!(lines.split(b"bc\n"), Split::Line { len: 2, consumed: 3 });
    /// ```
    pub fn consume(&mut self, n: usize) {
        self.scanned = self.scanned.saturating_sub(n);
    }

    /// Looks for the next line in `buffered`, the bytes received and not
    /// consumed yet (the same bytes as last time, less those consumed since,
    /// plus any new ones at the end).
    ///
    /// # Examples
    /// ```
    /// use sockets_core::{LineSplitter, Split};
    /// let mut lines = LineSplitter::new(3);
    /// assert_eq!(lines.split(b"abc\r\n"), Split::Line { len: 3, consumed: 5 });
    /// assert_eq!(lines.split(b"abcd"), Split::TooLong { consumed: 4 });
    /// ```
    #[inline] // the hot path of every line read: inlined into the callers' crates
    pub fn split(&mut self, buffered: &[u8]) -> Split {
        let from = self.scanned.min(buffered.len());
        let Some(i) = memchr::memchr(b'\n', &buffered[from..]) else {
            return self.no_newline(buffered);
        };
        let newline = from + i;
        self.scanned = 0;
        if std::mem::take(&mut self.discarding) {
            // The end of a line already reported: drop it, quietly.
            return Split::Skip {
                consumed: newline + 1,
            };
        }
        let len = match buffered[..newline].last() {
            Some(b'\r') => newline - 1,
            _ => newline,
        };
        match len > self.max_line_length {
            true => Split::TooLong {
                consumed: newline + 1,
            },
            false => Split::Line {
                len,
                consumed: newline + 1,
            },
        }
    }

    /// `split` without a `\n` in sight: wait, or give up on the line.
    #[inline(never)] // once per read from the transport, not per line
    fn no_newline(&mut self, buffered: &[u8]) -> Split {
        if self.discarding {
            self.scanned = 0;
            return Split::NeedMore {
                consumed: buffered.len(),
            };
        }
        self.scanned = buffered.len();
        // One byte over the limit may still be the `\r` of a `\r\n`.
        let limit = self.max_line_length.saturating_add(1);
        let over =
            buffered.len() > limit || (buffered.len() == limit && buffered.last() != Some(&b'\r'));
        if !over {
            return Split::NeedMore { consumed: 0 };
        }
        self.scanned = 0;
        self.discarding = true;
        Split::TooLong {
            consumed: buffered.len(),
        }
    }

    /// At end of stream: the unterminated last line in `buffered` (kept as
    /// it is, a final `\r` included), `TooLong` if it is over the limit,
    /// `Skip` for the rest of a line already reported, or `None` when
    /// nothing is left. Call it after `split` asked for more and the source
    /// ended, and again after a `Skip`.
    ///
    /// # Examples
    /// ```
    /// use sockets_core::{LineSplitter, Split};
    /// let mut lines = LineSplitter::new(8);
    /// assert_eq!(lines.finish(b"last"), Some(Split::Line { len: 4, consumed: 4 }));
    /// assert_eq!(lines.finish(b""), None);
    /// ```
    pub fn finish(&mut self, buffered: &[u8]) -> Option<Split> {
        self.scanned = 0;
        let len = buffered.len();
        if len == 0 {
            self.discarding = false;
            return None;
        }
        if std::mem::take(&mut self.discarding) {
            return Some(Split::Skip { consumed: len });
        }
        Some(match len > self.max_line_length {
            true => Split::TooLong { consumed: len },
            false => Split::Line { len, consumed: len },
        })
    }

    /// The error for a [`Split::TooLong`] line from `source` (a peer's
    /// address, "file"): `InvalidData`, naming the limit.
    ///
    /// # Examples
    /// ```
    /// use sockets_core::LineSplitter;
    /// let e = LineSplitter::new(16).too_long("127.0.0.1:80");
    /// assert_eq!(e.kind(), std::io::ErrorKind::InvalidData);
    /// assert!(e.to_string().contains("16 bytes"));
    /// ```
    pub fn too_long(&self, source: impl fmt::Display) -> io::Error {
        bad_line(format!(
            "line from {source} is longer than max_line_length ({} bytes); \
                 it was skipped up to its end, the next line reads normally",
            self.max_line_length
        ))
    }

    /// The line as text, or `InvalidData` naming `source` when it is not
    /// UTF-8 (the line is consumed either way; the next one reads normally).
    ///
    /// # Errors
    /// `InvalidData` for invalid UTF-8.
    ///
    /// # Examples
    /// ```
    /// use sockets_core::LineSplitter;
    /// assert_eq!(LineSplitter::text(b"ok".to_vec(), "file")?, "ok");
    /// let e = LineSplitter::text(vec![0xff], "file").unwrap_err();
    /// assert_eq!(e.kind(), std::io::ErrorKind::InvalidData);
    /// # std::io::Result::Ok(())
    /// ```
    #[inline]
    pub fn text(line: Vec<u8>, source: impl fmt::Display) -> io::Result<String> {
        String::from_utf8(line).map_err(|e| not_utf8(&source, e.utf8_error()))
    }

    /// Whether `error` is one of the splitter's line errors (too long, not
    /// UTF-8), which are recoverable: the next read gets the next line.
    /// Any other error of a connection ends its streams of lines.
    ///
    /// # Examples
    /// ```
    /// use sockets_core::LineSplitter;
    /// assert!(LineSplitter::is_line_error(&LineSplitter::new(1).too_long("file")));
    /// let reset = std::io::Error::from(std::io::ErrorKind::ConnectionReset);
    /// assert!(!LineSplitter::is_line_error(&reset));
    /// ```
    pub fn is_line_error(error: &io::Error) -> bool {
        let mut inner: Option<&(dyn std::error::Error + 'static)> = error
            .get_ref()
            .map(|e| e as &(dyn std::error::Error + 'static));
        while let Some(e) = inner {
            if e.is::<BadLine>() {
                return true;
            }
            inner = e.source();
        }
        false
    }
}

/// The payload of a line error, so [`LineSplitter::is_line_error`] can
/// tell it from an `InvalidData` of the connection (a TLS failure).
#[derive(Debug)]
struct BadLine(String);

impl fmt::Display for BadLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BadLine {}

/// The error of [`LineSplitter::text`], out of the hot path.
#[cold]
#[inline(never)]
fn not_utf8(source: &dyn fmt::Display, error: std::str::Utf8Error) -> io::Error {
    bad_line(format!(
        "line from {source} is not valid UTF-8 ({error}); read it as bytes for binary data"
    ))
}

fn bad_line(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, BadLine(message))
}

impl Default for LineSplitter {
    /// A splitter with the [`DEFAULT_MAX_LINE_LENGTH`].
    fn default() -> Self {
        LineSplitter::new(DEFAULT_MAX_LINE_LENGTH)
    }
}

impl fmt::Debug for LineSplitter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LineSplitter")
            .field("max_line_length", &self.max_line_length)
            .field("discarding", &self.discarding)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    /// What the lines of `data` are, by definition: split at `\n`, drop a
    /// `\r` before it, an unterminated rest is the last line; each line over
    /// `max` is one error.
    fn reference(data: &[u8], max: usize) -> Vec<Result<Vec<u8>, ()>> {
        let mut pieces: Vec<&[u8]> = data.split(|b| *b == b'\n').collect();
        let last = pieces.pop().filter(|rest| !rest.is_empty());
        let terminated = pieces
            .into_iter()
            .map(|p| p.strip_suffix(b"\r").unwrap_or(p));
        terminated
            .chain(last)
            .map(|line| match line.len() > max {
                true => Err(()),
                false => Ok(line.to_vec()),
            })
            .collect()
    }

    fn stream() -> impl Strategy<Value = Vec<u8>> {
        let byte = prop_oneof![Just(b'a'), Just(b'x'), Just(b'\r'), Just(b'\n'), Just(0xff)];
        prop::collection::vec(byte, 0..400)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]

        /// The socket's read buffer, fed the bytes in random segments,
        /// gives the lines of the definition: segmentation never matters.
        #[test]
        fn any_segmentation_gives_the_reference_lines(
            data in stream(),
            cuts in prop::collection::vec(0usize..400, 0..40),
            max in 1usize..24,
        ) {
            let got = crate::fuzz::read_lines(&data, &cuts, max);
            prop_assert_eq!(got, reference(&data, max));
        }
    }

    #[test]
    fn the_issue_input_resyncs_at_the_end_of_the_long_line() {
        let mut data = vec![b'x'; 40];
        data.extend_from_slice(b"TAILTAIL\nnext\n");
        let got = crate::fuzz::read_lines(&data, &[40], 16);
        assert_eq!(got, vec![Err(()), Ok(b"next".to_vec())]);
    }
}
