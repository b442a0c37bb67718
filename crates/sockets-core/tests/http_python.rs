//! The scripting module's client example, against `python3 -m http.server`.

use sockets_test_support as support;

use sockets_core::{dial, DialOptions};
use support::peers::{python_http_server, TempDir};
use support::run;

#[test]
fn http_1_0_get_reads_the_whole_response() {
    let dir = TempDir::new("www");
    dir.write("index.html", b"<h1>hello from python</h1>\n");
    let server = python_http_server(dir);
    run(async {
        let mut client = dial("127.0.0.1", server.port, DialOptions::default())
            .await
            .unwrap();
        client.writeln("GET / HTTP/1.0").await.unwrap();
        client.writeln("Host: 127.0.0.1").await.unwrap();
        client.writeln("").await.unwrap();
        let status = client.read_line().await.unwrap().unwrap();
        assert!(status.starts_with("HTTP/1.0 200"), "{status}");
        let rest = String::from_utf8(client.read_all().await.unwrap()).unwrap();
        assert!(rest.contains("Content-Length: 27"), "{rest}");
        assert!(
            rest.ends_with("\r\n\r\n<h1>hello from python</h1>\n"),
            "{rest}"
        );
        client.close().await.unwrap();
        client.close().await.unwrap();
    });
}
