//! What a socket and both its halves know about their connection: the
//! addresses, TLS or not, the TCP descriptor and the TLS session. Each type
//! holds one [`SocketInfo`]; [`info_part!`] generates their accessors once.

use std::net::SocketAddr;
use std::sync::Arc;

use crate::descriptors::Descriptor;
use crate::tls_info::TlsInfo;

/// The facts of one connection, captured when it is made and shared by a
/// socket's halves.
#[derive(Debug, Clone)]
pub(crate) struct SocketInfo {
    pub(crate) local_addr: SocketAddr,
    pub(crate) remote_addr: SocketAddr,
    pub(crate) tls: bool,
    /// Keeps the TCP descriptor for `AsFd`/`AsSocket` (descriptors.rs).
    pub(crate) descriptor: Descriptor,
    pub(crate) tls_info: Option<Arc<TlsInfo>>,
}

/// Generates the address accessors of `$type`, whose `info` field is a
/// [`SocketInfo`]. In the examples `$open` dials and binds `$s`.
macro_rules! info_part {
    ($type:ident, open = $open:literal, this = $s:ident) => {
        impl $type {
            /// The TCP stream under the connection (TLS or not), for socket
            /// options; `NotConnected` after close.
            pub(crate) fn tcp_stream(
                &self,
                operation: &str,
            ) -> std::io::Result<&std::net::TcpStream> {
                match &self.io {
                    Some(_) => Ok(self.info.descriptor.std()),
                    None => Err($crate::error::closed(self.info.remote_addr, operation)),
                }
            }

            /// The local address, captured at connect; still valid after close.
            ///
            /// # Examples
            /// ```
            /// # async_std::task::block_on(async {
            /// # let (port, options) = sockets_core::__doc::echo_peer()?; // echoes until we half-close
            #[doc = $open]
            #[doc = concat!("assert!(", stringify!($s), ".local_addr().ip().is_loopback());")]
            /// # std::io::Result::Ok(()) }).unwrap();
            /// ```
            pub fn local_addr(&self) -> std::net::SocketAddr {
                self.info.local_addr
            }

            /// The peer's address, captured at connect; still valid after close.
            ///
            /// # Examples
            /// ```
            /// # async_std::task::block_on(async {
            /// # let (port, options) = sockets_core::__doc::echo_peer()?; // echoes until we half-close
            #[doc = $open]
            #[doc = concat!("assert_eq!(", stringify!($s), ".remote_addr().port(), port);")]
            /// # std::io::Result::Ok(()) }).unwrap();
            /// ```
            pub fn remote_addr(&self) -> std::net::SocketAddr {
                self.info.remote_addr
            }

            /// Whether the connection runs TLS.
            ///
            /// # Examples
            /// ```
            /// # async_std::task::block_on(async {
            /// # let (port, options) = sockets_core::__doc::echo_peer()?; // echoes until we half-close
            #[doc = $open]
            #[doc = concat!("assert!(!", stringify!($s), ".is_tls());")]
            /// # std::io::Result::Ok(()) }).unwrap();
            /// ```
            pub fn is_tls(&self) -> bool {
                self.info.tls
            }
        }
    };
}

pub(crate) use info_part;
