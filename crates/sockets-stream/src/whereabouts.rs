//! Where a std stream leads, for its `describe()`: a TCP stream's peer, a
//! file's path (or its descriptor number where the path is unknown).

use std::fs::File;
use std::io::{Cursor, Stderr, Stdin, Stdout};
use std::net::TcpStream;
use std::process::{ChildStderr, ChildStdin, ChildStdout};

/// The address or path that tells this stream from others of its kind.
pub(crate) trait Whereabouts {
    /// `to 127.0.0.1:80`, `/tmp/data`; `None` when there is nothing to add.
    fn whereabouts(&self) -> Option<String> {
        None
    }
}

impl Whereabouts for TcpStream {
    fn whereabouts(&self) -> Option<String> {
        self.peer_addr().ok().map(|peer| format!("to {peer}"))
    }
}

impl Whereabouts for File {
    #[cfg(unix)]
    fn whereabouts(&self) -> Option<String> {
        use std::os::fd::AsRawFd;
        let fd = self.as_raw_fd();
        // Linux (and Android) name an open file's path under /proc; a file
        // deleted since shows " (deleted)", which is still the best name.
        #[cfg(any(target_os = "linux", target_os = "android"))]
        if let Ok(path) = std::fs::read_link(format!("/proc/self/fd/{fd}")) {
            return Some(path.display().to_string());
        }
        Some(format!("(descriptor {fd})"))
    }
}

impl Whereabouts for ChildStdin {}
impl Whereabouts for ChildStdout {}
impl Whereabouts for ChildStderr {}
impl Whereabouts for Stdin {}
impl Whereabouts for Stdout {}
impl Whereabouts for Stderr {}
impl Whereabouts for Cursor<Vec<u8>> {}
impl Whereabouts for &[u8] {}
impl Whereabouts for Vec<u8> {}

/// `name` followed by where the stream leads, if known.
pub(crate) fn describe(name: &str, stream: &impl Whereabouts) -> String {
    match stream.whereabouts() {
        Some(at) => format!("{name} {at}"),
        None => name.to_owned(),
    }
}
