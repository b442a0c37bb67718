//! The blocking client: errors, timeouts, line limits, std trait impls (the
//! BufRead::lines trap), split halves, TLS against openssl, python HTTP.

// BufRead, Read and Write are imported on purpose: the inherent methods
// must still win.
use std::io::{BufRead, ErrorKind, Read, Write};
use std::net::TcpListener;
use std::thread;
use std::time::Duration;

use sockets_blocking::{dial, DialOptions, Socket};
use sockets_test_support::certs::TestCa;
use sockets_test_support::peers::{
    openssl_s_server, python_http_server, std_echo_peer, std_peer_trickling, TempDir,
};
use sockets_test_support::run_blocking;

fn connect(port: u16) -> Socket {
    dial("127.0.0.1", port, DialOptions::default()).unwrap()
}

#[test]
fn http_get_against_python_http_server() {
    let dir = TempDir::new("www");
    dir.write("index.html", b"hello from python\n");
    let server = python_http_server(dir);
    let port = server.port;
    run_blocking(move || {
        let mut client = connect(port);
        client.writeln("GET / HTTP/1.0").unwrap();
        client.writeln("Host: 127.0.0.1").unwrap();
        client.writeln("").unwrap();
        let response = String::from_utf8(client.read_all().unwrap()).unwrap();
        assert!(response.starts_with("HTTP/1.0 200"), "{response}");
        assert!(
            response.ends_with("\r\n\r\nhello from python\n"),
            "{response}"
        );
        client.close().unwrap();
    });
}

#[test]
fn dial_errors_are_the_cores() {
    run_blocking(|| {
        let e = dial("", 80, DialOptions::default()).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput);
        let (_refusing, port) = sockets_test_support::refusing_port();
        let e = dial("127.0.0.1", port, DialOptions::default()).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::ConnectionRefused, "{e}");
        assert!(e.to_string().contains(&format!("127.0.0.1:{port}")), "{e}");
    });
}

#[test]
fn lines_method_wins_over_bufread_lines_and_for_loops_work() {
    let (port, peer) = std_echo_peer();
    run_blocking(move || {
        let mut socket = connect(port);
        socket.write(b"one\r\ntwo\nthree\nfour\nfive").unwrap();
        socket.close_write().unwrap();
        // With BufRead in scope this must be Socket::lines(&mut self).
        let first: Vec<String> = socket.lines().take(2).map(Result::unwrap).collect();
        assert_eq!(first, ["one", "two"]);
        assert_eq!(socket.read(3).unwrap(), b"thr");
        let mut rest = Vec::new();
        for line in &mut socket {
            rest.push(line.unwrap());
        }
        assert_eq!(rest, ["ee", "four", "five"]);
        assert!(
            !socket.is_closed(),
            "the socket is still ours after iterating"
        );
        socket.close().unwrap();
    });
    peer.join().unwrap();
}

#[test]
fn std_read_write_and_bufread_share_the_buffer() {
    let (port, peer) = std_echo_peer();
    run_blocking(move || {
        let mut socket = connect(port);
        Write::write_all(&mut socket, b"alpha\nbeta\ngamma").unwrap();
        Write::flush(&mut socket).unwrap();
        socket.close_write().unwrap();
        let mut first = String::new();
        BufRead::read_line(&mut &mut socket, &mut first).unwrap();
        assert_eq!(first, "alpha\n");
        assert_eq!(socket.read_line().unwrap().as_deref(), Some("beta"));
        let mut rest = String::new();
        Read::read_to_string(&mut socket, &mut rest).unwrap();
        assert_eq!(rest, "gamma");
        let std_lines: Vec<_> = BufRead::lines(&mut socket).collect();
        assert!(std_lines.is_empty());
    });
    peer.join().unwrap();
}

#[test]
fn read_timeout_bounds_the_whole_read_line() {
    let (port, peer) = std_peer_trickling();
    run_blocking(move || {
        let options = DialOptions::default().read_timeout(Some(Duration::from_millis(300)));
        let mut socket = dial("127.0.0.1", port, options).unwrap();
        let e = socket.read_line().unwrap_err();
        assert_eq!(e.kind(), ErrorKind::TimedOut, "{e}");
        assert!(e.to_string().contains("reading from 127.0.0.1"), "{e}");
        socket.close().unwrap();
    });
    peer.join().unwrap();
}

