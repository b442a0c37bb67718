//! Faults: resets mid-line and mid-TLS-record, half-close, slowloris,
//! endless lines, panics under load. The server counts each and keeps
//! serving healthy clients.

use std::io::Write;
use std::net::TcpStream;
use std::sync::Arc;
use std::time::Duration;

use sockets_core::{dial, rustls, serve_with, DialOptions, ServeOptions, Server};
use sockets_test_support as support;
use support::certs::TestCa;
use support::run;

/// An echo server: each line comes back; the handler's error is returned.
async fn echo_server(options: ServeOptions) -> Server {
    serve_with("127.0.0.1", 0, options, |mut conn| async move {
        while let Some(line) = conn.stream.read_line().await? {
            conn.stream.writeln(&line).await?;
        }
        conn.stream.close().await
    })
    .await
    .unwrap()
}

/// A healthy client's round trip: proof the server still serves.
async fn healthy(port: u16, options: DialOptions) {
    let mut client = dial(
        if options.is_tls() {
            "localhost"
        } else {
            "127.0.0.1"
        },
        port,
        options,
    )
    .await
    .unwrap();
    client.writeln("still serving?").await.unwrap();
    assert_eq!(
        client.read_line().await.unwrap().as_deref(),
        Some("still serving?")
    );
    client.close().await.unwrap();
}

fn reset(stream: &TcpStream) {
    socket2::SockRef::from(stream)
        .set_linger(Some(Duration::ZERO))
        .unwrap();
}

/// Waits (bounded) until the server has counted `n` handler errors.
async fn errors_reach(server: &Server, n: u64) {
    for _ in 0..1000 {
        if server.stats().handler_errors >= n {
            return;
        }
        async_io::Timer::after(Duration::from_millis(10)).await;
    }
    panic!(
        "handler errors stayed at {:?}, expected {n}",
        server.stats()
    );
}

#[test]
fn reset_mid_line_is_counted_and_the_server_goes_on() {
    run(async {
        let server = echo_server(ServeOptions::default()).await;
        let port = server.local_addr().port();
        for _ in 0..20 {
            let mut raw = TcpStream::connect(("127.0.0.1", port)).unwrap();
            raw.write_all(b"half a li").unwrap();
            reset(&raw);
            drop(raw);
        }
        errors_reach(&server, 20).await;
        healthy(port, DialOptions::default()).await;
        server.close().await.unwrap();
        assert_eq!(server.stats().handler_errors, 20);
    });
}

#[test]
fn reset_mid_tls_record_is_counted_and_the_server_goes_on() {
    let ca = TestCa::new("faults CA");
    let leaf = ca.leaf(&["localhost"]);
    let client_config = ca.client_config();
    run(async move {
        let server = echo_server(ServeOptions::default().tls(leaf.cert_pem, leaf.key_pem)).await;
        let port = server.local_addr().port();
        let config = client_config.clone();
        async_std::task::spawn_blocking(move || {
            // A std rustls client: complete the handshake, then send half
            // of one application-data record and reset.
            let name = rustls::pki_types::ServerName::try_from("localhost").unwrap();
            let mut conn = rustls::ClientConnection::new(config, name).unwrap();
            let mut tcp = TcpStream::connect(("127.0.0.1", port)).unwrap();
            while conn.is_handshaking() {
                conn.complete_io(&mut tcp).unwrap();
            }
            conn.writer()
                .write_all(b"a line that never ends in one piece\n")
                .unwrap();
            let mut record = Vec::new();
            conn.write_tls(&mut record).unwrap();
            tcp.write_all(&record[..record.len() / 2]).unwrap();
            std::thread::sleep(Duration::from_millis(50));
            reset(&tcp);
        })
        .await;
        errors_reach(&server, 1).await;
        healthy(port, DialOptions::default().tls_config(client_config)).await;
        server.close().await.unwrap();
    });
}

#[test]
fn after_a_client_half_closes_the_server_still_answers_everything() {
    run(async {
        let server = serve_with(
            "127.0.0.1",
            0,
            ServeOptions::default(),
            |mut conn| async move {
                let all = conn.stream.read_all().await?; // until the client's half-close
                for line in String::from_utf8_lossy(&all).lines() {
                    conn.stream.writeln(&line.to_uppercase()).await?;
                }
                conn.stream.close().await
            },
        )
        .await
        .unwrap();
        let mut client = dial(
            "127.0.0.1",
            server.local_addr().port(),
            DialOptions::default(),
        )
        .await
        .unwrap();
        for i in 0..1000 {
            client.writeln(&format!("line {i}")).await.unwrap();
        }
        client.close_write().await.unwrap();
        let mut count = 0;
        while let Some(line) = client.read_line().await.unwrap() {
            assert_eq!(line, format!("LINE {count}"));
            count += 1;
        }
        assert_eq!(count, 1000);
        server.close().await.unwrap();
    });
}

