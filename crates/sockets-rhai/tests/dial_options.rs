//! `sockets::dial` options: `ca` trusts a private CA from a PEM file.

use rhai::Scope;
use sockets_rhai::Runtime;
use sockets_test_support::certs::TestCa;
use sockets_test_support::peers::{openssl_s_server, TempDir};

fn run(port: u16, ca: &str, source: &str) -> Result<Scope<'static>, String> {
    let mut scope = Scope::new();
    scope.push("port", i64::from(port));
    scope.push("ca", ca.to_string());
    Runtime::new()
        .run_with_scope(&mut scope, source)
        .map(|()| scope)
        .map_err(|e| e.to_string())
}

#[test]
fn ca_option_trusts_the_ca_in_that_file() {
    let ca = TestCa::new("private CA");
    let leaf = ca.leaf(&["localhost"]);
    let server = openssl_s_server(&leaf.cert_pem, &leaf.key_pem);
    let dir = TempDir::new("rhai-ca");
    let path = dir.write("ca.pem", ca.cert_pem().as_bytes());
    let scope = run(
        server.port,
        path.to_str().unwrap(),
        r#"let s = sockets::dial("localhost", port, #{ca: ca, timeoutMs: 10000});
           s.writeln("hello");
           let got = s.readLine();
           s.close();"#,
    )
    .unwrap();
    assert_eq!(scope.get_value::<String>("got").as_deref(), Some("olleh"));
}

#[test]
fn a_missing_ca_file_is_named() {
    let e = run(
        1,
        "/nonexistent/ca.pem",
        r#"sockets::dial("localhost", port, #{ca: ca});"#,
    )
    .unwrap_err();
    assert!(
        e.contains("cannot read the CA file /nonexistent/ca.pem"),
        "{e}"
    );
}
