//! The TCP descriptor under a socket, through std's traits: `AsFd` and
//! `AsRawFd` on Unix, `AsSocket` and `AsRawSocket` on Windows, for
//! [`Socket`], [`ReadHalf`] and [`WriteHalf`].
//!
//! It is always the TCP socket's descriptor, under TLS too: use it for
//! socket options (`socket2::SockRef::from(&socket)`), never to read or
//! write bytes past the socket's buffers or its TLS session. The descriptor
//! is non-blocking. It stays open as long as the `Socket` (or either half)
//! exists, also after [`close`](Socket::close) has shut the connection
//! down, so a borrowed descriptor never names a closed or reused one; as
//! with std's `TcpStream`, dropping the last owner closes it.

use crate::runtime::TcpStream;
use crate::split::{ReadHalf, WriteHalf};
use crate::Socket;

/// A handle that keeps the TCP descriptor open for its owner's life.
#[derive(Debug, Clone)]
pub(crate) struct Descriptor(TcpStream);

impl Descriptor {
    /// A handle on the TCP stream `tcp`.
    pub(crate) fn new(tcp: &TcpStream) -> Descriptor {
        Descriptor(tcp.clone())
    }

    /// The std stream, for socket options and the descriptor traits.
    pub(crate) fn std(&self) -> &std::net::TcpStream {
        self.0.get_ref()
    }
}

/// Implements the descriptor traits for types with an `info` field.
macro_rules! impl_descriptor_traits {
    ($($type:ty),*) => {$(
        #[cfg(unix)]
        impl std::os::fd::AsFd for $type {
            fn as_fd(&self) -> std::os::fd::BorrowedFd<'_> {
                std::os::fd::AsFd::as_fd(self.info.descriptor.std())
            }
        }

        #[cfg(unix)]
        impl std::os::fd::AsRawFd for $type {
            fn as_raw_fd(&self) -> std::os::fd::RawFd {
                std::os::fd::AsRawFd::as_raw_fd(self.info.descriptor.std())
            }
        }

        #[cfg(windows)]
        impl std::os::windows::io::AsSocket for $type {
            fn as_socket(&self) -> std::os::windows::io::BorrowedSocket<'_> {
                std::os::windows::io::AsSocket::as_socket(self.info.descriptor.std())
            }
        }

        #[cfg(windows)]
        impl std::os::windows::io::AsRawSocket for $type {
            fn as_raw_socket(&self) -> std::os::windows::io::RawSocket {
                std::os::windows::io::AsRawSocket::as_raw_socket(self.info.descriptor.std())
            }
        }
    )*};
}

impl_descriptor_traits!(Socket, ReadHalf, WriteHalf);

#[cfg(test)]
mod tests {
    use crate::{dial, DialOptions};

    #[test]
    fn every_handle_exposes_the_same_tcp_descriptor_as_a_sock_ref() {
        async_std::task::block_on(async {
            let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            let port = listener.local_addr().unwrap().port();
            let mut socket = dial("127.0.0.1", port, DialOptions::default())
                .await
                .unwrap();
            let (_peer, _) = listener.accept().unwrap();
            let sock_ref = socket2::SockRef::from(&socket);
            assert_eq!(
                sock_ref.peer_addr().unwrap().as_socket(),
                Some(socket.remote_addr())
            );
            assert!(sock_ref.tcp_nodelay().unwrap());
            #[cfg(unix)]
            let raw = std::os::fd::AsRawFd::as_raw_fd(&socket);
            socket.close().await.unwrap();
            // Still the same, open descriptor after close: no reuse.
            #[cfg(unix)]
            assert_eq!(std::os::fd::AsRawFd::as_raw_fd(&socket), raw);
            assert!(socket2::SockRef::from(&socket).local_addr().is_ok());

            let socket = dial("127.0.0.1", port, DialOptions::default())
                .await
                .unwrap();
            let (_peer, _) = listener.accept().unwrap();
            let addr = socket.local_addr();
            let (reader, writer) = socket.split();
            for sock_ref in [
                socket2::SockRef::from(&reader),
                socket2::SockRef::from(&writer),
            ] {
                assert_eq!(sock_ref.local_addr().unwrap().as_socket(), Some(addr));
            }
        });
    }
}
