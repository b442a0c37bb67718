//! 100 clients each sending an endless line: each handler gets InvalidData
//! as soon as the line passes max_line_length, and the server's memory stays
//! bounded by the limit. Its own test binary with the clients in a python
//! process, so the resident memory measured is the server's alone.

use std::process::{Command, Stdio};

use sockets_core::{serve_with, ServeOptions};
use sockets_test_support::run;

/// Resident memory of this process, in bytes.
fn rss() -> usize {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap();
    statm
        .split_whitespace()
        .nth(1)
        .unwrap()
        .parse::<usize>()
        .unwrap()
        * 4096
}

/// 100 concurrent connections, each writing up to 8 MiB of 'x' without a
/// newline until the server closes it.
const CLIENTS: &str = r#"
import socket, sys, threading
port = int(sys.argv[1])
def endless():
    s = socket.create_connection(('127.0.0.1', port))
    chunk = b'x' * 65536
    try:
        for _ in range(128):
            s.sendall(chunk)
    except OSError:
        pass
    s.close()
threads = [threading.Thread(target=endless) for _ in range(100)]
[t.start() for t in threads]
[t.join() for t in threads]
"#;

#[test]
fn endless_lines_get_invalid_data_with_memory_bounded_by_the_limit() {
    run(async {
        let options = ServeOptions::default().max_line_length(4096);
        let server = serve_with("127.0.0.1", 0, options, |mut conn| async move {
            let e = conn.stream.read_line().await.unwrap_err();
            assert_eq!(e.kind(), std::io::ErrorKind::InvalidData);
            Err(e)
        })
        .await
        .unwrap();
        let port = server.local_addr().port();
        let before = rss();
        let clients = Command::new("python3")
            .args(["-c", CLIENTS, &port.to_string()])
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let status =
            async_std::task::spawn_blocking(move || clients.wait_with_output().unwrap().status)
                .await;
        assert!(status.success());
        server.close().await.unwrap();
        let grown = rss().saturating_sub(before);
        eprintln!(
            "100 endless lines: server resident memory grew by {} KiB",
            grown / 1024
        );
        assert_eq!(server.stats().handler_errors, 100);
        // Up to 800 MiB of endless lines arrived; the server holds a few KiB
        // per connection at most (4 KiB limit + its read buffer).
        assert!(grown < 16 << 20, "server memory grew by {grown} bytes");
    });
}
