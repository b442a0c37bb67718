//! Hostile TLS: bad certificates, garbage instead of a ClientHello, a
//! plaintext server, a stalled handshake. Each ends in a clear error within
//! its deadline, the server counts it, nothing panics, and no descriptor
//! leaks. One test function, so the descriptor count is not disturbed by
//! other tests running in parallel in this process.

use std::io::{ErrorKind, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::Duration;

use sockets_core::{dial, serve_with, DialOptions, ServeOptions, Server};
use sockets_test_support as support;
use support::certs::{self_signed, Leaf, TestCa};
use support::run;

fn open_fds() -> usize {
    std::fs::read_dir("/proc/self/fd").unwrap().count()
}

async fn tls_server(leaf: &Leaf) -> Server {
    let options = ServeOptions::default()
        .tls(leaf.cert_pem.clone(), leaf.key_pem.clone())
        .handshake_timeout(Duration::from_millis(500));
    serve_with("127.0.0.1", 0, options, |mut conn| async move {
        conn.stream.writeln("secret").await
    })
    .await
    .unwrap()
}

/// Dials `server` as `host` trusting `ca`'s roots (or the system's), expects
/// an InvalidData error mentioning `needle`, and a TLS failure counted.
async fn rejected(server: &Server, host: &str, options: DialOptions, needle: &str) {
    let options = options.timeout(Duration::from_secs(5));
    let e = dial(host, server.local_addr().port(), options)
        .await
        .unwrap_err();
    assert!(
        matches!(e.kind(), ErrorKind::InvalidData | ErrorKind::NotFound),
        "{e}"
    );
    if e.kind() == ErrorKind::InvalidData {
        assert!(
            e.to_string().to_lowercase().contains(needle),
            "{needle}: {e}"
        );
    }
    for _ in 0..500 {
        if server.stats().tls_failures >= 1 {
            return;
        }
        async_io::Timer::after(Duration::from_millis(10)).await;
    }
    panic!("server did not count the failed handshake ({needle})");
}

#[test]
fn hostile_tls_cases_fail_cleanly_and_leak_nothing() {
    run(async {
        let ca = TestCa::new("hostile CA");
        let trusting_ca = || DialOptions::default().tls_config(ca.client_config());
        // Warm up: the first TLS use loads state that stays (system roots).
        let _ = dial("127.0.0.1", 1, DialOptions::default().tls(true)).await;
        let before = open_fds();

        // Expired certificate.
        let expired = ca.leaf_with(&["localhost"], |p| {
            p.not_before = rcgen::date_time_ymd(2000, 1, 1);
            p.not_after = rcgen::date_time_ymd(2001, 1, 1);
        });
        let server = tls_server(&expired).await;
        rejected(&server, "localhost", trusting_ca(), "expired").await;
        server.close().await.unwrap();

        // Wrong host name.
        let server = tls_server(&ca.leaf(&["other.example"])).await;
        rejected(
            &server,
            "localhost",
            trusting_ca(),
            "not valid for the name",
        )
        .await;
        server.close().await.unwrap();

        // Self-signed, and signed by a CA the client does not know.
        let server = tls_server(&self_signed(&["localhost"])).await;
        rejected(&server, "localhost", trusting_ca(), "unknown issuer").await;
        server.close().await.unwrap();
        let stranger = TestCa::new("stranger CA");
        let server = tls_server(&stranger.leaf(&["localhost"])).await;
        rejected(&server, "localhost", trusting_ca(), "unknown issuer").await;
        rejected(
            &server,
            "localhost",
            DialOptions::default().tls(true),
            "unknown issuer",
        )
        .await;
        server.close().await.unwrap();

        // A client that sends garbage instead of a ClientHello.
        let server = tls_server(&ca.leaf(&["localhost"])).await;
        let port = server.local_addr().port();
        let reply = async_std::task::spawn_blocking(move || {
            let mut raw = TcpStream::connect(("127.0.0.1", port)).unwrap();
            raw.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
            raw.write_all(b"GET / HTTP/1.1\r\nHost: not-tls\r\n\r\n")
                .unwrap();
            let mut reply = Vec::new();
            let _ = raw.read_to_end(&mut reply);
            reply
        })
        .await;
        assert!(
            !reply.windows(6).any(|w| w == b"secret"),
            "garbage got the handler's reply"
        );
        for _ in 0..500 {
            if server.stats().tls_failures == 1 {
                break;
            }
            async_io::Timer::after(Duration::from_millis(10)).await;
        }
        assert_eq!(server.stats().tls_failures, 1);
        // A stalled handshake: dropped after the server's handshake timeout.
        let stalled = TcpStream::connect(("127.0.0.1", port)).unwrap();
        stalled
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        let outcome = async_std::task::spawn_blocking(move || (&stalled).read(&mut [0u8; 1])).await;
        assert!(matches!(outcome, Ok(0)) || outcome.is_err(), "{outcome:?}");
        server.close().await.unwrap();
        assert_eq!(server.stats().tls_failures, 2);
        assert_eq!(server.stats().handler_panics, 0);

        // A server that answers with plaintext, and one that never answers.
        let plain = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = plain.local_addr().unwrap().port();
        let answering = std::thread::spawn(move || {
            let (mut peer, _) = plain.accept().unwrap();
            let _ = peer.write_all(b"220 this is SMTP, not TLS\r\n");
            let mut rest = Vec::new();
            let _ = peer.read_to_end(&mut rest);
        });
        let e = dial(
            "localhost",
            port,
            trusting_ca().timeout(Duration::from_secs(5)),
        )
        .await
        .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidData, "{e}");
        answering.join().unwrap();
        let silent = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = silent.local_addr().unwrap().port();
        let e = dial(
            "localhost",
            port,
            trusting_ca().timeout(Duration::from_millis(300)),
        )
        .await
        .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::TimedOut, "{e}");
        drop(silent);

        // Let the runtime drop what the closed servers and tasks held.
        for _ in 0..200 {
            if open_fds() <= before {
                break;
            }
            async_io::Timer::after(Duration::from_millis(10)).await;
        }
        assert!(
            open_fds() <= before,
            "descriptors leaked: {} before, {} after",
            before,
            open_fds()
        );
    });
}
