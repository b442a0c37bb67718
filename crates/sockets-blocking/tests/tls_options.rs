//! Mutual TLS and ALPN through the blocking facade, against openssl
//! s_client and s_server (the async twins: sockets-core/tests/tls_options.rs).

use std::process::{Command, Output, Stdio};

use sockets_blocking::{dial, serve_with, DialOptions, ServeOptions, Server};
use sockets_test_support::certs::{Leaf, TestCa};
use sockets_test_support::peers::{openssl_s_server_mtls, TempDir};
use sockets_test_support::run_blocking;

/// A blocking server requiring client certificates from `ca` and offering
/// ALPN http/1.1; each handler reports what it saw in one line.
fn mtls_server(ca: &TestCa, leaf: &Leaf) -> Server {
    let options = ServeOptions::default()
        .tls(leaf.cert_pem.clone(), leaf.key_pem.clone())
        .client_auth(ca.cert_pem())
        .alpn(["http/1.1"]);
    serve_with("127.0.0.1", 0, options, |mut conn| {
        let s = &conn.stream;
        let report = format!(
            "alpn={} certs={} sni={} version={:?}",
            String::from_utf8_lossy(s.alpn_protocol().unwrap_or(b"none")),
            s.peer_certificates().map_or(0, <[_]>::len),
            s.server_name().unwrap_or("none"),
            s.tls_version(),
        );
        conn.stream.writeln(&report)?;
        conn.stream.close()
    })
    .unwrap()
}

/// `openssl s_client` against 127.0.0.1:`port` with `args`, stdin closed.
fn s_client(port: u16, args: &[String]) -> Output {
    Command::new("openssl")
        .arg("s_client")
        .arg("-connect")
        .arg(format!("127.0.0.1:{port}"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

#[test]
fn openssl_s_client_with_a_certificate_and_alpn_reaches_the_handler() {
    run_blocking(|| {
        let ca = TestCa::new("sockets test CA");
        let leaf = ca.leaf(&["localhost"]);
        let client = ca.leaf(&["client.test"]);
        let dir = TempDir::new("blocking_mtls_s_client");
        let ca_file = dir.write("ca.pem", ca.cert_pem().as_bytes());
        let cert = dir.write("client.pem", client.cert_pem.as_bytes());
        let key = dir.write("client.key", client.key_pem.as_bytes());
        let server = mtls_server(&ca, &leaf);
        let mut args: Vec<String> = [
            "-alpn",
            "http/1.1",
            "-servername",
            "localhost",
            "-verify_return_error",
            "-ign_eof", // read until our handler closes, though stdin is empty
        ]
        .map(String::from)
        .to_vec();
        for (flag, path) in [("-CAfile", &ca_file), ("-cert", &cert), ("-key", &key)] {
            args.push(flag.to_owned());
            args.push(path.display().to_string());
        }
        let output = s_client(server.local_addr().port(), &args);
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(stdout.contains("ALPN protocol: http/1.1"), "{output:?}");
        // openssl sends its chain: the leaf, then the CA.
        assert!(
            stdout.contains("alpn=http/1.1 certs=2 sni=localhost version=Some(TLSv1_3)"),
            "{output:?}"
        );
        server.close().unwrap();
        assert_eq!(server.stats().tls_failures, 0);
    });
}

#[test]
fn openssl_s_client_without_a_certificate_never_reaches_the_handler() {
    run_blocking(|| {
        let ca = TestCa::new("sockets test CA");
        let leaf = ca.leaf(&["localhost"]);
        let dir = TempDir::new("blocking_mtls_no_cert");
        let ca_file = dir.write("ca.pem", ca.cert_pem().as_bytes());
        let server = mtls_server(&ca, &leaf);
        let args = ["-CAfile".to_owned(), ca_file.display().to_string()];
        let output = s_client(server.local_addr().port(), &args);
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(!stdout.contains("alpn="), "{output:?}");
        server.close().unwrap();
        assert_eq!(server.stats().tls_failures, 1);
    });
}

#[test]
fn a_blocking_dial_presents_its_certificate_to_openssl_s_server() {
    run_blocking(|| {
        let ca = TestCa::new("sockets test CA");
        let leaf = ca.leaf(&["localhost"]);
        let client = ca.leaf(&["client.test"]);
        let peer = openssl_s_server_mtls(&leaf.cert_pem, &leaf.key_pem, &ca.cert_pem(), "http/1.1");
        let options = DialOptions::default()
            .ca_pem(ca.cert_pem())
            .client_cert(client.cert_pem.clone(), client.key_pem.clone())
            .server_name("localhost")
            .alpn(["h2", "http/1.1"]);
        let mut socket = dial("127.0.0.1", peer.port, options).unwrap();
        assert_eq!(socket.alpn_protocol(), Some(&b"http/1.1"[..]));
        assert_eq!(socket.server_name(), Some("localhost"));
        assert!(socket.tls_version().is_some());
        assert!(socket
            .peer_certificates()
            .is_some_and(|chain| !chain.is_empty()));
        socket.writeln("hello").unwrap();
        assert_eq!(socket.read_line().unwrap().as_deref(), Some("olleh"));
        socket.close().unwrap();
    });
}

#[test]
fn openssl_s_server_refuses_a_blocking_dial_without_a_certificate() {
    run_blocking(|| {
        let ca = TestCa::new("sockets test CA");
        let leaf = ca.leaf(&["localhost"]);
        let peer = openssl_s_server_mtls(&leaf.cert_pem, &leaf.key_pem, &ca.cert_pem(), "http/1.1");
        let options = DialOptions::default()
            .ca_pem(ca.cert_pem())
            .server_name("localhost");
        // Under TLS 1.3 the refusal arrives with the first read.
        let outcome = dial("127.0.0.1", peer.port, options).and_then(|mut socket| {
            let _ = socket.writeln("hello");
            socket.read_line()
        });
        let e = outcome.unwrap_err();
        assert!(e.to_string().to_lowercase().contains("certificate"), "{e}");
    });
}
