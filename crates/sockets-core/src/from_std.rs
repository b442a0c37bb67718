//! Adopting a connected `std::net::TcpStream` as a [`Socket`].

use std::io;

use crate::error::ResultExt;
use crate::options::SocketSettings;
use crate::runtime::TcpStream;
use crate::socket::Socket;
use crate::transport::Transport;

impl TryFrom<std::net::TcpStream> for Socket {
    type Error = io::Error;

    /// Adopts a connected stream (plain TCP): puts it in non-blocking mode,
    /// registers it with the reactor and reads its addresses. Its socket
    /// options (`TCP_NODELAY` among them) stay as they are; reads and
    /// writes have no deadline and lines the default limit.
    ///
    /// # Errors
    /// `NotConnected` for a stream that is not connected; the system's
    /// error when the mode or the addresses can't be read or set.
    ///
    /// # Examples
    /// ```
    /// # async_std::task::block_on(async {
    /// # let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    /// # let port = listener.local_addr()?.port();
    /// # std::thread::spawn(move || -> std::io::Result<()> {
    /// #     let (mut peer, _) = listener.accept()?; // echoes until we half-close
    /// #     std::io::copy(&mut peer.try_clone()?, &mut peer).map(drop)
    /// # });
    /// use sockets_core::Socket;
    /// let stream = std::net::TcpStream::connect(("127.0.0.1", port))?;
    /// let mut socket = Socket::try_from(stream)?;
    /// assert_eq!(socket.remote_addr().port(), port);
    /// socket.writeln("adopted").await?;
    /// assert_eq!(socket.read_line().await?.as_deref(), Some("adopted"));
    /// # std::io::Result::Ok(()) }).unwrap();
    /// ```
    fn try_from(stream: std::net::TcpStream) -> io::Result<Socket> {
        let peer = stream
            .peer_addr()
            .context_with(|| "cannot adopt the TCP stream: it has no peer".to_owned())?;
        let settings = SocketSettings {
            nodelay: stream.nodelay().context_with(|| adopting(peer))?,
            ..SocketSettings::default()
        };
        let tcp = TcpStream::adopt(stream).context_with(|| adopting(peer))?;
        Socket::new(Transport::Tcp(tcp), &settings).context_with(|| adopting(peer))
    }
}

fn adopting(peer: std::net::SocketAddr) -> String {
    format!("cannot adopt the TCP stream to {peer}")
}
