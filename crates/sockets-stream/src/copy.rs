//! [`copy`]: stream everything from one stream into another.

use std::io;

use crate::protocol::StreamProtocol;

/// Bytes per read in the buffered path: fewer syscalls than std's 8 KiB.
const COPY_CHUNK: usize = 64 * 1024;

/// Copies everything from `src` until its end into `dst`, flushes `dst`,
/// and returns the number of bytes copied. Neither stream is closed.
///
/// On Linux and Android, when `src` is a regular file and both ends expose
/// a file descriptor with nothing buffered above it (files, pipes, plain
/// TCP sockets), the kernel copies without user-space buffers
/// (`copy_file_range` between files, `sendfile` otherwise), as
/// `std::io::copy` does. Where the kernel declines a pair (an append-mode
/// destination, another filesystem, `/proc` files), the copy goes on with a
/// 64 KiB buffer from the exact byte reached, as every other pair and every
/// other platform does; so `copy` fails only where `std::io::copy` fails.
///
/// A source file that grows during the copy is copied to its new end; one
/// that shrinks ends the copy there. (Bytes the kernel path has already
/// queued are sent from the page cache as it is then, as with
/// `std::io::copy`.)
///
/// # Timeouts
/// Every wait inside `copy` is bounded when the stream has a timeout: a
/// socket's reads and writes keep their own read and write timeouts, and
/// while the kernel copies into a full socket, each wait for it to take
/// more bytes is bounded by its [write
/// timeout](StreamProtocol::write_timeout), failing with `TimedOut`.
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
    #[cfg(any(target_os = "linux", target_os = "android"))]
    crate::zero_copy::copy_in_kernel(src, dst, copied)?;
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
