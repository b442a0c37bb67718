//! Blocking mode (`__private::block_on`, what the facade runs every call
//! with): a socket's own read and write timeouts hold, with the same error
//! as on an executor, and a future waiting on two sockets at once works.

use std::io::{ErrorKind, Write};
use std::net::TcpListener;
use std::time::Duration;

use sockets_core::__private::block_on;
use sockets_core::{dial, DialOptions};
use sockets_test_support::run_blocking;

#[test]
fn read_timeout_holds_under_block_on() {
    run_blocking(|| {
        let silent = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = silent.local_addr().unwrap();
        let options = DialOptions::default().read_timeout(Some(Duration::from_millis(100)));
        let mut socket = block_on(dial("127.0.0.1", addr.port(), options)).unwrap();
        let e = block_on(socket.read_line()).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::TimedOut);
        assert_eq!(
            e.to_string(),
            format!("reading from {addr} timed out after 100ms")
        );
        // The deadline ended with its call: the next call gets its own.
        let e = block_on(socket.read(10)).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::TimedOut);
    });
}

#[test]
fn write_timeout_holds_under_block_on() {
    run_blocking(|| {
        let never_reads = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = never_reads.local_addr().unwrap();
        let options = DialOptions::default().write_timeout(Some(Duration::from_millis(200)));
        let mut socket = block_on(dial("127.0.0.1", addr.port(), options)).unwrap();
        let _peer = never_reads.accept().unwrap();
        let e = block_on(socket.write(&vec![b'x'; 64 << 20])).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::TimedOut);
        assert_eq!(
            e.to_string(),
            format!("writing to {addr} timed out after 200ms")
        );
    });
}

#[test]
fn a_future_waiting_on_two_sockets_wakes_for_either() {
    run_blocking(|| {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let mut first = block_on(dial("127.0.0.1", port, DialOptions::default())).unwrap();
        let (mut first_peer, _) = listener.accept().unwrap();
        let mut second = block_on(dial("127.0.0.1", port, DialOptions::default())).unwrap();
        let (_second_peer, _) = listener.accept().unwrap();
        // Only the socket polled first gets a line, after the thread waits.
        let writer = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(100));
            first_peer.write_all(b"from the first\n").unwrap();
            first_peer
        });
        let line = block_on(futures_lite::future::or(
            async { ("first", first.read_line().await) },
            async { ("second", second.read_line().await) },
        ));
        assert_eq!(line.0, "first");
        assert_eq!(line.1.unwrap().as_deref(), Some("from the first"));
        drop(writer.join().unwrap());
    });
}
