//! Socket options on live sockets and through the options, adopting std
//! streams, and binding a client's local address.

use sockets_test_support as support;

use std::io::ErrorKind;
use std::net::SocketAddr;
use std::time::Duration;

use socket2::SockRef;
use sockets_core::{dial, serve_with, DialOptions, ServeOptions, Socket};
use support::peers::std_echo_peer;
use support::run;

/// The keepalive state of a plain, idle socket, read back from the system.
fn keepalive_of(socket: &Socket) -> (bool, Duration) {
    let sock = SockRef::from(socket);
    (
        sock.keepalive().unwrap(),
        sock.tcp_keepalive_time().unwrap(),
    )
}

#[test]
fn options_on_a_live_socket_reach_the_system() {
    let (port, _peer) = std_echo_peer();
    run(async {
        let mut socket = dial("127.0.0.1", port, DialOptions::default())
            .await
            .unwrap();
        assert!(socket.nodelay().unwrap());
        socket.set_nodelay(false).unwrap();
        assert!(!socket.nodelay().unwrap());

        socket.set_keepalive(Some(Duration::from_secs(42))).unwrap();
        assert_eq!(keepalive_of(&socket), (true, Duration::from_secs(42)));
        socket.set_keepalive(None).unwrap();
        assert!(!keepalive_of(&socket).0);
        let e = socket
            .set_keepalive(Some(Duration::from_millis(10)))
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput);

        socket.set_linger(Some(Duration::from_secs(3))).unwrap();
        assert_eq!(socket.linger().unwrap(), Some(Duration::from_secs(3)));
        socket.set_linger(None).unwrap();
        assert_eq!(socket.linger().unwrap(), None);

        socket.set_ttl(7).unwrap();
        assert_eq!(socket.ttl().unwrap(), 7);
        let e = socket.set_ttl(1000).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput, "{e}");
        assert!(e.to_string().contains("set_ttl"), "{e}");

        // The socket still works after all that.
        socket.writeln("still here").await.unwrap();
        assert_eq!(
            socket.read_line().await.unwrap().as_deref(),
            Some("still here")
        );

        socket.close().await.unwrap();
        let e = socket.set_nodelay(true).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::NotConnected);
        assert!(e.to_string().contains("set_nodelay"), "{e}");
    });
}

#[test]
fn ttl_on_ipv6_is_the_hop_limit() {
    let Ok(listener) = std::net::TcpListener::bind("[::1]:0") else {
        return; // no IPv6 loopback on this machine
    };
    let port = listener.local_addr().unwrap().port();
    run(async {
        let socket = dial("::1", port, DialOptions::default()).await.unwrap();
        socket.set_ttl(9).unwrap();
        assert_eq!(socket.ttl().unwrap(), 9);
        assert_eq!(SockRef::from(&socket).unicast_hops_v6().unwrap(), 9);
    });
}

/// Accepted sockets get the server's options, whether the system copies
/// them from the listener (Linux) or each accept sets them.
#[test]
fn accepted_sockets_get_nodelay_from_serve_options() {
    run(async {
        for nodelay in [true, false] {
            let options = ServeOptions::default().nodelay(nodelay);
            let server = serve_with("127.0.0.1", 0, options, |mut conn| async move {
                let nodelay = conn.stream.nodelay()?;
                conn.stream.writeln(&nodelay.to_string()).await
            })
            .await
            .unwrap();
            let port = server.local_addr().port();
            let mut socket = dial("127.0.0.1", port, DialOptions::default())
                .await
                .unwrap();
            let answer = socket.read_line().await.unwrap();
            assert_eq!(answer, Some(nodelay.to_string()));
            server.close().await.unwrap();
        }
    });
}

#[test]
fn keepalive_from_dial_and_serve_options() {
    run(async {
        let options = ServeOptions::default().keepalive(Some(Duration::from_secs(77)));
        let server = serve_with("127.0.0.1", 0, options, |mut conn| async move {
            let (on, idle) = keepalive_of(&conn.stream);
            conn.stream
                .writeln(&format!("{on} {}", idle.as_secs()))
                .await
        })
        .await
        .unwrap();
        let options = DialOptions::default().keepalive(Some(Duration::from_secs(55)));
        let mut socket = dial("127.0.0.1", server.local_addr().port(), options)
            .await
            .unwrap();
        assert_eq!(keepalive_of(&socket), (true, Duration::from_secs(55)));
        assert_eq!(
            socket.read_line().await.unwrap().as_deref(),
            Some("true 77")
        );
        server.close().await.unwrap();

        let options = DialOptions::default().keepalive(Some(Duration::ZERO));
        let e = dial("127.0.0.1", 1, options).await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput);
        assert!(e.to_string().contains("keepalive"), "{e}");
    });
}

#[test]
fn a_std_stream_is_adopted_with_its_options() {
    let (port, _peer) = std_echo_peer();
    run(async {
        let stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream.set_nodelay(false).unwrap();
        let local = stream.local_addr().unwrap();
        let mut socket = Socket::try_from(stream).unwrap();
        assert_eq!(socket.local_addr(), local);
        assert_eq!(socket.remote_addr().port(), port);
        assert!(!socket.nodelay().unwrap(), "the stream's own setting stays");
        assert!(!socket.is_tls());
        socket.writeln("adopted").await.unwrap();
        assert_eq!(
            socket.read_line().await.unwrap().as_deref(),
            Some("adopted")
        );
    });
}

#[test]
fn an_unconnected_stream_is_refused() {
    let unconnected: std::net::TcpStream =
        socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None)
            .unwrap()
            .into();
    let e = Socket::try_from(unconnected).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotConnected, "{e}");
    assert!(e.to_string().contains("cannot adopt"), "{e}");
}

#[test]
fn local_addr_binds_before_connecting() {
    let (port, _peer) = std_echo_peer();
    // A source port of our own: reserve one, free it, bind the dial to it.
    let reserved = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let local = reserved.local_addr().unwrap();
    drop(reserved);
    run(async {
        let options = DialOptions::default().local_addr(local);
        match dial("127.0.0.1", port, options).await {
            Ok(socket) => assert_eq!(socket.local_addr(), local),
            // Another test took the freed port in between: still a clear error.
            Err(e) => assert_eq!(e.kind(), ErrorKind::AddrInUse, "{e}"),
        }

        let (port, _peer) = std_echo_peer(); // one connection per peer
        let any_port: SocketAddr = "127.0.0.1:0".parse().unwrap();
        let options = DialOptions::default().local_addr(any_port);
        let socket = dial("localhost", port, options).await.unwrap();
        assert!(socket.local_addr().is_ipv4()); // ::1 skipped if localhost has it
        assert_eq!(socket.remote_addr().port(), port);
    });
}

#[test]
fn local_addr_of_the_other_family_is_invalid_input() {
    run(async {
        let v6: SocketAddr = "[::1]:0".parse().unwrap();
        let e = dial("127.0.0.1", 9, DialOptions::default().local_addr(v6))
            .await
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput, "{e}");
        assert!(e.to_string().contains("[::1]:0"), "{e}");
        assert!(e.to_string().contains("127.0.0.1:9"), "{e}");
    });
}

#[test]
fn binding_an_address_we_do_not_have_names_it() {
    run(async {
        // TEST-NET-1 (RFC 5737): never assigned to a local interface.
        let foreign: SocketAddr = "192.0.2.1:0".parse().unwrap();
        let e = dial("127.0.0.1", 9, DialOptions::default().local_addr(foreign))
            .await
            .unwrap_err();
        assert!(e.to_string().contains("192.0.2.1:0"), "{e}");
    });
}
