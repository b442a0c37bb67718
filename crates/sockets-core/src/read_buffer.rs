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

use std::io;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use futures_io::AsyncRead;

/// Bytes read from the peer per refill, and the buffer's starting size.
pub(crate) const CHUNK: usize = 8 * 1024;

/// Buffered bytes in `storage[start..end]`.
#[derive(Debug, Default)]
pub(crate) struct ReadBuffer {
    storage: Vec<u8>,
    start: usize,
    end: usize,
    /// How many bytes after `start` are known to hold no `\n`.
    scanned: usize,
}

/// A line as found by [`ReadBuffer::poll_line`].
pub(crate) enum Line {
    /// A whole line, without its terminator.
    Bytes(Vec<u8>),
    /// The line passed the length limit; its bytes so far were dropped.
    TooLong,
    /// End of stream with nothing buffered.
    End,
}

impl ReadBuffer {
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
        self.scanned = self.scanned.saturating_sub(n);
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
            self.scanned = 0;
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
            let mut out = vec![0; n];
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
        self.start = 0;
        self.end = 0;
        self.scanned = 0;
        storage
    }

    /// Takes one whole line from the buffer without any I/O, if there is
    /// one (or if the buffered part of a line is already too long).
    #[inline]
    pub(crate) fn take_line(&mut self, max_len: usize) -> Option<Line> {
        let unscanned = &self.storage[self.start + self.scanned..self.end];
        let Some(i) = memchr::memchr(b'\n', unscanned) else {
            self.scanned = self.end - self.start;
            if self.exceeds(max_len) {
                self.consume(self.scanned);
                return Some(Line::TooLong);
            }
            return None;
        };
        let newline = self.start + self.scanned + i;
        let mut line_end = newline;
        if line_end > self.start && self.storage[line_end - 1] == b'\r' {
            line_end -= 1;
        }
        let too_long = line_end - self.start > max_len;
        let line = (!too_long).then(|| self.storage[self.start..line_end].to_vec());
        self.consume(newline + 1 - self.start);
        Some(line.map_or(Line::TooLong, Line::Bytes))
    }

    /// Reads one line, without its `\n` or `\r\n`. A line of more than
    /// `max_len` bytes fails as soon as that many bytes have arrived; the
    /// buffer never grows past `max_len + 2`.
    pub(crate) fn poll_line<R: AsyncRead + ?Sized>(
        &mut self,
        cx: &mut Context<'_>,
        mut io: Pin<&mut R>,
        max_len: usize,
    ) -> Poll<io::Result<Line>> {
        loop {
            if let Some(line) = self.take_line(max_len) {
                return Poll::Ready(Ok(line));
            }
            if ready!(self.poll_fill(cx, io.as_mut(), max_len.saturating_add(2)))? == 0 {
                return Poll::Ready(Ok(self.last_line(max_len)));
            }
        }
    }

    /// Whether the unterminated line buffered so far can no longer fit:
    /// more than `max_len` bytes, unless the one extra is a `\r` that a `\n`
    /// may still follow.
    fn exceeds(&self, max_len: usize) -> bool {
        let len = self.end - self.start;
        len > max_len.saturating_add(1)
            || (len == max_len.saturating_add(1) && self.storage[self.end - 1] != b'\r')
    }

    /// At end of stream: the unterminated last line, if any, kept as is.
    fn last_line(&mut self, max_len: usize) -> Line {
        let len = self.end - self.start;
        if len == 0 {
            return Line::End;
        }
        let line = (len <= max_len).then(|| self.buffered().to_vec());
        self.consume(len);
        line.map_or(Line::TooLong, Line::Bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_lite::future::block_on;
    use futures_lite::io::Cursor;

    fn lines(text: &[u8], max_len: usize) -> Vec<Result<String, &'static str>> {
        let mut buffer = ReadBuffer::default();
        let mut io = Cursor::new(text.to_vec());
        let mut out = Vec::new();
        block_on(futures_lite::future::poll_fn(|cx| loop {
            match ready!(buffer.poll_line(cx, Pin::new(&mut io), max_len)) {
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
        let mut buffer = ReadBuffer::default();
        let mut io = Cursor::new(text);
        let line = block_on(futures_lite::future::poll_fn(|cx| {
            buffer.poll_line(cx, Pin::new(&mut io), 1000)
        }));
        assert!(matches!(line, Ok(Line::TooLong)));
        assert!(buffer.storage.len() <= CHUNK);
    }
}
