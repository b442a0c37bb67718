//! TLS certificate failures explained in words, against `openssl s_server`
//! and our own server: never Debug-printed rustls internals, always the
//! kind `InvalidData` and the `rustls::Error` as source.

use sockets_test_support as support;

use std::io::ErrorKind;
use std::sync::Arc;

use rcgen::{BasicConstraints, CertificateParams, IsCa, KeyPair};
use sockets_core::{dial, rustls, serve_with, DialOptions, ServeOptions};
use support::certs::{rustls_error, Leaf, TestCa};
use support::peers::openssl_s_server;
use support::run;

/// Dials `localhost:port` trusting `roots`; returns the error's message
/// after checking its kind, source and the absence of Debug output.
fn dial_error(port: u16, roots: Arc<rustls::ClientConfig>) -> String {
    run(async move {
        let options = DialOptions::default().tls_config(roots);
        let e = dial("localhost", port, options).await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidData, "{e}");
        assert!(
            matches!(rustls_error(&e), Some(rustls::Error::InvalidCertificate(_))),
            "{e:?}"
        );
        let message = e.to_string();
        for internal in ["Other(", "OtherError", "Context {", "UnixTime", "DnsName("] {
            assert!(!message.contains(internal), "{message}");
        }
        assert!(
            message.starts_with(&format!(
                "TLS handshake with localhost (127.0.0.1:{port}) failed: "
            )),
            "{message}"
        );
        message
    })
}

/// A CA certificate (CA:TRUE) used as a server's own certificate, as
/// `openssl req -x509` makes it, and a client trusting it.
fn ca_as_own_certificate() -> (Leaf, Arc<rustls::ClientConfig>) {
    let key = KeyPair::generate().unwrap();
    let mut params = CertificateParams::new(vec!["localhost".to_string()]).unwrap();
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let cert = params.self_signed(&key).unwrap();
    let mut roots = rustls::RootCertStore::empty();
    roots.add(cert.der().clone()).unwrap();
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_root_certificates(roots)
    .with_no_client_auth();
    let leaf = Leaf {
        cert_pem: cert.pem(),
        key_pem: key.serialize_pem(),
    };
    (leaf, Arc::new(config))
}

#[test]
fn ca_used_as_end_entity_says_so_against_openssl() {
    let (identity, roots) = ca_as_own_certificate();
    let server = openssl_s_server(&identity.cert_pem, &identity.key_pem);
    let message = dial_error(server.port, roots);
    assert!(
        message.contains("failed: the server presented a CA certificate as its own certificate"),
        "{message}"
    );
    assert!(message.contains("leaf certificate (CA:FALSE)"), "{message}");
}

#[test]
fn unknown_issuer_says_what_to_trust_against_our_server() {
    let ca = TestCa::new("sockets test CA");
    let leaf = ca.leaf(&["localhost"]);
    let stranger = TestCa::new("another CA");
    let server = run(async {
        let options = ServeOptions::default().tls(leaf.cert_pem.clone(), leaf.key_pem.clone());
        serve_with("127.0.0.1", 0, options, |_conn| async { Ok(()) })
            .await
            .unwrap()
    });
    let message = dial_error(server.local_addr().port(), stranger.client_config());
    assert!(
        message.contains(
            "the server's certificate is not signed by a trusted certificate authority \
             (unknown issuer); trust the CA that signed it"
        ),
        "{message}"
    );
    run(async { server.close().await.unwrap() });
    assert_eq!(server.stats().tls_failures, 1);
}

#[test]
fn expired_names_the_date_against_openssl() {
    let ca = TestCa::new("sockets test CA");
    let leaf = ca.leaf_with(&["localhost"], |params| {
        params.not_before = rcgen::date_time_ymd(2000, 1, 1);
        params.not_after = rcgen::date_time_ymd(2001, 1, 1);
    });
    let server = openssl_s_server(&leaf.cert_pem, &leaf.key_pem);
    let message = dial_error(server.port, ca.client_config());
    assert!(
        message.contains("the server's certificate expired at 2001-01-01 00:00:00 UTC"),
        "{message}"
    );
    assert!(message.contains("renew it"), "{message}");
}

#[test]
fn not_yet_valid_names_the_date_against_openssl() {
    let ca = TestCa::new("sockets test CA");
    let leaf = ca.leaf_with(&["localhost"], |params| {
        params.not_before = rcgen::date_time_ymd(2999, 1, 1);
        params.not_after = rcgen::date_time_ymd(3000, 1, 1);
    });
    let server = openssl_s_server(&leaf.cert_pem, &leaf.key_pem);
    let message = dial_error(server.port, ca.client_config());
    assert!(
        message.contains("the server's certificate is not valid before 2999-01-01 00:00:00 UTC"),
        "{message}"
    );
}

#[test]
fn wrong_name_lists_the_certificate_names_against_our_server() {
    let ca = TestCa::new("sockets test CA");
    let leaf = ca.leaf(&["some-other-host.test", "127.0.0.2"]);
    let server = run(async {
        let options = ServeOptions::default().tls(leaf.cert_pem.clone(), leaf.key_pem.clone());
        serve_with("127.0.0.1", 0, options, |_conn| async { Ok(()) })
            .await
            .unwrap()
    });
    let message = dial_error(server.local_addr().port(), ca.client_config());
    assert!(
        message.contains(
            "the server's certificate is not valid for the name 'localhost': \
             it is valid for some-other-host.test, 127.0.0.2;"
        ),
        "{message}"
    );
    run(async { server.close().await.unwrap() });
}

#[test]
fn bad_signature_says_so_against_openssl() {
    // Two CAs with the same name: the client trusts one, the other signed
    // the leaf, so the chain is found but its signature does not verify.
    let signer = TestCa::new("sockets twin CA");
    let trusted = TestCa::new("sockets twin CA");
    let leaf = signer.leaf(&["localhost"]);
    let server = openssl_s_server(&leaf.cert_pem, &leaf.key_pem);
    let message = dial_error(server.port, trusted.client_config());
    assert!(
        message.contains("the server's certificate has a bad signature"),
        "{message}"
    );
}
