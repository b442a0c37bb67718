//! `Stream` in scripts: a socket, a file or anything wrapped by
//! `IOStream`, with text reads that never split a character and byte reads
//! and writes with `Blob`.

use std::io;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use rhai::Blob;
use sockets_blocking::Socket;
use sockets_stream::{IoStream, StreamProtocol};

use crate::text::{script_line_error, Utf8Carry};

/// What a script stream wraps: a socket keeps its own type for
/// `closeWrite()`; everything else speaks the stream protocol.
pub(crate) enum Endpoint {
    Socket(Box<Socket>),
    Other(Box<dyn StreamProtocol + Send>),
}

/// One stream and the character its last text read cut.
#[derive(Debug)]
pub(crate) struct StreamState {
    io: IoStream<Endpoint>,
    carry: Utf8Carry,
    name: String,
}

/// A stream in a script. Clones share the same stream, so a handler and a
/// `lines()` loop see the same bytes.
#[derive(Clone, Debug)]
pub(crate) struct ScriptStream {
    state: Arc<Mutex<StreamState>>,
    local_addr: String,
    remote_addr: String,
}

impl ScriptStream {
    pub(crate) fn from_socket(socket: Socket) -> ScriptStream {
        let (local_addr, remote_addr) = (
            socket.local_addr().to_string(),
            socket.remote_addr().to_string(),
        );
        ScriptStream::new(Endpoint::Socket(Box::new(socket)), local_addr, remote_addr)
    }

    pub(crate) fn from_protocol(stream: Box<dyn StreamProtocol + Send>) -> ScriptStream {
        ScriptStream::new(Endpoint::Other(stream), String::new(), String::new())
    }

    fn new(endpoint: Endpoint, local_addr: String, remote_addr: String) -> ScriptStream {
        let io = IoStream::new(endpoint);
        let name = StreamProtocol::describe(&io);
        ScriptStream {
            state: Arc::new(Mutex::new(StreamState {
                io,
                carry: Utf8Carry::default(),
                name,
            })),
            local_addr,
            remote_addr,
        }
    }

    /// The stream, locked for one operation.
    pub(crate) fn lock(&self) -> MutexGuard<'_, StreamState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Whether both handles share one stream.
    pub(crate) fn same_as(&self, other: &ScriptStream) -> bool {
        Arc::ptr_eq(&self.state, &other.state)
    }

    pub(crate) fn local_addr(&self) -> String {
        self.local_addr.clone()
    }

    pub(crate) fn remote_addr(&self) -> String {
        self.remote_addr.clone()
    }
}

impl StreamState {
    /// Up to `n` bytes as text, at least one character; empty at end of
    /// stream. When `n` is smaller than a character, the whole character.
    pub(crate) fn read_text(&mut self, n: usize) -> io::Result<String> {
        if n == 0 {
            return Ok(String::new());
        }
        loop {
            let room = n
                .saturating_sub(self.carry.len())
                .max(self.carry.missing())
                .max(1);
            let bytes = self.io.read(room)?;
            if bytes.is_empty() {
                self.carry.finish(&self.name)?;
                return Ok(String::new());
            }
            let text = self.carry.decode(&bytes, &self.name)?;
            if !text.is_empty() {
                return Ok(text);
            }
        }
    }

    /// Everything up to end of stream, as text.
    pub(crate) fn read_all_text(&mut self) -> io::Result<String> {
        let bytes = self.io.read_all()?;
        let text = self.carry.decode(&bytes, &self.name)?;
        self.carry.finish(&self.name)?;
        Ok(text)
    }

    /// Up to `n` bytes, waiting for at least one; empty at end of stream.
    /// Bytes a text read carried over come first, without waiting.
    pub(crate) fn read_bytes(&mut self, n: usize) -> io::Result<Blob> {
        let mut carried = self.carry.take();
        if carried.is_empty() {
            return self.io.read(n);
        }
        // A byte read after a text read that cut a character: the cut
        // bytes first, without waiting; what `n` leaves stays carried.
        self.carry.put_back(carried.split_off(n.min(carried.len())));
        Ok(carried)
    }

    /// Everything up to end of stream, as bytes.
    pub(crate) fn read_all_bytes(&mut self) -> io::Result<Blob> {
        let mut bytes = self.carry.take();
        bytes.extend(self.io.read_all()?);
        Ok(bytes)
    }

    /// One line without its `\n` or `\r\n`; `None` at end of stream. A
    /// character a text read cut is completed first.
    pub(crate) fn read_line(&mut self) -> io::Result<Option<String>> {
        let mut head = String::new();
        while !self.carry.is_empty() {
            let bytes = self.io.read(self.carry.missing())?;
            if bytes.is_empty() {
                self.carry.finish(&self.name)?;
            }
            head += &self.carry.decode(&bytes, &self.name)?;
        }
        match self.io.read_line().map_err(script_line_error)? {
            Some(line) => {
                head.push_str(&line);
                Ok(Some(head))
            }
            None if head.is_empty() => Ok(None),
            None => Ok(Some(head)),
        }
    }

