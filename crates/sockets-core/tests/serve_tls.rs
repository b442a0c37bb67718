//! TLS servers: openssl s_client and our dial as clients, and a client that
//! never completes its handshake.

use sockets_test_support as support;

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

use sockets_core::{dial, serve_with, DialOptions, ServeOptions};
use support::certs::TestCa;
use support::peers::TempDir;
use support::run;

#[test]
fn openssl_s_client_reads_the_seed_greeting() {
    let ca = TestCa::new("sockets test CA");
    let leaf = ca.leaf(&["localhost"]);
    let dir = TempDir::new("s_client");
    let ca_file = dir.write("ca.pem", ca.cert_pem().as_bytes());
    run(async {
        let options = ServeOptions::default().tls(leaf.cert_pem.clone(), leaf.key_pem.clone());
        let server = serve_with("127.0.0.1", 0, options, |mut conn| async move {
            conn.stream.writeln("hello from sockets").await?;
            conn.stream.close().await
        })
        .await
        .unwrap();
        let port = server.local_addr().port();
        let output = async_std::task::spawn_blocking(move || {
            let mut child = Command::new("openssl")
                .args([
                    "s_client",
                    "-quiet",
                    "-verify_return_error",
                    "-servername",
                    "localhost",
                ])
                .arg("-connect")
                .arg(format!("127.0.0.1:{port}"))
                .arg("-CAfile")
                .arg(&ca_file)
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            child.stdin.take().unwrap().write_all(b"").unwrap();
            child.wait_with_output().unwrap()
        })
        .await;
        assert_eq!(
            String::from_utf8_lossy(&output.stdout),
            "hello from sockets\n",
            "{output:?}"
        );
        server.close().await.unwrap();
        assert_eq!(server.stats().tls_failures, 0);
    });
}

#[test]
fn our_dial_against_our_tls_server() {
    let ca = TestCa::new("sockets test CA");
    let leaf = ca.leaf(&["localhost"]);
    run(async {
        let options = ServeOptions::default().tls(leaf.cert_pem, leaf.key_pem);
        let server = serve_with("127.0.0.1", 0, options, |mut conn| async move {
            assert!(conn.stream.is_tls());
            while let Some(line) = conn.stream.read_line().await? {
                conn.stream
                    .writeln(&line.chars().rev().collect::<String>())
                    .await?;
            }
            conn.stream.close().await
        })
        .await
        .unwrap();
        let options = DialOptions::default().tls_config(ca.client_config());
        let mut client = dial("localhost", server.local_addr().port(), options)
            .await
            .unwrap();
        client.writeln("stressed").await.unwrap();
        assert_eq!(
            client.read_line().await.unwrap().as_deref(),
            Some("desserts")
        );
        client.close().await.unwrap();
        server.close().await.unwrap();
        assert_eq!(server.stats().handler_errors, 0);
    });
}

#[test]
fn a_stalled_handshake_delays_no_one_and_is_dropped_after_the_timeout() {
    let ca = TestCa::new("sockets test CA");
    let leaf = ca.leaf(&["localhost"]);
    run(async {
        let options = ServeOptions::default()
            .tls(leaf.cert_pem, leaf.key_pem)
            .handshake_timeout(Duration::from_millis(500));
        let server = serve_with("127.0.0.1", 0, options, |mut conn| async move {
            conn.stream.writeln("welcome").await?;
            conn.stream.close().await
        })
        .await
        .unwrap();
        let port = server.local_addr().port();
        // Opens TCP, never sends a ClientHello.
        let mut stalled = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
        for _ in 0..5 {
            let options = DialOptions::default().tls_config(ca.client_config());
            let mut client = dial("localhost", port, options).await.unwrap();
            assert_eq!(
                client.read_line().await.unwrap().as_deref(),
                Some("welcome")
            );
        }
        // The server drops the stalled one after its handshake timeout.
        stalled
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let mut buf = [0u8; 1];
        let outcome = std::io::Read::read(&mut stalled, &mut buf);
        assert!(matches!(outcome, Ok(0)) || outcome.is_err(), "{outcome:?}");
        server.close().await.unwrap();
        assert_eq!(server.stats().tls_failures, 1);
        assert_eq!(server.stats().accepted, 6);
    });
}
