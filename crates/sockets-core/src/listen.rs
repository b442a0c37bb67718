//! Binding a listener with a real backlog.
//!
//! std's `TcpListener::bind` (and so every runtime built on it) always
//! listens with a backlog of 128; under a burst of connects the kernel then
//! drops SYNs and clients retry a second later. We bind through socket2 with
//! the configured backlog, by default the system's largest:
//!
//! - Linux: `/proc/sys/net/core/somaxconn` (4096 where it can't be read).
//! - macOS and the BSDs: 4096, which the kernel caps at its own
//!   `kern.ipc.somaxconn` (listen(2) clamps larger values).
//! - Windows: `SOMAXCONN`, with which Winsock picks "a maximum reasonable
//!   value" itself (its documented way to ask for the largest queue).

use std::io;
use std::net::SocketAddr;

use socket2::{Domain, Protocol, Socket, Type};

use crate::error::{context, ResultExt};
use crate::options::SocketSettings;
use crate::runtime::{self, TcpListener};
use crate::socket_options::{self, ACCEPTED_INHERIT};

/// Where the system's maximum can't be read; the kernel caps it anyway.
#[cfg(not(windows))]
const FALLBACK_BACKLOG: u32 = 4096;

/// Winsock's `SOMAXCONN`: "the provider picks a reasonable maximum".
#[cfg(windows)]
const FALLBACK_BACKLOG: u32 = 0x7fff_ffff;

/// The system's largest listen backlog (see the module docs).
pub(crate) fn system_backlog() -> u32 {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    if let Some(max) = std::fs::read_to_string("/proc/sys/net/core/somaxconn")
        .ok()
        .and_then(|s| s.trim().parse().ok())
    {
        return max;
    }
    FALLBACK_BACKLOG
}

/// Binds the first of `addrs` that can be bound, listening with `backlog`;
/// where accepted sockets inherit them, the listener carries `settings`.
pub(crate) fn bind(
    host: &str,
    addrs: &[SocketAddr],
    backlog: u32,
    settings: &SocketSettings,
) -> io::Result<TcpListener> {
    let mut last_error = None;
    for &addr in addrs {
        match bind_one(addr, backlog, settings) {
            Ok(listener) => return Ok(listener),
            Err(e) => {
                last_error = Some(context(
                    e,
                    format!("cannot listen on {addr} (host '{host}')"),
                ))
            }
        }
    }
    Err(last_error.unwrap_or_else(|| {
        io::Error::new(
            io::ErrorKind::NotFound,
            format!("host '{host}' has no address to listen on"),
        )
    }))
}

fn bind_one(addr: SocketAddr, backlog: u32, settings: &SocketSettings) -> io::Result<TcpListener> {
    let socket = Socket::new(Domain::for_address(addr), Type::STREAM, Some(Protocol::TCP))?;
    // Lets a closed server's port be bound again at once, even while its
    // old connections linger in TIME_WAIT. Not on Windows: there TIME_WAIT
    // never blocks a bind, and SO_REUSEADDR would let another program bind
    // the very port we listen on and steal its connections.
    #[cfg(not(windows))]
    socket.set_reuse_address(true)?;
    socket.set_nonblocking(true)?;
    if ACCEPTED_INHERIT {
        socket_options::apply((&socket).into(), settings)?;
    }
    socket.bind(&addr.into())?;
    let backlog = i32::try_from(backlog).unwrap_or(i32::MAX);
    socket.listen(backlog)?;
    runtime::register_listener(socket.into())
        .context_with(|| format!("registering the listener on {addr}"))
}
