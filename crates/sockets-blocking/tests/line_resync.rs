//! The blocking twins resync after an over-long line as the core does: the
//! issue's input (40 × `x`, a pause, `TAILTAIL\nnext\n`, limit 16).

use std::io::{ErrorKind, Write};
use std::net::TcpListener;
use std::thread;
use std::time::Duration;

use sockets_blocking::{dial, DialOptions, Socket};
use sockets_test_support::run_blocking;

fn connect() -> Socket {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    thread::spawn(move || {
        let (mut peer, _) = listener.accept().unwrap();
        peer.write_all(&[b'x'; 40]).unwrap();
        thread::sleep(Duration::from_millis(300));
        peer.write_all(b"TAILTAIL\nnext\n").unwrap();
        let _ = std::io::copy(&mut peer, &mut std::io::sink());
    });
    dial(
        "127.0.0.1",
        port,
        DialOptions::default().max_line_length(16),
    )
    .unwrap()
}

#[test]
fn read_line_resyncs_after_a_long_line_split_across_segments() {
    run_blocking(|| {
        let mut socket = connect();
        let e = socket.read_line().unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidData, "{e}");
        assert_eq!(socket.read_line().unwrap().as_deref(), Some("next"));

        let (mut reader, _writer) = connect().split();
        let e = reader.read_line().unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidData, "{e}");
        assert_eq!(reader.read_line().unwrap().as_deref(), Some("next"));
    });
}
