//! The blocking facade's errors print addresses as `SocketAddr` displays
//! them (`[::1]:18080`), like the core's (`sockets-core/tests/error_addresses.rs`).

use sockets_blocking::{dial, serve_with, DialOptions, ServeOptions};

#[test]
fn ipv6_addresses_are_bracketed_in_dial_and_serve_errors() {
    let e = dial("::1", 18080, DialOptions::default().max_line_length(0)).unwrap_err();
    assert!(e.to_string().starts_with("cannot dial [::1]:18080"), "{e}");

    let bad_tls = ServeOptions::default().tls("not a certificate", "not a key");
    let e = serve_with("::1", 0, bad_tls, |_conn| Ok(())).unwrap_err();
    assert!(
        e.to_string().starts_with("cannot serve TLS on [::1]:0:"),
        "{e}"
    );

    // A refused dial, where this machine has an IPv6 loopback.
    let socket = socket2::Socket::new(socket2::Domain::IPV6, socket2::Type::STREAM, None);
    let loopback = std::net::SocketAddr::from((std::net::Ipv6Addr::LOCALHOST, 0));
    let Ok(socket) = socket.and_then(|s| s.bind(&loopback.into()).map(|()| s)) else {
        eprintln!("skipped the refused dial: no IPv6 loopback");
        return;
    };
    let port = socket.local_addr().unwrap().as_socket().unwrap().port();
    let e = dial("::1", port, DialOptions::default()).unwrap_err();
    assert!(
        e.to_string()
            .starts_with(&format!("could not connect to [::1]:{port}:")),
        "{e}"
    );
}
