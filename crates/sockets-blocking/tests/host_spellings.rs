//! The blocking dial shares the core's one parsed host form: the issue's
//! failing input, `dial("[::1]", port, tls)`, and its sibling spellings.

use std::io::ErrorKind;

use sockets_blocking::{dial, serve_with, DialOptions, ServeOptions};
use sockets_test_support::certs::TestCa;
use sockets_test_support::run_blocking;

#[test]
fn bracketed_and_zoned_ipv6_verify_over_tls() {
    run_blocking(|| {
        let ca = TestCa::new("blocking host spellings CA");
        let leaf = ca.leaf(&["::1"]);
        let options = ServeOptions::default().tls(leaf.cert_pem, leaf.key_pem);
        let server = serve_with("::1", 0, options, |mut conn| conn.stream.writeln("hi")).unwrap();
        let port = server.local_addr().port();
        let tls = DialOptions::default().tls_config(ca.client_config());
        for host in ["[::1]", "::1", "[::1%1]"] {
            let mut socket =
                dial(host, port, tls.clone()).unwrap_or_else(|e| panic!("{host}: {e}"));
            assert_eq!(socket.read_line().unwrap().as_deref(), Some("hi"), "{host}");
        }
        let e = dial(" [::1]", port, tls).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput, "{e}");
        server.close().unwrap();
    });
}

#[test]
fn a_host_with_a_port_is_refused_by_dial_and_listen() {
    run_blocking(|| {
        for host in ["127.0.0.1:80", "example.com:80", "[::1]:80"] {
            let needle = "contains a port; pass the port separately";
            let e = dial(host, 80, DialOptions::default()).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::InvalidInput, "{host}: {e}");
            assert!(e.to_string().contains(needle), "{host}: {e}");
            let e = sockets_blocking::listen(host, 0, ServeOptions::default()).unwrap_err();
            assert!(e.to_string().contains(needle), "{host}: {e}");
        }
    });
}
