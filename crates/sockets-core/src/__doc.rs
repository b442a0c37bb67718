//! Set-up for this crate's doc examples, so that each example hides one
//! helper line instead of a copied block. Internal: hidden from the docs,
//! exempt from semver, and it may change or go in any release. Do not use.

use std::io;
use std::net::TcpListener;

use crate::{serve_with, DialOptions, ServeOptions, Server};

/// Starts a plain std echo peer on 127.0.0.1 (a peer this crate did not
/// write), which echoes one connection until it is half-closed; returns its
/// port and default dial options.
pub fn echo_peer() -> io::Result<(u16, DialOptions)> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let port = listener.local_addr()?.port();
    std::thread::spawn(move || -> io::Result<()> {
        let (mut peer, _) = listener.accept()?;
        io::copy(&mut peer.try_clone()?, &mut peer).map(drop)
    });
    Ok((port, DialOptions::default()))
}

/// Starts a TLS line-echo server on 127.0.0.1 with the given certificate
/// and key (PEM) and ALPN `echo/1`; returns its port, dial options that
/// trust the certificate for `localhost` and offer `echo/1`, and the server.
pub async fn tls_echo_peer(
    cert_pem: String,
    key_pem: String,
) -> io::Result<(u16, DialOptions, Server)> {
    let options = ServeOptions::default()
        .tls(cert_pem.clone(), key_pem)
        .alpn(["echo/1"]);
    let server = serve_with("127.0.0.1", 0, options, |mut conn| async move {
        while let Some(line) = conn.stream.read_line().await? {
            conn.stream.writeln(&line).await?;
        }
        Ok(())
    })
    .await?;
    let options = DialOptions::default()
        .ca_pem(cert_pem)
        .server_name("localhost")
        .alpn(["echo/1"]);
    Ok((server.local_addr().port(), options, server))
}
