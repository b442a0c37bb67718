//! The TCP descriptor under a blocking socket, through std's traits:
//! `AsFd` and `AsRawFd` on Unix, `AsSocket` and `AsRawSocket` on Windows,
//! for [`Socket`], [`ReadHalf`] and [`WriteHalf`], as on their
//! `sockets_core` twins.
//!
//! It is always the TCP socket's descriptor, under TLS too: use it for
//! socket options (`socket2::SockRef::from(&socket)`), never to read or
//! write bytes past the socket's buffers or its TLS session. The descriptor
//! is non-blocking and stays open until the socket (or both halves) is
//! dropped, also after `close()`.
//!
//! ```
//! use sockets_blocking::{dial, DialOptions};
//!
//! let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
//! let port = listener.local_addr()?.port();
//! let socket = dial("127.0.0.1", port, DialOptions::default())?;
//! let options = socket2::SockRef::from(&socket);
//! options.set_keepalive(true)?;
//! assert!(options.keepalive()?);
//! # std::io::Result::Ok(())
//! ```

use crate::split::{ReadHalf, WriteHalf};
use crate::Socket;

/// Implements the descriptor traits by forwarding to the core twin.
macro_rules! forward_descriptor_traits {
    ($($type:ty),*) => {$(
        #[cfg(unix)]
        impl std::os::fd::AsFd for $type {
            fn as_fd(&self) -> std::os::fd::BorrowedFd<'_> {
                std::os::fd::AsFd::as_fd(&self.inner)
            }
        }

        #[cfg(unix)]
        impl std::os::fd::AsRawFd for $type {
            fn as_raw_fd(&self) -> std::os::fd::RawFd {
                std::os::fd::AsRawFd::as_raw_fd(&self.inner)
            }
        }

        #[cfg(windows)]
        impl std::os::windows::io::AsSocket for $type {
            fn as_socket(&self) -> std::os::windows::io::BorrowedSocket<'_> {
                std::os::windows::io::AsSocket::as_socket(&self.inner)
            }
        }

        #[cfg(windows)]
        impl std::os::windows::io::AsRawSocket for $type {
            fn as_raw_socket(&self) -> std::os::windows::io::RawSocket {
                std::os::windows::io::AsRawSocket::as_raw_socket(&self.inner)
            }
        }
    )*};
}

forward_descriptor_traits!(Socket, ReadHalf, WriteHalf);
