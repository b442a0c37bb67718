//! Every dial error: clear kind, message naming the host or address.

use sockets_test_support as support;

use std::io::ErrorKind;
use std::time::Duration;

use sockets_core::{dial, DialOptions};
use support::run;

#[test]
fn bad_input_is_invalid_input_before_any_traffic() {
    run(async {
        let cases = [
            ("", 80, DialOptions::default(), "host is empty"),
            ("127.0.0.1", 0, DialOptions::default(), "port 0"),
            (
                "127.0.0.1",
                80,
                DialOptions::default().timeout(Duration::ZERO),
                "timeout",
            ),
            (
                "127.0.0.1",
                80,
                DialOptions::default().max_line_length(0),
                "max_line_length",
            ),
            (
                "127.0.0.1",
                80,
                DialOptions::default().read_timeout(Some(Duration::ZERO)),
                "read_timeout",
            ),
            (
                "bad_name!",
                443,
                DialOptions::default().tls(true),
                "not a valid TLS server name",
            ),
        ];
        for (host, port, options, needle) in cases {
            let e = dial(host, port, options).await.unwrap_err();
            assert_eq!(e.kind(), ErrorKind::InvalidInput, "{host}:{port}: {e}");
            assert!(e.to_string().contains(needle), "{e}");
        }
    });
}

#[test]
fn unresolvable_host_names_the_host() {
    run(async {
        let options = DialOptions::default().timeout(Duration::from_secs(10));
        let e = dial("no-such-host.invalid", 80, options).await.unwrap_err();
        assert!(e.to_string().contains("'no-such-host.invalid'"), "{e}");
    });
}

#[test]
fn refused_names_the_address() {
    run(async {
        let (_refusing, port) = support::refusing_port();
        let e = dial("127.0.0.1", port, DialOptions::default())
            .await
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::ConnectionRefused, "{e}");
        assert!(e.to_string().contains(&format!("127.0.0.1:{port}")), "{e}");
    });
}

#[test]
fn localhost_tries_every_address_and_lists_them() {
    run(async {
        let (_refusing, port) = support::refusing_port();
        let e = dial("localhost", port, DialOptions::default())
            .await
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::ConnectionRefused, "{e}");
        assert!(e.to_string().contains(&format!("localhost:{port}")), "{e}");
    });
}

#[test]
fn localhost_connects_over_whichever_family_listens() {
    run(async {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let socket = dial("localhost", port, DialOptions::default())
            .await
            .unwrap();
        assert_eq!(socket.remote_addr(), listener.local_addr().unwrap());
    });
}

#[test]
fn ipv6_literals_work_with_and_without_brackets() {
    let Ok(listener) = std::net::TcpListener::bind("[::1]:0") else {
        eprintln!("skipped: this machine has no IPv6 loopback");
        return;
    };
    let port = listener.local_addr().unwrap().port();
    run(async {
        for host in ["::1", "[::1]"] {
            let socket = dial(host, port, DialOptions::default()).await.unwrap();
            assert!(socket.remote_addr().is_ipv6());
        }
    });
}

#[test]
fn stalled_tls_handshake_times_out_within_the_dial_timeout() {
    run(async {
        // Accepts TCP and never says a word.
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let ca = support::certs::TestCa::new("unused");
        let options = DialOptions::default()
            .tls_config(ca.client_config())
            .timeout(Duration::from_millis(300));
        let e = dial("localhost", port, options).await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::TimedOut, "{e}");
        assert!(
            e.to_string().contains("TLS handshake with localhost"),
            "{e}"
        );
        drop(listener);
    });
}
