//! After an over-long line, every reader skips to that line's end however
//! the bytes arrive: the input, 40 × `x`, a pause, then
//! `TAILTAIL\nnext\n`, with `max_line_length(16)`, gives `InvalidData`
//! once and then `next`, never the fragment `TAILTAIL`.

use std::io::{ErrorKind, Write};
use std::net::TcpListener;
use std::thread;
use std::time::Duration;

use futures_lite::StreamExt;
use sockets_core::{dial, DialOptions, Socket};
use sockets_test_support::run;

/// A std peer that sends the bytes in two segments 300 ms apart,
/// then keeps the connection open until the test side closes.
fn peer() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    thread::spawn(move || {
        let (mut peer, _) = listener.accept().unwrap();
        peer.write_all(&[b'x'; 40]).unwrap();
        thread::sleep(Duration::from_millis(300));
        peer.write_all(b"TAILTAIL\nnext\n").unwrap();
        let _ = std::io::copy(&mut peer, &mut std::io::sink());
    });
    port
}

async fn connect() -> Socket {
    let options = DialOptions::default().max_line_length(16);
    dial("127.0.0.1", peer(), options).await.unwrap()
}

#[test]
fn read_line_resyncs_after_a_long_line_split_across_segments() {
    run(async {
        let mut socket = connect().await;
        let e = socket.read_line().await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidData, "{e}");
        assert_eq!(socket.read_line().await.unwrap().as_deref(), Some("next"));
    });
}

#[test]
fn the_socket_stream_and_lines_resync_too() {
    run(async {
        let mut socket = connect().await;
        let e = socket.next().await.unwrap().unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidData, "{e}");
        assert_eq!(socket.next().await.unwrap().unwrap(), "next");

        let mut socket = connect().await;
        assert_eq!(
            socket.read_line_bytes().await.unwrap_err().kind(),
            ErrorKind::InvalidData
        );
        assert_eq!(
            socket.read_line_bytes().await.unwrap().as_deref(),
            Some(&b"next"[..])
        );
    });
}

#[test]
fn the_reading_half_resyncs_too() {
    run(async {
        let (mut reader, _writer) = connect().await.split();
        let e = reader.read_line().await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidData, "{e}");
        assert_eq!(reader.read_line().await.unwrap().as_deref(), Some("next"));
    });
}
