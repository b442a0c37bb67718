//! The one read buffer every read of a socket goes through.
//!
//! `read`, `read_line`, `read_all`, `AsyncRead` and `AsyncBufRead` all take
//! bytes from here, so mixing them never loses or reorders a byte. Bytes stay
//! in the buffer until a call returns them, which makes every read
//! cancel-safe: a `read_line` dropped half-way (a timeout, a `select!`)
//! leaves its partial line for the next call.
//!
//! The buffer is allocated when a read needs it and released when it is empty
//! and the socket would block, so an idle connection holds no buffer at all.
//!
//! Lines are split by the workspace's one [`LineSplitter`], which also
//! resynchronizes after an over-long line.

use std::io;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use futures_io::AsyncRead;

use crate::line_splitter::{LineSplitter, Split};

/// Bytes read from the peer per refill, and the buffer's starting size.
pub(crate) const CHUNK: usize = 8 * 1024;

/// The most one `read(n)` allocates, whatever `n` the caller asks for: a
/// read returns what has arrived, so a huge `n` must not reserve memory.
pub(crate) const MAX_DIRECT_READ: usize = 64 * 1024;

/// Buffered bytes in `storage[start..end]`.
#[derive(Debug)]
pub(crate) struct ReadBuffer {
    storage: Vec<u8>,
    start: usize,
    end: usize,
    lines: LineSplitter,
}

/// A line as found by [`ReadBuffer::poll_line`].
pub(crate) enum Line {
    /// A whole line, without its terminator.
    Bytes(Vec<u8>),
    /// The line passed the length limit; it is dropped up to its end.
    TooLong,
    /// End of stream with nothing buffered.
    End,
}

impl ReadBuffer {
    /// An empty buffer for lines of at most `max_line_length` bytes.
    pub(crate) fn new(max_line_length: usize) -> Self {
        ReadBuffer {
            storage: Vec::new(),
            start: 0,
            end: 0,
            lines: LineSplitter::new(max_line_length),
        }
    }

    /// The line splitter, for its limit and errors.
    pub(crate) fn splitter(&self) -> &LineSplitter {
        &self.lines
    }

    /// The buffered bytes.
    #[inline]
    pub(crate) fn buffered(&self) -> &[u8] {
        &self.storage[self.start..self.end]
    }

    /// Marks `n` buffered bytes as read.
    #[inline]
    pub(crate) fn consume(&mut self, n: usize) {
        let n = n.min(self.end - self.start);
        self.start += n;
        self.lines.consume(n);
        if self.start == self.end {
            self.start = 0;
            self.end = 0;
        }
    }

    /// Frees the storage when nothing is buffered (idle sockets cost nothing).
    pub(crate) fn release_if_empty(&mut self) {
        if self.start == self.end {
            self.storage = Vec::new();
            self.start = 0;
            self.end = 0;
        }
    }

    /// Reads more bytes from `io` into the buffer, growing it up to
    /// `max_size` when it is full; returns how many were read (0 = end).
    fn poll_fill<R: AsyncRead + ?Sized>(
        &mut self,
        cx: &mut Context<'_>,
        io: Pin<&mut R>,
        max_size: usize,
    ) -> Poll<io::Result<usize>> {
        self.make_room(max_size);
        let outcome = io.poll_read(cx, &mut self.storage[self.end..]);
        match outcome {
            Poll::Ready(Ok(n)) => {
                self.end += n;
                Poll::Ready(Ok(n))
            }
            Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
            Poll::Pending => {
                self.release_if_empty();
                Poll::Pending
            }
        }
    }

    /// Ensures free space after `end`: allocate, move the buffered bytes to
    /// the front, or grow (never past `max_size` unless already larger).
    fn make_room(&mut self, max_size: usize) {
        let len = self.storage.len();
        if len == 0 {
            self.storage = vec![0; CHUNK];
            return;
        }
        let free = len - self.end;
        if self.start > 0 && free < len / 2 {
            self.storage.copy_within(self.start..self.end, 0);
            self.end -= self.start;
            self.start = 0;
        }
        if self.end == len {
            let grown = (len * 2).min(max_size.max(len + 1));
            self.storage.resize(grown, 0);
        }
    }

