//! [`copy`]: stream everything from one stream into another.

use std::io;
use std::os::fd::BorrowedFd;

use rustix::event::{poll, PollFd, PollFlags};
use rustix::fs::{copy_file_range, fstat, sendfile, FileType};
use rustix::io::Errno;

use crate::protocol::StreamProtocol;

/// Bytes per read in the buffered path: fewer syscalls than std's 8 KiB.
const COPY_CHUNK: usize = 64 * 1024;

/// Bytes asked of the kernel per zero-copy call.
const ZERO_COPY_CHUNK: usize = 1 << 30;

/// Copies everything from `src` until its end into `dst`, flushes `dst`,
/// and returns the number of bytes copied. Neither stream is closed.
///
/// When `src` is a regular file and both ends expose a file descriptor with
/// nothing buffered above it (files, pipes, plain TCP sockets), the kernel
/// copies without user-space buffers (`copy_file_range` between files,
/// `sendfile` otherwise), as `std::io::copy` does; every other pair uses a
/// 64 KiB buffer.
///
/// # Errors
/// The first read or write error, wrapped with the two streams' names and
/// the number of bytes copied before it (those bytes were written).
///
/// # Examples
/// ```
/// use sockets_stream::copy;
///
/// let mut src: &[u8] = b"line one\nline two\n";
/// let mut dst: Vec<u8> = Vec::new();
/// assert_eq!(copy(&mut src, &mut dst)?, 18);
/// assert_eq!(dst, b"line one\nline two\n");
/// # std::io::Result::Ok(())
/// ```
pub fn copy<R, W>(src: &mut R, dst: &mut W) -> io::Result<u64>
where
    R: StreamProtocol + ?Sized,
    W: StreamProtocol + ?Sized,
{
    let mut copied = 0;
    let outcome = copy_all(src, dst, &mut copied);
    outcome.map(|()| copied).map_err(|e| {
        let message = format!(
            "copy from {} to {} failed after {copied} bytes",
            src.describe(),
            dst.describe()
        );
        io::Error::new(e.kind(), Context { message, source: e })
    })
}

fn copy_all<R, W>(src: &mut R, dst: &mut W, copied: &mut u64) -> io::Result<()>
where
    R: StreamProtocol + ?Sized,
    W: StreamProtocol + ?Sized,
{
    if let (Some(from), Some(to)) = (src.copy_fd(), dst.copy_fd()) {
        if zero_copy(from, to, copied)? {
            return dst.flush();
        }
    }
    let mut buf = vec![0u8; COPY_CHUNK];
    loop {
        let n = match src.read(&mut buf) {
            Ok(0) => return dst.flush(),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        let mut written = 0;
        while written < n {
            match dst.write(&buf[written..n]) {
                Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
                Ok(m) => {
                    written += m;
                    *copied += m as u64;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }
}

/// Copies in the kernel from a regular file; `Ok(false)` when this pair
/// can't (the caller falls back to buffers, from the current offsets).
fn zero_copy(from: BorrowedFd<'_>, to: BorrowedFd<'_>, copied: &mut u64) -> io::Result<bool> {
    if !is_regular_file(from) {
        return Ok(false);
    }
    let between_files = is_regular_file(to);
    loop {
        let outcome = match between_files {
            true => copy_file_range(from, None, to, None, ZERO_COPY_CHUNK),
            false => sendfile(to, from, None, ZERO_COPY_CHUNK),
        };
        match outcome {
            Ok(0) => return Ok(true),
            Ok(n) => *copied += n as u64,
            Err(Errno::INTR) => {}
            // A non-blocking socket (the blocking facade's) with a full
            // buffer: wait until it drains.
            Err(Errno::AGAIN) => {
                let _ = poll(&mut [PollFd::new(&to, PollFlags::OUT)], None);
            }
            Err(Errno::INVAL | Errno::NOSYS | Errno::XDEV | Errno::OPNOTSUPP) => return Ok(false),
            Err(e) => return Err(e.into()),
        }
    }
}

fn is_regular_file(fd: BorrowedFd<'_>) -> bool {
    fstat(fd).is_ok_and(|stat| FileType::from_raw_mode(stat.st_mode) == FileType::RegularFile)
}

/// An error message with the error that caused it (kind kept).
#[derive(Debug)]
struct Context {
    message: String,
    source: io::Error,
}

impl std::fmt::Display for Context {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.message, self.source)
    }
}

impl std::error::Error for Context {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}
