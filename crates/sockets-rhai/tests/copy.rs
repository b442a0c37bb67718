//! `streams::copy()` in scripts keeps the library's kernel path and its
//! bounds: a file into a socket arrives whole, and into a socket nobody
//! reads it fails after the dial's `timeoutMs` instead of hanging.

use std::io::Read;
use std::net::TcpListener;

use rhai::Scope;
use sockets_rhai::Runtime;
use sockets_test_support::peers::TempDir;

const COPY_FILE: &str = r#"
    let s = sockets::dial("127.0.0.1", port, #{timeoutMs: 500});
    let sent = 0;
    let message = "";
    try { sent = streams::copy(streams::open(path), s); } catch (e) { message = e; }
    s.close();
"#;

/// Runs [`COPY_FILE`] and returns (`sent`, `message`).
fn copy_file(port: u16, path: &std::path::Path) -> (i64, String) {
    let mut scope = Scope::new();
    scope.push("port", i64::from(port));
    scope.push("path", path.display().to_string());
    Runtime::new()
        .run_with_scope(&mut scope, COPY_FILE)
        .unwrap();
    (
        scope.get_value::<i64>("sent").unwrap(),
        scope.get_value::<String>("message").unwrap(),
    )
}

#[test]
fn a_file_copied_into_a_socket_arrives_whole() {
    let data: Vec<u8> = (0..(4 << 20) + 3).map(|i| (i % 251) as u8).collect();
    let dir = TempDir::new("rhai-copy");
    let path = dir.write("data", &data);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let reading = std::thread::spawn(move || {
        let (mut peer, _) = listener.accept().unwrap();
        let mut received = Vec::new();
        peer.read_to_end(&mut received).map(|_| received)
    });
    let (sent, message) = copy_file(port, &path);
    assert_eq!(message, "");
    assert_eq!(sent, data.len() as i64);
    let received = reading.join().unwrap().unwrap();
    assert!(received == data, "the copied bytes differ");
}

#[test]
fn a_file_copied_into_a_socket_nobody_reads_fails_after_timeout_ms() {
    let dir = TempDir::new("rhai-copy-timeout");
    let path = dir.write("big", &vec![b'x'; 64 << 20]);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let holding = std::thread::spawn(move || listener.accept().map(|(peer, _)| peer));
    let (sent, message) = copy_file(port, &path);
    assert_eq!(sent, 0);
    assert!(message.contains("timed out after 500ms"), "{message}");
    assert!(message.contains(&format!("127.0.0.1:{port}")), "{message}");
    drop(holding.join().unwrap());
}
