//! ALPN, mutual TLS, private roots and the negotiated-session accessors,
//! against openssl s_client / s_server and between our own peers.

use sockets_test_support as support;

use std::io::ErrorKind;
use std::process::{Command, Output, Stdio};

use sockets_core::rustls::ProtocolVersion;
use sockets_core::{dial, serve_with, DialOptions, ServeOptions, Server};
use support::certs::{Leaf, TestCa};
use support::peers::{openssl_s_server_mtls, TempDir};
use support::run;

/// A server requiring client certificates from `ca` and offering ALPN
/// http/1.1; each handler reports what it saw in one line.
async fn mtls_server(ca: &TestCa, leaf: &Leaf) -> Server {
    let options = ServeOptions::default()
        .tls(leaf.cert_pem.clone(), leaf.key_pem.clone())
        .client_auth(ca.cert_pem())
        .alpn(["http/1.1"]);
    serve_with("127.0.0.1", 0, options, |mut conn| async move {
        let s = &conn.stream;
        let report = format!(
            "alpn={} certs={} sni={} version={:?}",
            String::from_utf8_lossy(s.alpn_protocol().unwrap_or(b"none")),
            s.peer_certificates().map_or(0, <[_]>::len),
            s.server_name().unwrap_or("none"),
            s.tls_version(),
        );
        conn.stream.writeln(&report).await?;
        conn.stream.close().await
    })
    .await
    .unwrap()
}

/// Runs `openssl s_client` against 127.0.0.1:`port` with `args`, stdin closed.
async fn s_client(port: u16, args: Vec<String>) -> Output {
    async_std::task::spawn_blocking(move || {
        Command::new("openssl")
            .arg("s_client")
            .arg("-connect")
            .arg(format!("127.0.0.1:{port}"))
            .args(args)
            .stdin(Stdio::null())
            .output()
            .unwrap()
    })
    .await
}

#[test]
fn openssl_s_client_negotiates_alpn_and_presents_its_certificate() {
    let ca = TestCa::new("sockets test CA");
    let leaf = ca.leaf(&["localhost"]);
    let client = ca.leaf(&["client.test"]);
    let dir = TempDir::new("mtls_s_client");
    let ca_file = dir.write("ca.pem", ca.cert_pem().as_bytes());
    let cert = dir.write("client.pem", client.cert_pem.as_bytes());
    let key = dir.write("client.key", client.key_pem.as_bytes());
    run(async {
        let server = mtls_server(&ca, &leaf).await;
        let args = [
            "-alpn",
            "http/1.1",
            "-servername",
            "localhost",
            "-verify_return_error",
            "-ign_eof", // read until our server closes, though stdin is empty
        ];
        let mut args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        for (flag, path) in [("-CAfile", &ca_file), ("-cert", &cert), ("-key", &key)] {
            args.push(flag.to_owned());
            args.push(path.display().to_string());
        }
        let output = s_client(server.local_addr().port(), args).await;
        let stdout = String::from_utf8_lossy(&output.stdout);
        println!("{stdout}");
        assert!(stdout.contains("ALPN protocol: http/1.1"), "{output:?}");
        // openssl sends its chain: the leaf, then the CA.
        assert!(
            stdout.contains("alpn=http/1.1 certs=2 sni=localhost version=Some(TLSv1_3)"),
            "{output:?}"
        );
        server.close().await.unwrap();
        assert_eq!(server.stats().tls_failures, 0);
    });
}

#[test]
fn a_client_without_a_certificate_fails_its_handshake_and_is_counted() {
    let ca = TestCa::new("sockets test CA");
    let leaf = ca.leaf(&["localhost"]);
    let dir = TempDir::new("mtls_no_cert");
    let ca_file = dir.write("ca.pem", ca.cert_pem().as_bytes());
    run(async {
        let server = mtls_server(&ca, &leaf).await;
        let port = server.local_addr().port();
        let args = vec!["-CAfile".into(), ca_file.display().to_string()];
        let output = s_client(port, args).await;
        assert!(
            !String::from_utf8_lossy(&output.stdout).contains("alpn="),
            "{output:?}"
        );

        // Our own client without a certificate: the server's refusal
        // arrives with the first read under TLS 1.3.
        let options = DialOptions::default()
            .ca_pem(ca.cert_pem())
            .server_name("localhost");
        let refused = match dial("127.0.0.1", port, options).await {
            Err(e) => e,
            Ok(mut socket) => socket.read_line().await.unwrap_err(),
        };
        assert!(
            refused.to_string().to_lowercase().contains("certificate"),
            "{refused}"
        );
        server.close().await.unwrap();
        assert_eq!(server.stats().tls_failures, 2);
    });
}

