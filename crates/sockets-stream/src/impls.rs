//! The protocol for std's streams, memory buffers and the blocking socket.

use std::fs::File;
use std::io::{self, Cursor, Read, Stderr, Stdin, Stdout, Write};
use std::net::{Shutdown, TcpStream};
#[cfg(unix)]
use std::os::fd::{AsFd, BorrowedFd};
use std::process::{ChildStderr, ChildStdin, ChildStdout};
use std::time::Duration;

use crate::line_buffer::LineBuffer;
use crate::protocol::{unsupported, StreamProtocol};
use crate::whereabouts;

/// Reading through `Read`, or `Unsupported`.
macro_rules! readable {
    (yes) => {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            Read::read(self, buf)
        }
    };
    (no) => {
        fn read(&mut self, _buf: &mut [u8]) -> io::Result<usize> {
            Err(unsupported(&self.describe(), "read"))
        }

        fn read_line(&mut self, _lookahead: &mut LineBuffer) -> io::Result<Option<String>> {
            Err(unsupported(&self.describe(), "read a line"))
        }
    };
}

/// Writing through `Write`, or `Unsupported`.
macro_rules! writable {
    (yes) => {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            Write::write(self, buf)
        }

        fn flush(&mut self) -> io::Result<()> {
            Write::flush(self)
        }
    };
    (no) => {
        fn write(&mut self, _buf: &[u8]) -> io::Result<usize> {
            Err(unsupported(&self.describe(), "write"))
        }
    };
}

/// The protocol for a std type: which directions it has, its name, how it
/// closes, and whether its fd may be used for zero-copy.
macro_rules! std_stream {
    ($type:ty, $name:literal, read: $read:tt, write: $write:tt, close: $close:expr, fd: $fd:tt) => {
        impl StreamProtocol for $type {
            readable!($read);
            writable!($write);

            fn close(&mut self) -> io::Result<()> {
                $close(self)
            }

            fn describe(&self) -> String {
                whereabouts::describe($name, self)
            }

            std_stream!(@fd $fd);
        }
    };
    (@fd yes) => {
        #[cfg(unix)]
        fn copy_fd(&self) -> Option<BorrowedFd<'_>> {
            Some(self.as_fd())
        }
    };
    (@fd no) => {};
}

fn flush<W: Write>(stream: &mut W) -> io::Result<()> {
    stream.flush()
}

fn nothing<T: ?Sized>(_: &mut T) -> io::Result<()> {
    Ok(())
}

fn shutdown(stream: &mut TcpStream) -> io::Result<()> {
    match stream.shutdown(Shutdown::Both) {
        Err(e) if e.kind() == io::ErrorKind::NotConnected => Ok(()),
        other => other,
    }
}

std_stream!(File, "file", read: yes, write: yes, close: flush, fd: yes);
std_stream!(TcpStream, "TCP stream", read: yes, write: yes, close: shutdown, fd: yes);
std_stream!(ChildStdin, "child stdin", read: no, write: yes, close: flush, fd: yes);
std_stream!(ChildStdout, "child stdout", read: yes, write: no, close: nothing, fd: yes);
std_stream!(ChildStderr, "child stderr", read: yes, write: no, close: nothing, fd: yes);
// The standard streams buffer inside std, so their fds are not used.
std_stream!(Stdin, "stdin", read: yes, write: no, close: nothing, fd: no);
std_stream!(Stdout, "stdout", read: no, write: yes, close: flush, fd: no);
std_stream!(Stderr, "stderr", read: no, write: yes, close: flush, fd: no);
std_stream!(Cursor<Vec<u8>>, "memory buffer", read: yes, write: yes, close: nothing, fd: no);
std_stream!(&[u8], "byte slice", read: yes, write: no, close: nothing, fd: no);
std_stream!(Vec<u8>, "byte vector", read: no, write: yes, close: nothing, fd: no);

/// The blocking socket speaks the protocol natively: lines come straight
/// from its own buffer.
impl StreamProtocol for sockets_blocking::Socket {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        Read::read(self, buf)
    }

    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        Write::write(self, buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        sockets_blocking::Socket::flush(self)
    }

    fn close(&mut self) -> io::Result<()> {
        sockets_blocking::Socket::close(self)
    }

    #[inline]
    fn read_line(&mut self, lookahead: &mut LineBuffer) -> io::Result<Option<String>> {
        // Bytes someone read ahead come first; otherwise the socket's own
        // buffer serves the line and `lookahead` stays empty.
        match lookahead.is_empty() {
            true => sockets_blocking::Socket::read_line(self),
            false => lookahead.read_line_from(self),
        }
    }

    fn describe(&self) -> String {
        format!("socket to {}", self.remote_addr())
    }

    /// Plain TCP with nothing read ahead: the socket's own descriptor
    /// (its queued writes are flushed before a zero-copy transfer).
    #[cfg(unix)]
    fn copy_fd(&self) -> Option<BorrowedFd<'_>> {
        let direct = !self.is_tls() && !self.is_closed() && self.buffered().is_empty();
        direct.then(|| self.as_fd())
    }

    fn write_timeout(&self) -> Option<Duration> {
        sockets_blocking::Socket::write_timeout(self)
    }
}

/// The reading half of a split socket: read-only, lines from its buffer.
impl StreamProtocol for sockets_blocking::ReadHalf {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        Read::read(self, buf)
    }

    fn write(&mut self, _buf: &[u8]) -> io::Result<usize> {
        Err(unsupported(&self.describe(), "write"))
    }

    fn close(&mut self) -> io::Result<()> {
        Ok(())
    }

    fn read_line(&mut self, lookahead: &mut LineBuffer) -> io::Result<Option<String>> {
        match lookahead.is_empty() {
            true => sockets_blocking::ReadHalf::read_line(self),
            false => lookahead.read_line_from(self),
        }
    }

    fn describe(&self) -> String {
        format!("reading half of the socket to {}", self.remote_addr())
    }

    /// Plain TCP with nothing read ahead, as the socket's.
    #[cfg(unix)]
    fn copy_fd(&self) -> Option<BorrowedFd<'_>> {
        let direct = self.tls_version().is_none() && self.buffered().is_empty();
        direct.then(|| self.as_fd())
    }
}

/// The writing half of a split socket: write-only; closing it half-closes
/// the connection.
impl StreamProtocol for sockets_blocking::WriteHalf {
    fn read(&mut self, _buf: &mut [u8]) -> io::Result<usize> {
        Err(unsupported(&self.describe(), "read"))
    }

    fn read_line(&mut self, _lookahead: &mut LineBuffer) -> io::Result<Option<String>> {
        Err(unsupported(&self.describe(), "read a line"))
    }

    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        Write::write(self, buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        sockets_blocking::WriteHalf::flush(self)
    }

    fn close(&mut self) -> io::Result<()> {
        sockets_blocking::WriteHalf::close(self)
    }

    fn describe(&self) -> String {
        format!("writing half of the socket to {}", self.remote_addr())
    }

    /// Plain TCP, as the socket's: its queued writes are flushed before a
    /// zero-copy transfer.
    #[cfg(unix)]
    fn copy_fd(&self) -> Option<BorrowedFd<'_>> {
        self.tls_version().is_none().then(|| self.as_fd())
    }

    fn write_timeout(&self) -> Option<Duration> {
        sockets_blocking::WriteHalf::write_timeout(self)
    }
}
