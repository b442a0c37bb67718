//! Every error message prints addresses the way `SocketAddr` displays
//! them: an IPv6 literal in brackets (`[::1]:18080`), in the async core (the
//! blocking facade's twin is `sockets-blocking/tests/error_addresses.rs`).

use std::io::ErrorKind;

use sockets_core::{dial, serve_with, DialOptions, ServeOptions};
use sockets_test_support::run;

/// A port on ::1 that refuses connections while the socket lives (bound,
/// never listening); `None` where this machine has no IPv6 loopback.
fn refusing_ipv6_port() -> Option<(socket2::Socket, u16)> {
    use socket2::{Domain, Socket, Type};
    let socket = Socket::new(Domain::IPV6, Type::STREAM, None).ok()?;
    let loopback = std::net::SocketAddr::from((std::net::Ipv6Addr::LOCALHOST, 0));
    socket.bind(&loopback.into()).ok()?;
    let port = socket.local_addr().ok()?.as_socket()?.port();
    Some((socket, port))
}

#[test]
fn refused_ipv6_dial_brackets_the_address() {
    let Some((_socket, port)) = refusing_ipv6_port() else {
        eprintln!("skipped: no IPv6 loopback");
        return;
    };
    let e = run(dial("::1", port, DialOptions::default())).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::ConnectionRefused, "{e}");
    assert!(
        e.to_string()
            .starts_with(&format!("could not connect to [::1]:{port}:")),
        "{e}"
    );
}

#[test]
fn invalid_options_name_the_bracketed_address() {
    let e = run(dial(
        "::1",
        18080,
        DialOptions::default().max_line_length(0),
    ))
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput, "{e}");
    assert!(e.to_string().starts_with("cannot dial [::1]:18080"), "{e}");

    let bad_tls = ServeOptions::default().tls("not a certificate", "not a key");
    let e = run(serve_with("::1", 0, bad_tls, |_conn| async { Ok(()) })).unwrap_err();
    assert!(
        e.to_string().starts_with("cannot serve TLS on [::1]:0:"),
        "{e}"
    );
}
