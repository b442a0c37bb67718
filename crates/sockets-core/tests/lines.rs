//! Line reading against peers that write raw bytes: terminators, limits,
//! invalid UTF-8, resets, and random chunking (a property test).

use sockets_test_support as support;

use std::io::{ErrorKind, Write};
use std::net::TcpListener;
use std::thread;

use futures::StreamExt;
use proptest::prelude::*;
use sockets_core::{dial, DialOptions};
use support::peers::{chunked, std_peer_trickling, std_peer_writing};
use support::run;

#[test]
fn lines_strip_terminators_and_keep_an_unterminated_last_line() {
    let (port, peer) = std_peer_writing(vec![b"one\r\ntwo\n\nthree\r\nlast".to_vec()]);
    run(async {
        let mut socket = dial("127.0.0.1", port, DialOptions::default())
            .await
            .unwrap();
        let lines: Vec<String> = socket.lines().map(Result::unwrap).collect().await;
        assert_eq!(lines, ["one", "two", "", "three", "last"]);
        assert_eq!(socket.read_line().await.unwrap(), None);
    });
    peer.join().unwrap();
}

#[test]
fn ten_mib_without_newline_fails_early_with_bounded_memory() {
    let (port, _peer) = std_peer_writing(vec![vec![b'x'; 10 << 20]]);
    run(async {
        let options = DialOptions::default().max_line_length(1024);
        let mut socket = dial("127.0.0.1", port, options).await.unwrap();
        let e = socket.read_line().await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidData, "{e}");
        assert!(
            e.to_string().contains("max_line_length (1024 bytes)"),
            "{e}"
        );
        socket.close().await.unwrap();
    });
}

#[test]
fn invalid_utf8_is_invalid_data_and_bytes_variant_reads_it() {
    let (port, peer) = std_peer_writing(vec![b"ok\n\xff\xfe\n\xff\n".to_vec()]);
    run(async {
        let mut socket = dial("127.0.0.1", port, DialOptions::default())
            .await
            .unwrap();
        assert_eq!(socket.read_line().await.unwrap().as_deref(), Some("ok"));
        let e = socket.read_line().await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidData);
        assert!(e.to_string().contains("UTF-8"), "{e}");
        assert_eq!(socket.read_line_bytes().await.unwrap(), Some(vec![0xff]));
    });
    peer.join().unwrap();
}

#[test]
fn peer_reset_mid_line_is_an_error_not_a_line() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let peer = thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        stream.write_all(b"complete\npartial li").unwrap();
        thread::sleep(std::time::Duration::from_millis(50));
        // SO_LINGER 0: close sends RST instead of FIN.
        socket2::SockRef::from(&stream)
            .set_linger(Some(std::time::Duration::ZERO))
            .unwrap();
    });
    run(async {
        let mut socket = dial("127.0.0.1", port, DialOptions::default())
            .await
            .unwrap();
        peer.join().unwrap();
        let first = socket.read_line().await;
        // The kernel may drop unread data on reset: either way no partial line.
        match first {
            Ok(Some(line)) => {
                assert_eq!(line, "complete");
                let e = socket.read_line().await.unwrap_err();
                assert_eq!(e.kind(), ErrorKind::ConnectionReset, "{e}");
            }
            other => assert_eq!(other.unwrap_err().kind(), ErrorKind::ConnectionReset),
        }
    });
}

#[test]
fn read_timeout_bounds_a_whole_read_line_however_bytes_trickle() {
    let (port, peer) = std_peer_trickling();
    run(async {
        let options =
            DialOptions::default().read_timeout(Some(std::time::Duration::from_millis(300)));
        let mut socket = dial("127.0.0.1", port, options).await.unwrap();
        let e = socket.read_line().await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::TimedOut, "{e}");
        assert!(e.to_string().contains("reading from 127.0.0.1"), "{e}");
        socket.close().await.unwrap();
    });
    peer.join().unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn random_chunking_gives_exactly_str_lines(
        text in "([a-z\\r]{0,12}\\n?){0,40}",
        cuts in proptest::collection::vec(0usize..1000, 0..20),
    ) {
        let (port, peer) = std_peer_writing(chunked(text.as_bytes(), &cuts));
        let got: Vec<String> = run(async {
            let mut socket = dial("127.0.0.1", port, DialOptions::default()).await.unwrap();
            socket.lines().map(Result::unwrap).collect().await
        });
        peer.join().unwrap();
        let expected: Vec<&str> = text.lines().collect();
        prop_assert_eq!(got, expected);
    }
}