    /// Writes all of `bytes`.
    pub(crate) fn write(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.io.write(bytes)
    }

    pub(crate) fn writeln(&mut self, text: &str) -> io::Result<()> {
        self.io.writeln(text)
    }

    pub(crate) fn flush(&mut self) -> io::Result<()> {
        self.io.flush()
    }

    /// Ends the sending direction of a socket; the peer reads end of stream
    /// and can still answer.
    pub(crate) fn close_write(&mut self) -> io::Result<()> {
        match self.io.get_mut() {
            Some(Endpoint::Socket(socket)) => socket.close_write(),
            Some(Endpoint::Other(_)) => Err(io::Error::new(
                io::ErrorKind::Unsupported,
                format!(
                    "cannot close the writing side of {}: only sockets have one",
                    self.name
                ),
            )),
            None => Err(io::Error::new(
                io::ErrorKind::NotConnected,
                format!(
                    "cannot close the writing side of {}: it is closed",
                    self.name
                ),
            )),
        }
    }

    pub(crate) fn close(&mut self) -> io::Result<()> {
        self.carry.take();
        self.io.close()
    }

    pub(crate) fn is_closed(&self) -> bool {
        self.io.is_closed()
    }

    /// The stream for `copy()`: bytes a text read carried over are written
    /// to `dst` first.
    pub(crate) fn copy_to(&mut self, dst: &mut StreamState) -> io::Result<u64> {
        let carried = self.carry.take();
        if !carried.is_empty() {
            dst.write(&carried)?;
        }
        let copied = sockets_stream::copy(&mut self.io, &mut dst.io)?;
        Ok(copied + carried.len() as u64)
    }
}

impl std::fmt::Debug for Endpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&StreamProtocol::describe(self))
    }
}

/// The protocol, forwarded to the socket or the wrapped stream.
impl StreamProtocol for Endpoint {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Endpoint::Socket(s) => StreamProtocol::read(s, buf),
            Endpoint::Other(s) => s.read(buf),
        }
    }

    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Endpoint::Socket(s) => StreamProtocol::write(s, buf),
            Endpoint::Other(s) => s.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Endpoint::Socket(s) => StreamProtocol::flush(s),
            Endpoint::Other(s) => s.flush(),
        }
    }

    fn close(&mut self) -> io::Result<()> {
        match self {
            Endpoint::Socket(s) => StreamProtocol::close(s),
            Endpoint::Other(s) => s.close(),
        }
    }

    fn read_line(
        &mut self,
        lookahead: &mut sockets_stream::LineBuffer,
    ) -> io::Result<Option<String>> {
        match self {
            Endpoint::Socket(s) => StreamProtocol::read_line(s, lookahead),
            Endpoint::Other(s) => s.read_line(lookahead),
        }
    }

    fn describe(&self) -> String {
        match self {
            Endpoint::Socket(s) => StreamProtocol::describe(s),
            Endpoint::Other(s) => s.describe(),
        }
    }

    // These two keep `copy()` in scripts on the kernel path, with its waits
    // bounded by the destination's write timeout.
    #[cfg(unix)]
    fn copy_fd(&self) -> Option<std::os::fd::BorrowedFd<'_>> {
        match self {
            Endpoint::Socket(s) => StreamProtocol::copy_fd(s.as_ref()),
            Endpoint::Other(s) => s.copy_fd(),
        }
    }

    fn write_timeout(&self) -> Option<std::time::Duration> {
        match self {
            Endpoint::Socket(s) => StreamProtocol::write_timeout(s.as_ref()),
            Endpoint::Other(s) => s.write_timeout(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn the_endpoint_forwards_the_descriptor_and_write_timeout_for_copy() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let options = sockets_blocking::DialOptions::default()
            .write_timeout(Some(Duration::from_millis(700)));
        let socket = sockets_blocking::dial("127.0.0.1", port, options).unwrap();
        let endpoint = Endpoint::Socket(Box::new(socket));
        #[cfg(unix)]
        assert!(endpoint.copy_fd().is_some());
        assert_eq!(endpoint.write_timeout(), Some(Duration::from_millis(700)));

        let file = std::fs::File::open(std::env::current_exe().unwrap()).unwrap();
        let endpoint = Endpoint::Other(Box::new(file));
        #[cfg(unix)]
        assert!(endpoint.copy_fd().is_some());
        assert_eq!(endpoint.write_timeout(), None);
    }
}