    /// `AsyncBufRead::poll_fill_buf`: the buffered bytes, reading if empty.
    pub(crate) fn poll_fill_buf<R: AsyncRead + ?Sized>(
        &mut self,
        cx: &mut Context<'_>,
        io: Pin<&mut R>,
    ) -> Poll<io::Result<&[u8]>> {
        if self.start == self.end {
            ready!(self.poll_fill(cx, io, CHUNK))?;
        }
        Poll::Ready(Ok(self.buffered()))
    }

    /// `AsyncRead::poll_read`: buffered bytes first; a large read with an
    /// empty buffer goes straight to `io`, skipping a copy.
    pub(crate) fn poll_read<R: AsyncRead + ?Sized>(
        &mut self,
        cx: &mut Context<'_>,
        io: Pin<&mut R>,
        out: &mut [u8],
    ) -> Poll<io::Result<usize>> {
        if self.start == self.end && out.len() >= CHUNK {
            self.release_if_empty();
            return io.poll_read(cx, out);
        }
        let available = ready!(self.poll_fill_buf(cx, io))?;
        let n = available.len().min(out.len());
        out[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Poll::Ready(Ok(n))
    }

    /// Reads up to `n` bytes, waiting for at least one; empty = end.
    /// Allocates at most [`MAX_DIRECT_READ`] bytes, never `n` up front.
    pub(crate) fn poll_read_up_to<R: AsyncRead + ?Sized>(
        &mut self,
        cx: &mut Context<'_>,
        io: Pin<&mut R>,
        n: usize,
    ) -> Poll<io::Result<Vec<u8>>> {
        if n == 0 {
            return Poll::Ready(Ok(Vec::new()));
        }
        if self.start == self.end && n >= CHUNK {
            let mut out = vec![0; n.min(MAX_DIRECT_READ)];
            let read = ready!(io.poll_read(cx, &mut out))?;
            out.truncate(read);
            return Poll::Ready(Ok(out));
        }
        let available = ready!(self.poll_fill_buf(cx, io))?;
        let out = available[..available.len().min(n)].to_vec();
        self.consume(out.len());
        Poll::Ready(Ok(out))
    }

    /// Reads everything up to end of stream. The bytes collect in the buffer
    /// itself, so a call dropped half-way loses nothing.
    pub(crate) fn poll_read_to_end<R: AsyncRead + ?Sized>(
        &mut self,
        cx: &mut Context<'_>,
        mut io: Pin<&mut R>,
    ) -> Poll<io::Result<Vec<u8>>> {
        loop {
            if ready!(self.poll_fill(cx, io.as_mut(), usize::MAX))? == 0 {
                return Poll::Ready(Ok(self.take_all()));
            }
        }
    }

    fn take_all(&mut self) -> Vec<u8> {
        let mut storage = std::mem::take(&mut self.storage);
        storage.truncate(self.end);
        storage.drain(..self.start);
        self.lines.consume(self.end - self.start);
        self.start = 0;
        self.end = 0;
        storage
    }

    /// Takes one whole line from the buffer without any I/O, if there is
    /// one (or if the buffered part of a line is already too long).
    #[inline(always)] // per line: a call here costs as much as the split
    pub(crate) fn take_line(&mut self) -> Option<Line> {
        // The common case inline: a whole line, copied out and consumed.
        let step = self.lines.split(&self.storage[self.start..self.end]);
        if let Split::Line { len, consumed } = step {
            let line = self.storage[self.start..self.start + len].to_vec();
            self.consume(consumed);
            return Some(Line::Bytes(line));
        }
        self.take_line_after(step)
    }

    /// `take_line` for any other step: too long, skip, need more.
    #[inline(never)]
    fn take_line_after(&mut self, first: Split) -> Option<Line> {
        let mut step = first;
        loop {
            let line = self.line(step);
            self.consume(step.consumed());
            match step {
                Split::NeedMore { .. } => return None,
                Split::Skip { .. } => {}
                Split::Line { .. } | Split::TooLong { .. } => return line,
            }
            step = self.lines.split(&self.storage[self.start..self.end]);
        }
    }

    /// The line a step found, copied out before it is consumed.
    #[inline]
    fn line(&self, step: Split) -> Option<Line> {
        match step {
            Split::Line { len, .. } => Some(Line::Bytes(self.buffered()[..len].to_vec())),
            Split::TooLong { .. } => Some(Line::TooLong),
            Split::Skip { .. } | Split::NeedMore { .. } => None,
        }
    }

    /// Reads one line, without its `\n` or `\r\n`. A line of more than
    /// the limit fails as soon as that many bytes have arrived and is
    /// dropped up to its end; the buffer never grows past the limit + 2.
    pub(crate) fn poll_line<R: AsyncRead + ?Sized>(
        &mut self,
        cx: &mut Context<'_>,
        mut io: Pin<&mut R>,
    ) -> Poll<io::Result<Line>> {
        let max_size = self.lines.max_line_length().saturating_add(2);
        loop {
            if let Some(line) = self.take_line() {
                return Poll::Ready(Ok(line));
            }
            if ready!(self.poll_fill(cx, io.as_mut(), max_size))? == 0 {
                return Poll::Ready(Ok(self.last_line()));
            }
        }
    }

    /// At end of stream: the unterminated last line, if any, kept as is.
    fn last_line(&mut self) -> Line {
        while let Some(step) = self.lines.finish(&self.storage[self.start..self.end]) {
            let line = self.line(step);
            self.consume(step.consumed());
            if let Some(line) = line {
                return line;
            }
        }
        Line::End
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_lite::future::block_on;
    use futures_lite::io::Cursor;

    fn lines(text: &[u8], max_len: usize) -> Vec<Result<String, &'static str>> {
        let mut buffer = ReadBuffer::new(max_len);
        let mut io = Cursor::new(text.to_vec());
        let mut out = Vec::new();
        block_on(futures_lite::future::poll_fn(|cx| loop {
            match ready!(buffer.poll_line(cx, Pin::new(&mut io))) {
                Ok(Line::Bytes(b)) => out.push(Ok(String::from_utf8(b).unwrap())),
                Ok(Line::TooLong) => out.push(Err("too long")),
                Ok(Line::End) => return Poll::Ready(()),
                Err(e) => panic!("{e}"),
            }
        }));
        out
    }

    #[test]
    fn splits_like_str_lines() {
        let text = "a\r\nb\n\nlast\r";
        let expected: Vec<_> = text.lines().map(|l| Ok(l.to_owned())).collect();
        assert_eq!(lines(text.as_bytes(), 100), expected);
    }

    #[test]
    fn limit_counts_content_without_terminator() {
        assert_eq!(
            lines(b"abc\r\nabcd\n", 3),
            vec![Ok("abc".into()), Err("too long")]
        );
        assert_eq!(lines(b"abcd", 3), vec![Err("too long")]);
    }

    #[test]
    fn long_line_fails_without_buffering_it() {
        let text = vec![b'x'; 1 << 20];
        let mut buffer = ReadBuffer::new(1000);
        let mut io = Cursor::new(text);
        let line = block_on(futures_lite::future::poll_fn(|cx| {
            buffer.poll_line(cx, Pin::new(&mut io))
        }));
        assert!(matches!(line, Ok(Line::TooLong)));
        assert!(buffer.storage.len() <= CHUNK);
    }

    #[test]
    fn huge_read_allocates_only_what_arrives() {
        for n in [1 << 40, usize::MAX] {
            let mut buffer = ReadBuffer::new(1000);
            let mut io = Cursor::new(b"abc".to_vec());
            let got = block_on(futures_lite::future::poll_fn(|cx| {
                buffer.poll_read_up_to(cx, Pin::new(&mut io), n)
            }));
            assert_eq!(got.unwrap(), b"abc");
        }
    }
}