#[test]
fn long_line_and_invalid_utf8_are_invalid_data() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let peer = thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let _ = stream.write_all(b"\xff\xfe\n");
        let _ = stream.write_all(&vec![b'x'; 4 << 20]);
    });
    run_blocking(move || {
        let options = DialOptions::default().max_line_length(100);
        let mut socket = dial("127.0.0.1", port, options).unwrap();
        assert_eq!(
            socket.read_line().unwrap_err().kind(),
            ErrorKind::InvalidData
        );
        let e = socket.read_line().unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidData);
        assert!(e.to_string().contains("max_line_length (100 bytes)"), "{e}");
        // The rest of the long line is skipped, reported once: the
        // iterator then meets end of stream, not another error.
        assert_eq!(socket.lines().filter(Result::is_err).count(), 0);
        socket.close().unwrap();
    });
    peer.join().unwrap();
}

#[test]
fn use_after_close_and_close_twice() {
    let (port, peer) = std_echo_peer();
    run_blocking(move || {
        let mut socket = connect(port);
        socket.close().unwrap();
        socket.close().unwrap();
        assert!(socket.is_closed());
        assert_eq!(
            socket.read_line().unwrap_err().kind(),
            ErrorKind::NotConnected
        );
        assert_eq!(
            socket.write(b"x").unwrap_err().kind(),
            ErrorKind::NotConnected
        );
        assert_eq!(
            Read::read(&mut socket, &mut [0; 4]).unwrap_err().kind(),
            ErrorKind::NotConnected
        );
    });
    peer.join().unwrap();
}

#[test]
fn split_reads_on_one_thread_while_writing_on_another() {
    let (port, peer) = std_echo_peer();
    run_blocking(move || {
        let (mut reader, mut writer) = connect(port).split();
        let writing = thread::spawn(move || {
            for i in 0..2000 {
                writer.writeln(&format!("line {i}")).unwrap();
            }
            writer.close().unwrap();
        });
        let mut count = 0;
        for line in &mut reader {
            assert_eq!(line.unwrap(), format!("line {count}"));
            count += 1;
        }
        assert_eq!(count, 2000);
        writing.join().unwrap();
    });
    peer.join().unwrap();
}

#[test]
fn into_async_and_back_keeps_the_buffer() {
    let (port, peer) = std_echo_peer();
    run_blocking(move || {
        let mut socket = connect(port);
        socket.write(b"a\nb\n").unwrap();
        socket.close_write().unwrap();
        assert_eq!(socket.read_line().unwrap().as_deref(), Some("a"));
        let mut inner = socket.into_async();
        let mut socket = Socket::from({
            let line = futures_lite::future::block_on(inner.read_line()).unwrap();
            assert_eq!(line.as_deref(), Some("b"));
            inner
        });
        assert_eq!(socket.read_line().unwrap(), None);
    });
    peer.join().unwrap();
}

#[test]
fn tls_against_openssl_trusted_and_rejected() {
    let ca = TestCa::new("sockets test CA");
    let leaf = ca.leaf(&["localhost"]);
    let server = openssl_s_server(&leaf.cert_pem, &leaf.key_pem);
    let port = server.port;
    let config = ca.client_config();
    run_blocking(move || {
        let mut socket =
            dial("localhost", port, DialOptions::default().tls_config(config)).unwrap();
        assert!(socket.is_tls());
        socket.writeln("blocking").unwrap();
        assert_eq!(socket.read_line().unwrap().as_deref(), Some("gnikcolb"));
        socket.close().unwrap();
        let e = dial("localhost", port, DialOptions::default().tls(true)).unwrap_err();
        assert!(
            matches!(e.kind(), ErrorKind::InvalidData | ErrorKind::NotFound),
            "{e}"
        );
    });
}

#[test]
fn stalled_tls_handshake_times_out_within_the_dial_timeout() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let config = TestCa::new("unused").client_config();
    run_blocking(move || {
        let options = DialOptions::default()
            .tls_config(config)
            .timeout(Duration::from_millis(300));
        let e = dial("localhost", port, options).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::TimedOut, "{e}");
        drop(listener);
    });
}

#[test]
fn socket_and_halves_are_send_and_debug() {
    fn assert_traits<T: Send + std::fmt::Debug>() {}
    assert_traits::<Socket>();
    assert_traits::<sockets_blocking::ReadHalf>();
    assert_traits::<sockets_blocking::WriteHalf>();
}
