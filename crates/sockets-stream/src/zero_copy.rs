//! The kernel's copy paths for [`copy`](crate::copy), on Linux and Android
//! (rustix offers them nowhere else): `copy_file_range(2)` between regular
//! files, `sendfile(2)` from a regular file to anything else.
//!
//! They only speed a copy up, never decide its outcome. Whenever the kernel
//! says "not here" (an append-mode or special destination, another
//! filesystem, overlapping ranges, a file system or kernel without the call)
//! or reports 0 bytes, this path stops and [`copy`](crate::copy) goes on
//! with its buffered loop. The kernel moves the file offsets by exactly the
//! bytes it copied, so the loop continues from the exact byte reached, and
//! its first `read` decides whether the end was really reached: files in
//! `/proc` look empty to these calls but are not. So a copy fails only
//! where `read`/`write` fail too, as with `std::io::copy`.

use std::io;
use std::os::fd::BorrowedFd;
use std::time::{Duration, Instant};

use rustix::event::{poll, PollFd, PollFlags, Timespec};
use rustix::fs::{copy_file_range, fcntl_getfl, fstat, sendfile, FileType, OFlags};
use rustix::io::Errno;

use crate::protocol::StreamProtocol;

/// Bytes asked of the kernel per call.
const CHUNK: usize = 1 << 30;

/// Copies what the kernel can from `src` to `dst`, adding to `copied`;
/// `Ok` means "continue with buffers from the current offsets".
///
/// # Errors
/// A write error the buffered loop would meet as well (broken pipe, reset,
/// full disk), or `TimedOut` when `dst` stays full past its write timeout.
pub(crate) fn copy_in_kernel<R, W>(src: &mut R, dst: &mut W, copied: &mut u64) -> io::Result<()>
where
    R: StreamProtocol + ?Sized,
    W: StreamProtocol + ?Sized,
{
    let eligible = src.copy_fd().is_some_and(is_regular_file) && dst.copy_fd().is_some();
    if !eligible {
        return Ok(());
    }
    // Bytes the destination still holds go first. A zero-length write then
    // asks the destination itself whether it still takes bytes, so one
    // closed for writing fails in its own words, as in the buffered loop,
    // not with the kernel's EPIPE.
    dst.flush()?;
    dst.write(&[])?;
    let (Some(from), Some(to)) = (src.copy_fd(), dst.copy_fd()) else {
        return Ok(());
    };
    let between_files = is_regular_file(to);
    let timeout = dst.write_timeout();
    loop {
        let outcome = match between_files {
            true => copy_file_range(from, None, to, None, CHUNK),
            false => sendfile(to, from, None, CHUNK),
        };
        match outcome {
            Ok(0) => return Ok(()),
            Ok(n) => *copied += n as u64,
            Err(Errno::INTR) => {}
            Err(Errno::AGAIN) => wait_writable(to, timeout, || dst.describe())?,
            Err(e) if means_not_here(e) => return Ok(()),
            Err(e) => return Err(e.into()),
        }
    }
}

/// Errors by which the kernel declines this pair rather than failing the
/// I/O: EBADF (an O_APPEND destination), EXDEV (another filesystem), EINVAL
/// (overlapping ranges, a file system without support), ENOSYS, EOPNOTSUPP,
/// EPERM (sealed or immutable files, security modules), and EIO, which some
/// network and FUSE file systems return for the call alone. A real fault
/// shows again in the buffered loop's own read or write.
fn means_not_here(error: Errno) -> bool {
    matches!(
        error,
        Errno::BADF
            | Errno::XDEV
            | Errno::INVAL
            | Errno::NOSYS
            | Errno::OPNOTSUPP
            | Errno::PERM
            | Errno::IO
    )
}

/// Waits until `to` takes more bytes. A descriptor in blocking mode only
/// says EAGAIN when its own send timeout (SO_SNDTIMEO) passed: that is
/// reported as `write(2)` reports it. A non-blocking one (every socket of
/// this workspace) is polled, each wait bounded by `timeout`.
fn wait_writable(
    to: BorrowedFd<'_>,
    timeout: Option<Duration>,
    describe: impl FnOnce() -> String,
) -> io::Result<()> {
    if fcntl_getfl(to).is_ok_and(|flags| !flags.contains(OFlags::NONBLOCK)) {
        return Err(Errno::AGAIN.into());
    }
    // A timeout beyond the clock's range (Duration::MAX) means none.
    let deadline = timeout.and_then(|t| Some((t, Instant::now().checked_add(t)?)));
    loop {
        let left = match deadline {
            None => None,
            Some((limit, at)) => match at.checked_duration_since(Instant::now()) {
                Some(left) if !left.is_zero() => Some(left),
                _ => {
                    return Err(io::Error::new(
                        io::ErrorKind::TimedOut,
                        format!("writing to {} timed out after {limit:?}", describe()),
                    ))
                }
            },
        };
        let timespec = left.map(|t| {
            Timespec::try_from(t).unwrap_or(Timespec {
                tv_sec: i64::MAX,
                tv_nsec: 0,
            })
        });
        match poll(&mut [PollFd::new(&to, PollFlags::OUT)], timespec.as_ref()) {
            // Ready, or an error or hang-up that the next call reports.
            Ok(n) if n > 0 => return Ok(()),
            Ok(_) | Err(Errno::INTR) => {}
            Err(e) => return Err(e.into()),
        }
    }
}

fn is_regular_file(fd: BorrowedFd<'_>) -> bool {
    fstat(fd).is_ok_and(|stat| FileType::from_raw_mode(stat.st_mode) == FileType::RegularFile)
}