#[test]
fn after_the_server_half_closes_the_client_can_still_send() {
    run(async {
        let server = serve_with(
            "127.0.0.1",
            0,
            ServeOptions::default(),
            |mut conn| async move {
                conn.stream
                    .writeln("greeting, then my side is done")
                    .await?;
                conn.stream.close_write().await?;
                let mut n = 0;
                while conn.stream.read_line().await?.is_some() {
                    n += 1;
                }
                assert_eq!(n, 500);
                Ok(())
            },
        )
        .await
        .unwrap();
        let mut client = dial(
            "127.0.0.1",
            server.local_addr().port(),
            DialOptions::default(),
        )
        .await
        .unwrap();
        assert!(client.read_line().await.unwrap().is_some());
        assert_eq!(client.read_line().await.unwrap(), None);
        for i in 0..500 {
            client
                .writeln(&format!("after half-close {i}"))
                .await
                .unwrap();
        }
        client.close().await.unwrap();
        server.close().await.unwrap();
        assert_eq!(
            (server.stats().handler_errors, server.stats().handler_panics),
            (0, 0)
        );
    });
}

#[test]
fn slowloris_clients_are_closed_by_read_timeout_while_healthy_ones_are_served() {
    run(async {
        let options = ServeOptions::default().read_timeout(Some(Duration::from_secs(1)));
        let server = Arc::new(echo_server(options).await);
        let port = server.local_addr().port();
        let slow: Vec<_> = (0..500)
            .map(|_| {
                async_std::task::spawn(async move {
                    let mut stream = async_std::net::TcpStream::connect(("127.0.0.1", port))
                        .await
                        .unwrap();
                    // One byte every 200 ms, never a newline, for at most 20 s.
                    for _ in 0..100 {
                        use async_std::io::WriteExt;
                        if stream.write_all(b"x").await.is_err() {
                            return true;
                        }
                        async_io::Timer::after(Duration::from_millis(200)).await;
                        let mut probe = [0u8; 1];
                        use async_std::io::ReadExt;
                        let closed = futures_lite::future::or(
                            async { matches!(stream.read(&mut probe).await, Ok(0) | Err(_)) },
                            async {
                                async_io::Timer::after(Duration::from_millis(1)).await;
                                false
                            },
                        )
                        .await;
                        if closed {
                            return true;
                        }
                    }
                    false
                })
            })
            .collect();
        // Healthy clients keep getting answers meanwhile.
        for _ in 0..20 {
            healthy(port, DialOptions::default()).await;
            async_io::Timer::after(Duration::from_millis(50)).await;
        }
        for client in slow {
            assert!(client.await, "a slow client was never closed");
        }
        errors_reach(&server, 500).await;
        server.close().await.unwrap();
    });
}

#[test]
fn panicking_handlers_under_load_are_counted_and_isolated() {
    run(async {
        let server = serve_with(
            "127.0.0.1",
            0,
            ServeOptions::default(),
            |mut conn| async move {
                let line = conn.stream.read_line().await?.unwrap_or_default();
                if line == "panic" {
                    panic!("handler panics on purpose under load");
                }
                conn.stream.writeln(&line).await
            },
        )
        .await
        .unwrap();
        let port = server.local_addr().port();
        let clients: Vec<_> = (0..400)
            .map(|i| {
                async_std::task::spawn(async move {
                    let word = if i % 4 == 0 {
                        "panic".to_string()
                    } else {
                        format!("client {i}")
                    };
                    let mut client = dial("127.0.0.1", port, DialOptions::default())
                        .await
                        .unwrap();
                    client.writeln(&word).await.unwrap();
                    (word, client.read_line().await.ok().flatten())
                })
            })
            .collect();
        for client in clients {
            let (word, reply) = client.await;
            let expected = (word != "panic").then_some(word.clone());
            assert_eq!(reply, expected, "{word}");
        }
        server.close().await.unwrap();
        assert_eq!(server.stats().handler_panics, 100);
        assert_eq!(server.stats().accepted, 400);
    });
}
