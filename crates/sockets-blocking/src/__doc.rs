//! Set-up for this crate's doc examples, one hidden line each.
//!
//! Internal: not part of the API and exempt from semver. It lives here
//! because doctests are built from the published package, where the
//! workspace's unpublished `sockets-test-support` is not available.

use std::io;
use std::net::TcpListener;

/// Starts a loopback peer on `127.0.0.1` that echoes every byte of one
/// connection until the client half-closes, and returns its port.
///
/// # Errors
/// The system's error from bind or from starting the peer's thread.
pub fn echo_peer() -> io::Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let port = listener.local_addr()?.port();
    std::thread::Builder::new()
        .name("doc-echo-peer".to_owned())
        .spawn(move || -> io::Result<()> {
            let (mut peer, _) = listener.accept()?;
            io::copy(&mut peer.try_clone()?, &mut peer).map(drop)
        })?;
    Ok(port)
}
