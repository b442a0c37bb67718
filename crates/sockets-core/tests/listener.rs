//! listen / accept / incoming: plain and TLS, concurrent handshakes,
//! skipped failures, cancel safety, errors.

use sockets_test_support as support;

use std::io::{ErrorKind, Write};
use std::time::Duration;

use futures_lite::{future, StreamExt};
use sockets_core::{dial, listen, DialOptions, Listener, ServeOptions};
use support::certs::TestCa;
use support::run;

/// Longer than the test limit: a handshake that blocked accept would fail
/// the test instead of timing out quietly.
const PATIENT: Duration = Duration::from_secs(600);

async fn tls_listener(ca: &TestCa) -> Listener {
    let leaf = ca.leaf(&["localhost"]);
    let options = ServeOptions::default()
        .tls(leaf.cert_pem, leaf.key_pem)
        .alpn(["echo/1"])
        .handshake_timeout(PATIENT);
    listen("127.0.0.1", 0, options).await.unwrap()
}

fn tls_client(ca: &TestCa) -> DialOptions {
    DialOptions::default()
        .ca_pem(ca.cert_pem())
        .server_name("localhost")
        .alpn(["echo/1"])
}

/// A TLS connection from `listen` has the options' nodelay and keepalive,
/// whether the system copies them from the listener or each accept sets
/// them.
#[test]
fn accepted_tls_sockets_get_the_socket_options() {
    let ca = TestCa::new("sockets test CA");
    run(async {
        let leaf = ca.leaf(&["localhost"]);
        let options = ServeOptions::default()
            .tls(leaf.cert_pem, leaf.key_pem)
            .nodelay(false)
            .keepalive(Some(Duration::from_secs(77)));
        let listener = listen("127.0.0.1", 0, options).await.unwrap();
        let port = listener.local_addr().port();
        let options = DialOptions::default()
            .ca_pem(ca.cert_pem())
            .server_name("localhost");
        let (client, accepted) =
            future::zip(dial("127.0.0.1", port, options), listener.accept()).await;
        let (conn, _) = accepted.unwrap();
        let sock = socket2::SockRef::from(&conn);
        assert!(conn.is_tls());
        assert!(!conn.nodelay().unwrap());
        assert!(sock.keepalive().unwrap());
        assert_eq!(sock.tcp_keepalive_time().unwrap(), Duration::from_secs(77));
        drop(client);
    });
}

#[test]
fn accept_and_incoming_hand_over_plain_connections() {
    run(async {
        let options = ServeOptions::default().read_timeout(Some(Duration::from_secs(30)));
        let listener = listen("127.0.0.1", 0, options).await.unwrap();
        let port = listener.local_addr().port();
        let mut first = dial("127.0.0.1", port, DialOptions::default())
            .await
            .unwrap();
        let (mut conn, peer) = listener.accept().await.unwrap();
        assert_eq!(peer, first.local_addr());
        assert_eq!(conn.local_addr(), listener.local_addr());
        assert_eq!(conn.read_timeout(), Some(Duration::from_secs(30)));
        conn.writeln("one").await.unwrap();
        assert_eq!(first.read_line().await.unwrap().as_deref(), Some("one"));

        let mut clients = Vec::new();
        for _ in 0..3 {
            clients.push(
                dial("127.0.0.1", port, DialOptions::default())
                    .await
                    .unwrap(),
            );
        }
        let mut incoming = listener.incoming();
        for _ in 0..3 {
            let mut conn = incoming.next().await.unwrap().unwrap();
            conn.writeln(&conn.remote_addr().to_string()).await.unwrap();
        }
        for client in &mut clients {
            let line = client.read_line().await.unwrap();
            assert_eq!(line, Some(client.local_addr().to_string()));
        }
    });
}

#[test]
fn a_silent_client_does_not_delay_the_next_tls_handshake() {
    let ca = TestCa::new("sockets test CA");
    run(async {
        let listener = tls_listener(&ca).await;
        let port = listener.local_addr().port();
        // Connects and never sends a ClientHello.
        let _silent = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
        let options = tls_client(&ca);
        let client = async_std::task::spawn(async move {
            let mut socket = dial("127.0.0.1", port, options).await?;
            socket.read_line().await
        });
        let (mut conn, _) = listener.accept().await.unwrap();
        assert_eq!(conn.alpn_protocol(), Some(&b"echo/1"[..]));
        assert_eq!(conn.server_name(), Some("localhost"));
        conn.writeln("through").await.unwrap();
        conn.close().await.unwrap();
        assert_eq!(client.await.unwrap().as_deref(), Some("through"));
    });
}

#[test]
fn a_failed_handshake_is_skipped_not_returned() {
    let ca = TestCa::new("sockets test CA");
    run(async {
        let listener = tls_listener(&ca).await;
        let port = listener.local_addr().port();
        let mut garbage = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
        garbage.write_all(b"GET / HTTP/1.0\r\n\r\n").unwrap();
        let options = tls_client(&ca);
        let client = async_std::task::spawn(async move {
            let socket = dial("127.0.0.1", port, options).await?;
            std::io::Result::Ok(socket.local_addr())
        });
        let (_conn, peer) = listener.accept().await.unwrap();
        assert_eq!(peer, client.await.unwrap());
    });
}

#[test]
fn a_cancelled_accept_loses_no_connection() {
    let ca = TestCa::new("sockets test CA");
    run(async {
        // Plain: the connection waits in the backlog.
        let listener = listen("127.0.0.1", 0, ServeOptions::default())
            .await
            .unwrap();
        assert!(future::poll_once(listener.accept()).await.is_none());
        let client = dial(
            "127.0.0.1",
            listener.local_addr().port(),
            DialOptions::default(),
        )
        .await
        .unwrap();
        let (_conn, peer) = listener.accept().await.unwrap();
        assert_eq!(peer, client.local_addr());

        // TLS: accepts dropped after one poll each, while the handshake runs.
        let listener = tls_listener(&ca).await;
        let port = listener.local_addr().port();
        let options = tls_client(&ca);
        let client = async_std::task::spawn(async move {
            let socket = dial("127.0.0.1", port, options).await?;
            std::io::Result::Ok(socket.local_addr())
        });
        for _ in 0..5 {
            if let Some(accepted) = future::poll_once(listener.accept()).await {
                let (_conn, peer) = accepted.unwrap();
                assert_eq!(peer, client.await.unwrap());
                return;
            }
            async_std::task::yield_now().await;
        }
        let (_conn, peer) = listener.accept().await.unwrap();
        assert_eq!(peer, client.await.unwrap());
    });
}

#[test]
fn listen_reports_bad_input() {
    run(async {
        let e = listen("", 0, ServeOptions::default()).await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput);
        assert!(e.to_string().contains("cannot listen"), "{e}");

        let e = listen("127.0.0.1", 0, ServeOptions::default().tls("junk", "junk"))
            .await
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput);
        assert!(
            e.to_string().contains("cannot listen TLS on 127.0.0.1:0"),
            "{e}"
        );

        let taken = listen("127.0.0.1", 0, ServeOptions::default())
            .await
            .unwrap();
        let port = taken.local_addr().port();
        let e = listen("127.0.0.1", port, ServeOptions::default())
            .await
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::AddrInUse);
        assert!(e.to_string().contains(&format!("127.0.0.1:{port}")), "{e}");
    });
}
