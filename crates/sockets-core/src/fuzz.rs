//! Entry points for the fuzz targets in `fuzz/` (built only with
//! `--cfg fuzzing`, which cargo-fuzz sets): the private line reader driven
//! over input cut into chunks where the fuzzer says.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_io::AsyncRead;

use crate::read_buffer::{Line, ReadBuffer};

/// Serves `data` in pieces ending at `cuts`, then end of stream.
struct Chunked<'a> {
    data: &'a [u8],
    cuts: Vec<usize>,
    pos: usize,
}

impl AsyncRead for Chunked<'_> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
        out: &mut [u8],
    ) -> Poll<io::Result<usize>> {
        let end = self
            .cuts
            .iter()
            .copied()
            .find(|&c| c > self.pos)
            .unwrap_or(self.data.len());
        let n = (end - self.pos).min(out.len());
        out[..n].copy_from_slice(&self.data[self.pos..self.pos + n]);
        self.pos += n;
        Poll::Ready(Ok(n))
    }
}

/// One line as the reader returned it: `Ok(bytes)` or `Err(())` for a line
/// over the limit.
pub type FuzzLine = Result<Vec<u8>, ()>;

/// Reads every line of `data`, delivered in pieces ending at `cuts`, with
/// lines of at most `max_len` bytes.
pub fn read_lines(data: &[u8], cuts: &[usize], max_len: usize) -> Vec<FuzzLine> {
    let mut cuts: Vec<usize> = cuts.iter().map(|c| c % (data.len() + 1)).collect();
    cuts.sort_unstable();
    let mut io = Chunked { data, cuts, pos: 0 };
    let mut buffer = ReadBuffer::new(max_len);
    let mut lines = Vec::new();
    let waker = std::task::Waker::noop();
    let mut cx = Context::from_waker(waker);
    loop {
        match buffer.poll_line(&mut cx, Pin::new(&mut io)) {
            Poll::Ready(Ok(Line::Bytes(bytes))) => lines.push(Ok(bytes)),
            Poll::Ready(Ok(Line::TooLong)) => lines.push(Err(())),
            Poll::Ready(Ok(Line::End)) | Poll::Ready(Err(_)) | Poll::Pending => return lines,
        }
    }
}
