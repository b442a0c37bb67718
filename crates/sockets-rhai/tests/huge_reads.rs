//! read(n) and readBytes(n) with a huge n return what arrived; they never
//! allocate n bytes up front (such a script used to abort the host).

use rhai::{Blob, Scope};
use sockets_rhai::Runtime;
use sockets_test_support::peers::std_peer_writing;

#[test]
fn huge_reads_return_what_arrived() {
    for (method, n) in [
        ("read", i64::MAX),
        ("read", 1_i64 << 40),
        ("readBytes", i64::MAX),
        ("readBytes", 4_294_967_296_000),
    ] {
        let (port, peer) = std_peer_writing(vec![b"abc".to_vec()]);
        let mut scope = Scope::new();
        scope.push("port", i64::from(port));
        let source = format!(
            r#"let s = sockets::dial("127.0.0.1", port);
               let got = s.{method}({n});
               s.close();"#
        );
        Runtime::new().run_with_scope(&mut scope, &source).unwrap();
        let got = scope.get_value::<rhai::Dynamic>("got").unwrap();
        match method {
            "read" => assert_eq!(got.into_string().unwrap(), "abc"),
            _ => assert_eq!(got.cast::<Blob>(), b"abc"),
        }
        peer.join().unwrap();
    }
}
