//! TLS dial against `openssl s_server` with a certificate made at run time.

use sockets_test_support as support;

use std::io::ErrorKind;
use std::time::Duration;

use sockets_core::{dial, rustls, DialOptions};
use support::certs::{rustls_error, TestCa};
use support::peers::openssl_s_server;
use support::run;

#[test]
fn trusted_through_tls_config_exchanges_lines() {
    let ca = TestCa::new("sockets test CA");
    let leaf = ca.leaf(&["localhost"]);
    let server = openssl_s_server(&leaf.cert_pem, &leaf.key_pem);
    run(async {
        let options = DialOptions::default()
            .tls_config(ca.client_config())
            .timeout(Duration::from_secs(10));
        let mut socket = dial("localhost", server.port, options).await.unwrap();
        assert!(socket.is_tls());
        socket.writeln("hello").await.unwrap();
        assert_eq!(socket.read_line().await.unwrap().as_deref(), Some("olleh"));
        socket.writeln("sockets").await.unwrap();
        assert_eq!(
            socket.read_line().await.unwrap().as_deref(),
            Some("stekcos")
        );
        socket.close().await.unwrap();
    });
}

#[test]
fn rejected_with_the_system_store() {
    let ca = TestCa::new("not in the system store");
    let leaf = ca.leaf(&["localhost"]);
    let server = openssl_s_server(&leaf.cert_pem, &leaf.key_pem);
    run(async {
        let options = DialOptions::default()
            .tls(true)
            .timeout(Duration::from_secs(10));
        let e = dial("localhost", server.port, options).await.unwrap_err();
        // NotFound only if this machine has no roots at all.
        assert!(
            matches!(e.kind(), ErrorKind::InvalidData | ErrorKind::NotFound),
            "{e}"
        );
        if e.kind() == ErrorKind::InvalidData {
            assert!(
                e.to_string().contains("TLS handshake with localhost"),
                "{e}"
            );
            assert!(
                matches!(rustls_error(&e), Some(rustls::Error::InvalidCertificate(_))),
                "{e:?}"
            );
        }
    });
}

#[test]
fn rejected_on_a_hostname_mismatch() {
    let ca = TestCa::new("sockets test CA");
    let leaf = ca.leaf(&["some-other-host.test"]);
    let server = openssl_s_server(&leaf.cert_pem, &leaf.key_pem);
    run(async {
        let options = DialOptions::default().tls_config(ca.client_config());
        let e = dial("localhost", server.port, options).await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidData, "{e}");
        assert!(
            matches!(
                rustls_error(&e),
                Some(rustls::Error::InvalidCertificate(
                    rustls::CertificateError::NotValidForNameContext { .. }
                )) | Some(rustls::Error::InvalidCertificate(
                    rustls::CertificateError::NotValidForName
                ))
            ),
            "{e:?}"
        );
    });
}

#[test]
fn rejected_when_expired() {
    let ca = TestCa::new("sockets test CA");
    let leaf = ca.leaf_with(&["localhost"], |params| {
        params.not_before = rcgen::date_time_ymd(2000, 1, 1);
        params.not_after = rcgen::date_time_ymd(2001, 1, 1);
    });
    let server = openssl_s_server(&leaf.cert_pem, &leaf.key_pem);
    run(async {
        let options = DialOptions::default().tls_config(ca.client_config());
        let e = dial("localhost", server.port, options).await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidData, "{e}");
        assert!(e.to_string().to_lowercase().contains("expired"), "{e}");
    });
}

#[test]
fn plaintext_server_is_a_tls_protocol_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let peer = std::thread::spawn(move || {
        use std::io::Write;
        let (mut stream, _) = listener.accept().unwrap();
        let _ = stream.write_all(b"HTTP/1.0 400 Bad Request\r\n\r\nthis is not TLS\r\n");
        std::thread::sleep(Duration::from_millis(200));
    });
    run(async {
        let ca = TestCa::new("unused");
        let options = DialOptions::default().tls_config(ca.client_config());
        let e = dial("localhost", port, options).await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidData, "{e}");
        assert!(
            e.to_string().contains("TLS handshake with localhost"),
            "{e}"
        );
    });
    peer.join().unwrap();
}