#[test]
fn our_client_presents_its_certificate_to_openssl_s_server() {
    let ca = TestCa::new("sockets test CA");
    let leaf = ca.leaf(&["localhost"]);
    let client = ca.leaf(&["client.test"]);
    let peer = openssl_s_server_mtls(&leaf.cert_pem, &leaf.key_pem, &ca.cert_pem(), "http/1.1");
    run(async {
        let options = DialOptions::default()
            .ca_pem(ca.cert_pem())
            .client_cert(client.cert_pem.clone(), client.key_pem.clone())
            .server_name("localhost")
            .alpn(["h2", "http/1.1"]);
        let mut socket = dial("127.0.0.1", peer.port, options).await.unwrap();
        assert_eq!(socket.alpn_protocol(), Some(&b"http/1.1"[..]));
        assert_eq!(socket.server_name(), Some("localhost"));
        assert!(socket.tls_version().is_some());
        assert!(socket
            .peer_certificates()
            .is_some_and(|chain| !chain.is_empty()));
        socket.writeln("hello").await.unwrap();
        assert_eq!(socket.read_line().await.unwrap().as_deref(), Some("olleh"));
        socket.close().await.unwrap();
    });
}

#[test]
fn openssl_s_server_refuses_our_client_without_a_certificate() {
    let ca = TestCa::new("sockets test CA");
    let leaf = ca.leaf(&["localhost"]);
    let peer = openssl_s_server_mtls(&leaf.cert_pem, &leaf.key_pem, &ca.cert_pem(), "http/1.1");
    run(async {
        let options = DialOptions::default()
            .ca_pem(ca.cert_pem())
            .server_name("localhost");
        let outcome = match dial("127.0.0.1", peer.port, options).await {
            Err(e) => Err(e),
            Ok(mut socket) => {
                let _ = socket.writeln("hello").await;
                socket.read_line().await
            }
        };
        assert!(outcome.is_err(), "{outcome:?}");
    });
}

#[test]
fn our_client_and_server_agree_on_everything() {
    let ca = TestCa::new("sockets test CA");
    let leaf = ca.leaf(&["localhost"]);
    let client = ca.leaf(&["client.test"]);
    run(async {
        let server = mtls_server(&ca, &leaf).await;
        let options = DialOptions::default()
            .ca_pem(ca.cert_pem())
            .client_cert(client.cert_pem.clone(), client.key_pem.clone())
            .server_name("localhost")
            .alpn(["http/1.1"]);
        let mut socket = dial("127.0.0.1", server.local_addr().port(), options)
            .await
            .unwrap();
        assert_eq!(socket.tls_version(), Some(ProtocolVersion::TLSv1_3));
        assert_eq!(
            socket.read_line().await.unwrap().as_deref(),
            Some("alpn=http/1.1 certs=1 sni=localhost version=Some(TLSv1_3)")
        );
        socket.close().await.unwrap();
        // Still answered after close: captured at the handshake.
        assert_eq!(socket.alpn_protocol(), Some(&b"http/1.1"[..]));
        // And by both halves of a split socket.
        let (reader, writer) = socket.split();
        assert_eq!(reader.alpn_protocol(), Some(&b"http/1.1"[..]));
        assert_eq!(writer.server_name(), Some("localhost"));
        assert_eq!(reader.peer_certificates(), writer.peer_certificates());
        server.close().await.unwrap();
    });
}

#[test]
fn plain_tcp_has_no_tls_session() {
    run(async {
        let server = serve_with(
            "127.0.0.1",
            0,
            ServeOptions::default(),
            |mut conn| async move {
                let s = &conn.stream;
                let none = s.alpn_protocol().is_none()
                    && s.tls_version().is_none()
                    && s.peer_certificates().is_none()
                    && s.server_name().is_none();
                conn.stream.writeln(&none.to_string()).await
            },
        )
        .await
        .unwrap();
        let mut socket = dial(
            "127.0.0.1",
            server.local_addr().port(),
            DialOptions::default(),
        )
        .await
        .unwrap();
        assert!(socket.alpn_protocol().is_none());
        assert!(socket.tls_version().is_none());
        assert!(socket.peer_certificates().is_none());
        assert!(socket.server_name().is_none());
        assert_eq!(socket.read_line().await.unwrap().as_deref(), Some("true"));
        server.close().await.unwrap();
    });
}

