//! `copy()` into a TLS socket hands every byte to the kernel before it
//! returns (issue 16 §4): the peer answers the request it copied, from a
//! file and from memory, against python's `ssl`.

use std::time::Duration;

use sockets_blocking::{dial, DialOptions};
use sockets_stream::copy;
use sockets_test_support::certs::TestCa;
use sockets_test_support::peers::{python_tls_counter, TempDir};
use sockets_test_support::run_blocking;

#[test]
fn copy_from_a_file_or_memory_then_read_line() {
    run_blocking(|| {
        let mut request = b"x".repeat(8 << 20);
        request.extend_from_slice(b"end\n");
        let dir = TempDir::new("tls_copy");
        let path = dir.write("request", &request);
        let ca = TestCa::new("sockets test CA");
        let leaf = ca.leaf(&["localhost"]);
        let peer = python_tls_counter(&leaf.cert_pem, &leaf.key_pem, request.len(), 2 << 20);
        let options = DialOptions::default()
            .tls_config(ca.client_config())
            .read_timeout(Some(Duration::from_secs(20)));
        let mut socket = dial("localhost", peer.port, options).unwrap();
        let answer = format!("got {}", request.len());
        for round in 0..4 {
            let copied = match round % 2 {
                0 => copy(&mut std::fs::File::open(&path).unwrap(), &mut socket),
                _ => copy(&mut &request[..], &mut socket),
            };
            assert_eq!(copied.unwrap(), request.len() as u64);
            let line = socket
                .read_line()
                .unwrap_or_else(|e| panic!("round {round}: {e}"));
            assert_eq!(line.as_deref(), Some(answer.as_str()), "round {round}");
        }
        socket.close().unwrap();
    });
}
