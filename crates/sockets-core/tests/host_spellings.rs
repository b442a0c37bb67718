//! Every host spelling that works for TCP works for TLS: one parsed form of
//! the host gives both the addresses and the TLS server name.

use std::io::ErrorKind;

use sockets_core::{dial, serve_with, DialOptions, ServeOptions, Server};
use sockets_test_support as support;
use support::certs::{Leaf, TestCa};
use support::run;

/// Servers on 127.0.0.1 and ::1 with the same port, greeting with `hi`, so
/// a name resolving to either family reaches one of ours.
async fn servers_on_both_loopbacks(leaf: Option<&Leaf>) -> (Server, Server, u16) {
    let options = || match leaf {
        Some(leaf) => ServeOptions::default().tls(leaf.cert_pem.clone(), leaf.key_pem.clone()),
        None => ServeOptions::default(),
    };
    let handler = |mut conn: sockets_core::Conn| async move { conn.stream.writeln("hi").await };
    for _ in 0..50 {
        let v4 = serve_with("127.0.0.1", 0, options(), handler)
            .await
            .unwrap();
        let port = v4.local_addr().port();
        match serve_with("::1", port, options(), handler).await {
            Ok(v6) => return (v4, v6, port),
            Err(_) => v4.close().await.unwrap(), // port taken on ::1; again
        }
    }
    panic!("no port free on both 127.0.0.1 and ::1");
}

/// Dials `host` and expects the greeting.
async fn greeted(host: &str, port: u16, options: DialOptions) {
    let mut socket = dial(host, port, options)
        .await
        .unwrap_or_else(|e| panic!("dial({host:?}): {e}"));
    let line = socket.read_line().await;
    assert_eq!(line.unwrap().as_deref(), Some("hi"), "{host:?}");
    if socket.is_tls() {
        // The name as verified: lower case, no trailing dot, no brackets or zone.
        let verified = socket
            .server_name()
            .expect("a TLS client knows the name it verified");
        let expected = match verified.parse::<std::net::IpAddr>() {
            Ok(_) => verified.to_owned(),
            Err(_) => "localhost".to_owned(),
        };
        assert_eq!(verified, expected, "{host:?}");
        assert!(
            !verified.contains(['[', '%', ' ']),
            "{host:?} -> {verified:?}"
        );
    }
    socket.close().await.unwrap();
}

const IP_SPELLINGS: &[&str] = &["127.0.0.1", "::1", "[::1]", "0:0::1", "::1%1", "[::1%1]"];
const NAME_SPELLINGS: &[&str] = &["localhost", "LOCALHOST", "localhost.", "LocalHost."];
const BAD_SPELLINGS: &[&str] = &[
    " localhost",
    "localhost\n",
    "\t::1",
    " [::1]",
    "[127.0.0.1]",
];

#[test]
fn every_spelling_works_over_plain_tcp() {
    run(async {
        let (v4, v6, port) = servers_on_both_loopbacks(None).await;
        for host in IP_SPELLINGS.iter().chain(NAME_SPELLINGS) {
            greeted(host, port, DialOptions::default()).await;
        }
        v4.close().await.unwrap();
        v6.close().await.unwrap();
    });
}

#[test]
fn every_spelling_verifies_over_tls_against_a_certificate_naming_the_ip() {
    let ca = TestCa::new("host spellings CA");
    let leaf = ca.leaf(&["127.0.0.1", "::1"]);
    run(async {
        let (v4, v6, port) = servers_on_both_loopbacks(Some(&leaf)).await;
        let options = DialOptions::default().tls_config(ca.client_config());
        // The failing input first: "[::1]" to a certificate for ::1.
        for host in IP_SPELLINGS {
            greeted(host, port, options.clone()).await;
        }
        v4.close().await.unwrap();
        v6.close().await.unwrap();
    });
}

#[test]
fn every_spelling_verifies_over_tls_against_a_certificate_naming_the_dns_name() {
    let ca = TestCa::new("host spellings CA");
    let leaf = ca.leaf(&["localhost"]);
    run(async {
        let (v4, v6, port) = servers_on_both_loopbacks(Some(&leaf)).await;
        let options = DialOptions::default().tls_config(ca.client_config());
        for host in NAME_SPELLINGS {
            greeted(host, port, options.clone()).await;
        }
        // The IP is not the name the certificate vouches for.
        let e = dial("127.0.0.1", port, options.clone()).await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidData, "{e}");
        v4.close().await.unwrap();
        v6.close().await.unwrap();
    });
}

#[test]
fn serve_takes_the_same_spellings() {
    run(async {
        for (host, ip) in [("[::1]", "::1"), ("::1%1", "::1"), ("LOCALHOST.", "")] {
            let server = serve_with(host, 0, ServeOptions::default(), |mut conn| async move {
                conn.stream.writeln("hi").await
            })
            .await
            .unwrap_or_else(|e| panic!("serve({host:?}): {e}"));
            let addr = server.local_addr();
            assert!(addr.ip().is_loopback(), "{host}: {addr}");
            assert!(
                ip.is_empty() || addr.ip().to_string() == ip,
                "{host}: {addr}"
            );
            greeted(&addr.ip().to_string(), addr.port(), DialOptions::default()).await;
            server.close().await.unwrap();
        }
    });
}

#[test]
fn whitespace_and_misplaced_brackets_are_invalid_input_before_any_traffic() {
    run(async {
        // Port 9 (discard): nothing is dialled, the host is refused first.
        for tls in [false, true] {
            for host in BAD_SPELLINGS {
                let e = dial(host, 9, DialOptions::default().tls(tls))
                    .await
                    .unwrap_err();
                assert_eq!(e.kind(), ErrorKind::InvalidInput, "{host:?}: {e}");
            }
        }
        for host in BAD_SPELLINGS {
            let e = serve_with(host, 0, ServeOptions::default(), |_| async { Ok(()) })
                .await
                .unwrap_err();
            assert_eq!(e.kind(), ErrorKind::InvalidInput, "serve {host:?}: {e}");
        }
    });
}

#[test]
fn a_host_with_a_port_is_refused_by_dial_serve_and_listen() {
    run(async {
        for host in ["127.0.0.1:80", "example.com:80", "[::1]:80"] {
            let needle = "contains a port; pass the port separately";
            let e = dial(host, 80, DialOptions::default()).await.unwrap_err();
            assert_eq!(e.kind(), ErrorKind::InvalidInput, "{host}: {e}");
            assert!(e.to_string().contains(needle), "{host}: {e}");
            let e = serve_with(host, 0, ServeOptions::default(), |_conn| async { Ok(()) })
                .await
                .unwrap_err();
            assert_eq!(e.kind(), ErrorKind::InvalidInput, "{host}: {e}");
            assert!(e.to_string().contains(needle), "{host}: {e}");
            let e = sockets_core::listen(host, 0, ServeOptions::default())
                .await
                .unwrap_err();
            assert!(e.to_string().contains(needle), "{host}: {e}");
        }
    });
}

#[test]
fn an_interface_name_zone_the_resolver_cannot_map_suggests_the_number() {
    run(async {
        let Err(e) = dial("::1%no-such-if0", 1, DialOptions::default()).await else {
            return; // a resolver that maps it (or ignores the zone) is fine
        };
        assert!(e.to_string().contains("give the zone as"), "{e}");
    });
}
