//! Streams of lines end after a fatal error (TLS, reset, I/O) and after
//! close; recoverable errors (a line too long, not UTF-8) are items and the
//! stream goes on. After a fatal error, reads fail at once with its kind.

use std::io::{ErrorKind, Write};
use std::net::TcpListener;
use std::thread;

use futures_lite::StreamExt;
use sockets_core::{dial, serve_with, DialOptions, ServeOptions};
use sockets_test_support::certs::TestCa;
use sockets_test_support::relay::{Relay, JUNK_TLS_RECORD};
use sockets_test_support::run;

/// A std peer that sends `bytes`, then resets the connection (RST).
fn resetting_peer(bytes: &'static [u8]) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    thread::spawn(move || {
        let (mut peer, _) = listener.accept().unwrap();
        peer.write_all(bytes).unwrap();
        let peer = socket2::Socket::from(peer);
        peer.set_linger(Some(std::time::Duration::ZERO)).unwrap();
        thread::sleep(std::time::Duration::from_millis(100));
        drop(peer); // linger 0: close sends RST
    });
    port
}

#[test]
fn a_junk_tls_record_ends_the_stream_after_one_error() {
    let ca = TestCa::new("fatal errors CA");
    let leaf = ca.leaf(&["127.0.0.1"]);
    run(async {
        let options = ServeOptions::default().tls(leaf.cert_pem, leaf.key_pem);
        let server = serve_with("127.0.0.1", 0, options, |mut conn| async move {
            conn.stream.writeln("ok").await?;
            conn.stream.read_all().await.map(drop) // keeps the connection open
        })
        .await
        .unwrap();
        let relay = Relay::start(server.local_addr());
        let options = DialOptions::default().tls_config(ca.client_config());
        let mut socket = dial("127.0.0.1", relay.port(), options).await.unwrap();

        assert_eq!(socket.next().await.unwrap().unwrap(), "ok");
        relay.inject(&JUNK_TLS_RECORD);
        let e = socket.next().await.unwrap().unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidData, "{e}");
        assert!(socket.next().await.is_none(), "the stream ends");
        assert!(socket.lines().next().await.is_none());
        let again = socket.read_line().await.unwrap_err();
        assert_eq!(again.kind(), ErrorKind::InvalidData, "{again}");
        assert_eq!(
            socket.read(1).await.unwrap_err().kind(),
            ErrorKind::InvalidData
        );
        // The read reported the error; close() only releases the socket
        // (it used to fail with "writing to ...: cannot decrypt").
        socket.close().await.unwrap();
        assert!(socket.is_closed());
        server.close().await.unwrap();
    });
}

#[test]
fn a_reset_ends_the_stream_of_the_socket_its_lines_and_its_reading_half() {
    run(async {
        let mut socket = dial("127.0.0.1", resetting_peer(b"ok\n"), DialOptions::default())
            .await
            .unwrap();
        assert_eq!(socket.next().await.unwrap().unwrap(), "ok");
        let e = socket.next().await.unwrap().unwrap_err();
        assert_eq!(e.kind(), ErrorKind::ConnectionReset, "{e}");
        assert!(socket.next().await.is_none());
        assert_eq!(
            socket.read(1).await.unwrap_err().kind(),
            ErrorKind::ConnectionReset
        );

        let socket = dial("127.0.0.1", resetting_peer(b"ok\n"), DialOptions::default())
            .await
            .unwrap();
        let (mut reader, _writer) = socket.split();
        let items: Vec<Result<String, ErrorKind>> = reader
            .lines()
            .map(|item| item.map_err(|e| e.kind()))
            .collect()
            .await;
        assert_eq!(
            items,
            [Ok("ok".to_owned()), Err(ErrorKind::ConnectionReset)]
        );
        assert!(reader.next().await.is_none());
    });
}

#[test]
fn bad_lines_are_recoverable_items() {
    run(async {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        thread::spawn(move || {
            let (mut peer, _) = listener.accept().unwrap();
            peer.write_all(b"ok\nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n\xff\nend\n")
        });
        let options = DialOptions::default().max_line_length(16);
        let mut socket = dial("127.0.0.1", port, options).await.unwrap();
        let items: Vec<Result<String, ErrorKind>> = socket
            .lines()
            .map(|item| item.map_err(|e| e.kind()))
            .collect()
            .await;
        let expected = [
            Ok("ok".to_owned()),
            Err(ErrorKind::InvalidData),
            Err(ErrorKind::InvalidData),
            Ok("end".to_owned()),
        ];
        assert_eq!(items, expected);
    });
}

#[test]
fn close_ends_the_streams_and_reads_fail_not_connected() {
    run(async {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let mut socket = dial("127.0.0.1", port, DialOptions::default())
            .await
            .unwrap();
        socket.close().await.unwrap();
        assert!(socket.next().await.is_none());
        assert!(socket.lines().next().await.is_none());
        assert_eq!(
            socket.read_line().await.unwrap_err().kind(),
            ErrorKind::NotConnected
        );
        drop(listener);
    });
}
