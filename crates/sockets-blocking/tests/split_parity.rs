//! The halves of a blocking socket have the socket's own methods (one read
//! part, one write part, one options part): addresses, TLS flag, timeouts,
//! socket options and their errors behave the same on `Socket`, `ReadHalf`
//! and `WriteHalf`, as in the core (crates/sockets-core/tests/split_parity.rs).

use std::io::ErrorKind;
use std::time::Duration;

use socket2::SockRef;
use sockets_blocking::{dial, serve_with, DialOptions, ServeOptions};
use sockets_test_support::certs::TestCa;
use sockets_test_support::peers::std_echo_peer;
use sockets_test_support::run_blocking;

#[test]
fn options_set_on_one_half_reach_the_shared_descriptor() {
    let (port, _peer) = std_echo_peer();
    run_blocking(move || {
        let socket = dial("127.0.0.1", port, DialOptions::default()).unwrap();
        let (local, remote) = (socket.local_addr(), socket.remote_addr());
        assert!(!socket.is_tls());
        let (reader, writer) = socket.split();
        assert_eq!((reader.local_addr(), reader.remote_addr()), (local, remote));
        assert_eq!((writer.local_addr(), writer.remote_addr()), (local, remote));
        assert!(!reader.is_tls() && !writer.is_tls());

        assert!(reader.nodelay().unwrap() && writer.nodelay().unwrap());
        reader.set_nodelay(false).unwrap();
        assert!(!writer.nodelay().unwrap());
        assert!(!SockRef::from(&writer).tcp_nodelay().unwrap());
        writer.set_keepalive(Some(Duration::from_secs(42))).unwrap();
        assert!(SockRef::from(&reader).keepalive().unwrap());
        let e = reader
            .set_keepalive(Some(Duration::from_millis(10)))
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput);
        writer.set_linger(Some(Duration::from_secs(1))).unwrap();
        assert_eq!(reader.linger().unwrap(), Some(Duration::from_secs(1)));
        reader.set_ttl(17).unwrap();
        assert_eq!(writer.ttl().unwrap(), 17);
        let e = writer.set_ttl(1000).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput);
    });
}

#[test]
fn timeouts_are_set_per_half_with_the_socket_rules() {
    let (port, _peer) = std_echo_peer();
    run_blocking(move || {
        let mut socket = dial("127.0.0.1", port, DialOptions::default()).unwrap();
        for e in [
            socket.set_read_timeout(Some(Duration::ZERO)).unwrap_err(),
            socket.set_write_timeout(Some(Duration::ZERO)).unwrap_err(),
        ] {
            assert_eq!(e.kind(), ErrorKind::InvalidInput);
        }
        let (mut reader, mut writer) = socket.split();
        let e = reader.set_read_timeout(Some(Duration::ZERO)).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput);
        let e = writer.set_write_timeout(Some(Duration::ZERO)).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput);

        reader
            .set_read_timeout(Some(Duration::from_millis(50)))
            .unwrap();
        assert_eq!(reader.read_timeout(), Some(Duration::from_millis(50)));
        let e = reader.read_line().unwrap_err(); // the peer says nothing
        assert_eq!(e.kind(), ErrorKind::TimedOut);
        assert!(e.to_string().contains(&port.to_string()), "{e}");

        writer
            .set_write_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        assert_eq!(writer.write_timeout(), Some(Duration::from_secs(5)));
        writer.writeln("after the timeout").unwrap();
        reader.set_read_timeout(None).unwrap();
        assert_eq!(reader.read_timeout(), None);
        assert_eq!(
            reader.read_line().unwrap().as_deref(),
            Some("after the timeout")
        );
    });
}

#[test]
fn halves_of_a_tls_socket_say_tls() {
    let ca = TestCa::new("sockets test CA");
    let leaf = ca.leaf(&["localhost"]);
    let config = ca.client_config();
    run_blocking(move || {
        let options = ServeOptions::default().tls(leaf.cert_pem, leaf.key_pem);
        let server = serve_with("127.0.0.1", 0, options, |conn| {
            let (reader, mut writer) = conn.stream.split();
            if !(reader.is_tls() && writer.is_tls()) {
                return Err(std::io::Error::other("a server half is not TLS"));
            }
            writer.writeln("tls")?;
            writer.close()
        })
        .unwrap();
        let options = DialOptions::default().tls_config(config);
        let socket = dial("localhost", server.local_addr().port(), options).unwrap();
        assert!(socket.is_tls());
        let (mut reader, writer) = socket.split();
        assert!(reader.is_tls() && writer.is_tls());
        writer.set_nodelay(false).unwrap(); // the TCP descriptor under TLS
        assert!(!reader.nodelay().unwrap());
        assert_eq!(reader.read_line().unwrap().as_deref(), Some("tls"));
        server.close().unwrap();
    });
}

#[test]
fn halves_of_a_closed_socket_say_not_connected_naming_the_peer() {
    let (port, _peer) = std_echo_peer();
    run_blocking(move || {
        let mut socket = dial("127.0.0.1", port, DialOptions::default()).unwrap();
        socket.close().unwrap();
        let e = socket.set_nodelay(true).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::NotConnected);
        let (mut reader, mut writer) = socket.split();
        for e in [
            reader.nodelay().unwrap_err(),
            writer.ttl().unwrap_err(),
            reader.set_linger(None).unwrap_err(),
            writer.set_keepalive(None).unwrap_err(),
            reader.read_line().unwrap_err(),
            writer.write(b"x").unwrap_err(),
        ] {
            assert_eq!(e.kind(), ErrorKind::NotConnected);
            assert!(e.to_string().contains(&port.to_string()), "{e}");
        }
        assert!(reader.buffered().is_empty());
    });
}
