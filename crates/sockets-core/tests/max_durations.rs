//! Duration::MAX as a limit means "no limit": it never overflows the clock
//! (DialOptions::timeout(Duration::MAX) used to panic in dial).

use std::time::Duration;

use sockets_core::{dial, DialOptions};
use sockets_test_support::certs::TestCa;
use sockets_test_support::peers::{openssl_s_server, std_echo_peer};
use sockets_test_support::run;

#[test]
fn dial_with_the_largest_timeout_connects() {
    let (port, peer) = std_echo_peer();
    run(async {
        let options = DialOptions::default()
            .timeout(Duration::MAX)
            .read_timeout(Some(Duration::MAX))
            .write_timeout(Some(Duration::MAX));
        let mut socket = dial("127.0.0.1", port, options).await.unwrap();
        socket.writeln("ping").await.unwrap();
        assert_eq!(socket.read_line().await.unwrap().as_deref(), Some("ping"));
        socket.close().await.unwrap();
    });
    peer.join().unwrap();
}

#[test]
fn tls_dial_with_the_largest_timeout_connects() {
    let ca = TestCa::new("sockets test CA");
    let leaf = ca.leaf(&["localhost"]);
    let server = openssl_s_server(&leaf.cert_pem, &leaf.key_pem);
    run(async {
        let options = DialOptions::default()
            .ca_pem(ca.cert_pem())
            .timeout(Duration::MAX);
        let mut socket = dial("localhost", server.port, options).await.unwrap();
        socket.writeln("hello").await.unwrap();
        assert_eq!(socket.read_line().await.unwrap().as_deref(), Some("olleh"));
        socket.close().await.unwrap();
    });
}