#[test]
fn bad_pem_names_the_option() {
    let leaf = support::certs::self_signed(&["localhost"]);
    run(async {
        let cases = [
            (DialOptions::default().ca_pem("junk"), "DialOptions::ca_pem"),
            (
                DialOptions::default().client_cert("junk", leaf.key_pem.clone()),
                "DialOptions::client_cert",
            ),
            (
                DialOptions::default()
                    .ca_pem(leaf.cert_pem.clone())
                    .client_cert(leaf.cert_pem.clone(), "junk"),
                "DialOptions::client_cert",
            ),
        ];
        for (options, name) in cases {
            let e = dial("127.0.0.1", 1, options).await.unwrap_err();
            assert_eq!(e.kind(), ErrorKind::InvalidInput, "{e}");
            assert!(e.to_string().contains(name), "{e}");
        }
        let options = ServeOptions::default()
            .tls(leaf.cert_pem.clone(), leaf.key_pem.clone())
            .client_auth("-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n");
        let e = serve_with("127.0.0.1", 0, options, |_c| async { Ok(()) })
            .await
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput, "{e}");
        assert!(e.to_string().contains("ServeOptions::client_auth"), "{e}");

        let options = ServeOptions::default().tls("junk", leaf.key_pem.clone());
        let e = serve_with("127.0.0.1", 0, options, |_c| async { Ok(()) })
            .await
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput, "{e}");
        assert!(e.to_string().contains("ServeOptions::tls: "), "{e}");

        let e = serve_with(
            "127.0.0.1",
            0,
            ServeOptions::default().alpn(["h2"]),
            |_c| async { Ok(()) },
        )
        .await
        .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput, "{e}");
        assert!(e.to_string().contains("ServeOptions::tls"), "{e}");
    });
}

#[test]
fn options_that_conflict_with_tls_config_are_named() {
    let ca = TestCa::new("sockets test CA");
    let leaf = ca.leaf(&["localhost"]);
    run(async {
        let config = ca.client_config();
        let cases = [
            (
                DialOptions::default()
                    .tls_config(config.clone())
                    .alpn(["h2"]),
                "alpn",
            ),
            (
                DialOptions::default()
                    .ca_pem(ca.cert_pem())
                    .tls_config(config.clone()),
                "ca_pem",
            ),
            (
                DialOptions::default()
                    .tls_config(config.clone())
                    .client_cert(leaf.cert_pem.clone(), leaf.key_pem.clone()),
                "client_cert",
            ),
        ];
        for (options, name) in cases {
            let e = dial("127.0.0.1", 1, options).await.unwrap_err();
            assert_eq!(e.kind(), ErrorKind::InvalidInput, "{e}");
            let expected = format!("DialOptions::{name} conflicts with DialOptions::tls_config");
            assert!(e.to_string().contains(&expected), "{e}");
        }

        let server_config = server_config(&leaf);
        for (options, name) in [
            (
                ServeOptions::default()
                    .tls_config(server_config.clone())
                    .alpn(["h2"]),
                "alpn",
            ),
            (
                ServeOptions::default()
                    .client_auth(ca.cert_pem())
                    .tls_config(server_config.clone()),
                "client_auth",
            ),
        ] {
            let e = serve_with("127.0.0.1", 0, options, |_c| async { Ok(()) })
                .await
                .unwrap_err();
            assert_eq!(e.kind(), ErrorKind::InvalidInput, "{e}");
            let expected = format!("ServeOptions::{name} conflicts with ServeOptions::tls_config");
            assert!(e.to_string().contains(&expected), "{e}");
        }
    });
}

/// A server configuration built by hand, as a `tls_config` user would.
fn server_config(leaf: &Leaf) -> std::sync::Arc<sockets_core::rustls::ServerConfig> {
    use rustls::pki_types::pem::PemObject;
    use sockets_core::rustls;
    let chain =
        vec![rustls::pki_types::CertificateDer::from_pem_slice(leaf.cert_pem.as_bytes()).unwrap()];
    let key = rustls::pki_types::PrivateKeyDer::from_pem_slice(leaf.key_pem.as_bytes()).unwrap();
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .unwrap();
    std::sync::Arc::new(config)
}

#[test]
fn a_key_of_another_certificate_is_refused_in_words() {
    // Before: "... do not make a server: keys may not be consistent: KeyMismatch".
    let ca = TestCa::new("sockets test CA");
    let (one, other) = (ca.leaf(&["localhost"]), ca.leaf(&["localhost"]));
    run(async {
        let options = ServeOptions::default().tls(one.cert_pem.clone(), other.key_pem.clone());
        let e = serve_with("127.0.0.1", 0, options, |_conn| async { Ok(()) })
            .await
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput, "{e}");
        let message = e.to_string();
        assert!(
            message.contains("the private key does not belong to the certificate"),
            "{message}"
        );
        assert!(!message.contains("KeyMismatch"), "{message}");

        let options = DialOptions::default().client_cert(one.cert_pem, other.key_pem);
        let e = dial("127.0.0.1", 1, options).await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput, "{e}");
        let message = e.to_string();
        assert!(message.contains("DialOptions::client_cert"), "{message}");
        assert!(message.contains("does not belong"), "{message}");
        assert!(!message.contains("KeyMismatch"), "{message}");
    });
}
