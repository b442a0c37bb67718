//! Set-up for this crate's doc examples, one hidden line each.
//!
//! Internal: not part of the API and exempt from semver. It lives here
//! because doctests are built from the published package, where the
//! workspace's unpublished `sockets-test-support` is not available.

use std::io::{self, Read, Write};
use std::net::TcpListener;
use std::thread::JoinHandle;

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

/// Starts a loopback peer on `127.0.0.1` that sends `bytes` to one
/// connection and closes it, and returns its port.
///
/// # Errors
/// The system's error from bind or from starting the peer's thread.
pub fn peer_sending(bytes: &'static [u8]) -> io::Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let port = listener.local_addr()?.port();
    std::thread::Builder::new()
        .name("doc-sending-peer".to_owned())
        .spawn(move || -> io::Result<()> { listener.accept()?.0.write_all(bytes) })?;
    Ok(port)
}

/// Starts a loopback peer on `127.0.0.1` that records what one connection
/// sends until end of stream, and returns its port and the recording.
///
/// # Errors
/// The system's error from bind or from starting the peer's thread.
pub fn recording_peer() -> io::Result<(u16, Received)> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let port = listener.local_addr()?.port();
    let peer = std::thread::Builder::new()
        .name("doc-recording-peer".to_owned())
        .spawn(move || -> io::Result<Vec<u8>> {
            let mut received = Vec::new();
            listener.accept()?.0.read_to_end(&mut received)?;
            Ok(received)
        })?;
    Ok((port, Received(peer)))
}

/// What a [`recording_peer`] received.
#[derive(Debug)]
pub struct Received(JoinHandle<io::Result<Vec<u8>>>);

impl Received {
    /// Every byte the peer received, once the client has ended the stream.
    ///
    /// # Errors
    /// The peer's I/O error; `Other` if its thread panicked.
    pub fn bytes(self) -> io::Result<Vec<u8>> {
        self.0
            .join()
            .map_err(|_| io::Error::other("the recording peer panicked"))?
    }
}
