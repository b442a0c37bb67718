//! The halves of a socket have the socket's own methods (one read part,
//! one write part): addresses, timeouts, socket options and their errors
//! behave the same on `Socket`, `ReadHalf` and `WriteHalf`.

use sockets_test_support as support;

use std::io::ErrorKind;
use std::time::Duration;

use socket2::SockRef;
use sockets_core::{dial, DialOptions};
use support::peers::std_echo_peer;
use support::run;

#[test]
fn options_set_on_one_half_reach_the_shared_descriptor() {
    let (port, _peer) = std_echo_peer();
    run(async {
        let socket = dial("127.0.0.1", port, DialOptions::default())
            .await
            .unwrap();
        let (local, remote) = (socket.local_addr(), socket.remote_addr());
        let (reader, writer) = socket.split();
        assert_eq!((reader.local_addr(), reader.remote_addr()), (local, remote));
        assert_eq!((writer.local_addr(), writer.remote_addr()), (local, remote));
        assert!(!reader.is_tls() && !writer.is_tls());

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
    });
}

#[test]
fn timeouts_are_set_per_half_with_the_socket_rules() {
    let (port, _peer) = std_echo_peer();
    run(async {
        let socket = dial("127.0.0.1", port, DialOptions::default())
            .await
            .unwrap();
        let (mut reader, mut writer) = socket.split();
        let e = reader.set_read_timeout(Some(Duration::ZERO)).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput);
        let e = writer.set_write_timeout(Some(Duration::ZERO)).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput);

        reader
            .set_read_timeout(Some(Duration::from_millis(50)))
            .unwrap();
        assert_eq!(reader.read_timeout(), Some(Duration::from_millis(50)));
        let e = reader.read_line().await.unwrap_err(); // the peer says nothing
        assert_eq!(e.kind(), ErrorKind::TimedOut);
        assert!(e.to_string().contains(&port.to_string()), "{e}");

        writer
            .set_write_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        assert_eq!(writer.write_timeout(), Some(Duration::from_secs(5)));
        writer.writeln("after the timeout").await.unwrap();
        assert_eq!(
            reader.read_line().await.unwrap().as_deref(),
            Some("after the timeout")
        );
    });
}

#[test]
fn halves_of_a_closed_socket_say_not_connected_naming_the_peer() {
    let (port, _peer) = std_echo_peer();
    run(async {
        let mut socket = dial("127.0.0.1", port, DialOptions::default())
            .await
            .unwrap();
        socket.close().await.unwrap();
        let e = socket.set_nodelay(true).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::NotConnected);
        let (mut reader, mut writer) = socket.split();
        for e in [
            reader.nodelay().unwrap_err(),
            writer.ttl().unwrap_err(),
            reader.read_line().await.unwrap_err(),
            writer.write(b"x").await.unwrap_err(),
        ] {
            assert_eq!(e.kind(), ErrorKind::NotConnected);
            assert!(e.to_string().contains(&port.to_string()), "{e}");
        }
        assert!(reader.buffered().is_empty());
    });
}
