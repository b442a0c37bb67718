//! The TCP descriptor through std's traits (AsFd / AsSocket): socket2's
//! SockRef works on sockets, TLS sockets and both halves, and a copy()
//! that needs the descriptor never sees it closed under it.

use socket2::SockRef;
use sockets_blocking::{dial, serve_with, DialOptions, ServeOptions};
use sockets_test_support::certs::TestCa;
use sockets_test_support::run_blocking;

#[test]
fn plain_and_tls_sockets_and_their_halves_expose_the_tcp_descriptor() {
    let ca = TestCa::new("sockets test CA");
    let leaf = ca.leaf(&["localhost"]);
    let config = ca.client_config();
    run_blocking(move || {
        let options = ServeOptions::default().tls(leaf.cert_pem, leaf.key_pem);
        let server = serve_with("127.0.0.1", 0, options, |mut conn| {
            // The server side's descriptor is the TCP one, under TLS too.
            let peer = SockRef::from(&conn.stream).peer_addr()?.as_socket();
            if peer != Some(conn.stream.remote_addr()) {
                return Err(std::io::Error::other(
                    "the descriptor is not the TCP socket's",
                ));
            }
            conn.stream.writeln("ready")?;
            conn.stream.read_line()?;
            conn.stream.close()
        })
        .unwrap();
        let port = server.local_addr().port();
        let mut client =
            dial("localhost", port, DialOptions::default().tls_config(config)).unwrap();
        assert!(client.is_tls());
        assert_eq!(client.read_line().unwrap().as_deref(), Some("ready"));
        let options = SockRef::from(&client);
        assert_eq!(
            options.peer_addr().unwrap().as_socket(),
            Some(client.remote_addr())
        );
        options.set_keepalive(true).unwrap();
        assert!(options.keepalive().unwrap());
        #[cfg(unix)]
        let raw = std::os::fd::AsRawFd::as_raw_fd(&client);
        let (reader, mut writer) = client.split();
        for half in [SockRef::from(&reader), SockRef::from(&writer)] {
            assert!(half.keepalive().unwrap(), "the halves share the descriptor");
        }
        #[cfg(unix)]
        assert_eq!(std::os::fd::AsRawFd::as_raw_fd(&writer), raw);
        writer.writeln("bye").unwrap();
        writer.close().unwrap();
        server.close().unwrap();
        assert_eq!(server.stats().handler_errors, 0);
    });
}

#[test]
fn the_descriptor_stays_valid_after_close() {
    run_blocking(|| {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let mut socket = dial("127.0.0.1", port, DialOptions::default()).unwrap();
        let (mut peer, _) = listener.accept().unwrap();
        socket.close().unwrap();
        // Still this socket's descriptor: options answer, nothing reused.
        let options = SockRef::from(&socket);
        assert_eq!(
            options.local_addr().unwrap().as_socket(),
            Some(socket.local_addr())
        );
        // The peer sees the end at close, not at drop.
        let mut rest = Vec::new();
        std::io::Read::read_to_end(&mut peer, &mut rest).unwrap();
        assert!(rest.is_empty());
    });
}
