//! Binding a listener with a real backlog.
//!
//! std's `TcpListener::bind` (and so every runtime built on it) always
//! listens with a backlog of 128; under a burst of connects the kernel then
//! drops SYNs and clients retry a second later. We bind through socket2 with
//! the configured backlog, by default the system's `somaxconn`.

use std::io;
use std::net::SocketAddr;

use socket2::{Domain, Protocol, Socket, Type};

use crate::error::{context, ResultExt};
use crate::runtime::{self, TcpListener};

/// Used when `somaxconn` can't be read; the kernel caps it anyway.
const FALLBACK_BACKLOG: u32 = 4096;

/// The system's largest listen backlog.
pub(crate) fn system_backlog() -> u32 {
    std::fs::read_to_string("/proc/sys/net/core/somaxconn")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(FALLBACK_BACKLOG)
}

/// Binds the first of `addrs` that can be bound, listening with `backlog`.
pub(crate) fn bind(host: &str, addrs: &[SocketAddr], backlog: u32) -> io::Result<TcpListener> {
    let mut last_error = None;
    for &addr in addrs {
        match bind_one(addr, backlog) {
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

fn bind_one(addr: SocketAddr, backlog: u32) -> io::Result<TcpListener> {
    let socket = Socket::new(Domain::for_address(addr), Type::STREAM, Some(Protocol::TCP))?;
    // Lets a closed server's port be bound again at once, even while its
    // old connections linger in TIME_WAIT.
    socket.set_reuse_address(true)?;
    socket.set_nonblocking(true)?;
    socket.bind(&addr.into())?;
    let backlog = i32::try_from(backlog).unwrap_or(i32::MAX);
    socket.listen(backlog)?;
    runtime::register_listener(socket.into())
        .context_with(|| format!("registering the listener on {addr}"))
}
