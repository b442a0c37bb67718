//! The blocking facade reports TLS certificate failures in the same words
//! as the core (`sockets-core/tests/tls_errors.rs`), against openssl.

use std::io::ErrorKind;

use sockets_blocking::{dial, DialOptions};
use sockets_test_support::certs::TestCa;
use sockets_test_support::peers::openssl_s_server;

#[test]
fn untrusted_and_expired_certificates_in_words() {
    let ca = TestCa::new("sockets test CA");
    let stranger = TestCa::new("another CA");
    let leaf = ca.leaf(&["localhost"]);
    let server = openssl_s_server(&leaf.cert_pem, &leaf.key_pem);
    let e = dial(
        "localhost",
        server.port,
        DialOptions::default().tls_config(stranger.client_config()),
    )
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidData, "{e}");
    assert!(
        e.to_string().contains(
            "failed: the server's certificate is not signed by a trusted certificate authority"
        ),
        "{e}"
    );

    let expired = ca.leaf_with(&["localhost"], |params| {
        params.not_before = rcgen::date_time_ymd(2000, 1, 1);
        params.not_after = rcgen::date_time_ymd(2001, 1, 1);
    });
    let server = openssl_s_server(&expired.cert_pem, &expired.key_pem);
    let e = dial(
        "localhost",
        server.port,
        DialOptions::default().tls_config(ca.client_config()),
    )
    .unwrap_err();
    assert!(
        e.to_string()
            .contains("the server's certificate expired at 2001-01-01 00:00:00 UTC"),
        "{e}"
    );
}
