//! serve(): the seed example with real clients, bad input, stats, panics,
//! max_connections, binding.

use sockets_test_support as support;

use std::io::ErrorKind;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use sockets_core::{dial, serve, serve_with, DialOptions, ServeOptions, Server};
use support::run;

async fn hello_server() -> Server {
    serve("127.0.0.1", 0, |mut conn| async move {
        conn.stream.writeln("hello from sockets").await?;
        conn.stream.close().await
    })
    .await
    .unwrap()
}

#[test]
fn seed_example_read_by_a_python_client() {
    run(async {
        let server = hello_server().await;
        let port = server.local_addr().port();
        let output = async_std::task::spawn_blocking(move || {
            Command::new("python3")
                .args(["-c", "import socket,sys\ns=socket.create_connection(('127.0.0.1',int(sys.argv[1])))\ndata=b''\nwhile True:\n  b=s.recv(4096)\n  if not b: break\n  data+=b\nsys.stdout.write(data.decode())"])
                .arg(port.to_string())
                .output()
                .unwrap()
        })
        .await;
        assert!(output.status.success(), "{output:?}");
        assert_eq!(
            String::from_utf8_lossy(&output.stdout),
            "hello from sockets\n"
        );
        server.close().await.unwrap();
        assert_eq!(server.stats().accepted, 1);
        assert_eq!(server.stats().active, 0);
    });
}

#[test]
fn seed_example_read_by_our_dial_and_handles_increase_from_one() {
    run(async {
        let handles = Arc::new(std::sync::Mutex::new(Vec::new()));
        let seen = handles.clone();
        let server = serve("127.0.0.1", 0, move |mut conn| {
            seen.lock().unwrap().push(conn.handle);
            async move {
                assert_eq!(conn.remote_addr, conn.stream.remote_addr());
                assert_eq!(conn.local_addr, conn.stream.local_addr());
                conn.stream.writeln("hello from sockets").await?;
                conn.stream.close().await
            }
        })
        .await
        .unwrap();
        for _ in 0..3 {
            let mut client = dial(
                "127.0.0.1",
                server.local_addr().port(),
                DialOptions::default(),
            )
            .await
            .unwrap();
            assert_eq!(client.read_all().await.unwrap(), b"hello from sockets\n");
        }
        server.close().await.unwrap();
        assert_eq!(*handles.lock().unwrap(), [1, 2, 3]);
    });
}

#[test]
fn bad_input_fails_at_serve_time() {
    run(async {
        let handler = |_conn| async { Ok(()) };
        let e = serve("", 0, handler).await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput);
        let e = serve("no-such-host.invalid", 0, handler).await.unwrap_err();
        assert!(e.to_string().contains("'no-such-host.invalid'"), "{e}");
        let e = serve_with(
            "127.0.0.1",
            0,
            ServeOptions::default().tls("not pem", "nor this"),
            handler,
        )
        .await
        .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput, "{e}");
        let e = serve_with(
            "127.0.0.1",
            0,
            ServeOptions::default().max_connections(0),
            handler,
        )
        .await
        .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput, "{e}");

        let server = serve("127.0.0.1", 0, handler).await.unwrap();
        let port = server.local_addr().port();
        let e = serve("127.0.0.1", port, handler).await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::AddrInUse, "{e}");
        assert!(e.to_string().contains(&format!("127.0.0.1:{port}")), "{e}");
        server.close().await.unwrap();
        // The port is free again once close() returned.
        let again = serve("127.0.0.1", port, handler).await.unwrap();
        again.close().await.unwrap();
    });
}

#[test]
fn wildcard_and_named_hosts_listen() {
    run(async {
        for host in ["0.0.0.0", "localhost", "::"] {
            let server = match serve(host, 0, |mut conn| async move {
                conn.stream.writeln("hi").await
            })
            .await
            {
                Ok(server) => server,
                Err(e) if host == "::" => {
                    eprintln!("skipped '::': {e}");
                    continue;
                }
                Err(e) => panic!("{host}: {e}"),
            };
            let target = if server.local_addr().is_ipv6() {
                "::1"
            } else {
                "127.0.0.1"
            };
            let mut client = dial(target, server.local_addr().port(), DialOptions::default())
                .await
                .unwrap();
            assert_eq!(
                client.read_line().await.unwrap().as_deref(),
                Some("hi"),
                "{host}"
            );
            server.close().await.unwrap();
        }
    });
}

#[test]
fn panicking_and_failing_handlers_do_not_disturb_healthy_ones() {
    run(async {
        let server = serve("127.0.0.1", 0, |mut conn| async move {
            match conn.stream.read_line().await?.as_deref() {
                Some("panic") => panic!("handler panics on purpose"),
                Some("fail") => Err(std::io::Error::other("handler fails on purpose")),
                Some(other) => conn.stream.writeln(other).await,
                None => Ok(()),
            }
        })
        .await
        .unwrap();
        let port = server.local_addr().port();
        let mut clients = Vec::new();
        for i in 0..60 {
            clients.push(async_std::task::spawn(async move {
                let mut client = dial("127.0.0.1", port, DialOptions::default())
                    .await
                    .unwrap();
                let word = match i % 3 {
                    0 => "panic".to_string(),
                    1 => "fail".to_string(),
                    _ => format!("healthy {i}"),
                };
                client.writeln(&word).await.unwrap();
                let reply = client.read_line().await;
                (word, reply.ok().flatten())
            }));
        }
        for client in clients {
            let (word, reply) = client.await;
            if word.starts_with("healthy") {
                assert_eq!(reply.as_deref(), Some(word.as_str()));
            } else {
                assert_eq!(reply, None, "{word}: the connection is closed");
            }
        }
        server.close().await.unwrap();
        let stats = server.stats();
        assert_eq!(
            (
                stats.accepted,
                stats.handler_panics,
                stats.handler_errors,
                stats.active
            ),
            (60, 20, 20, 0)
        );
    });
}

#[test]
fn max_connections_holds_and_everyone_is_served() {
    run(async {
        let running = Arc::new(AtomicUsize::new(0));
        let peak = Arc::new(AtomicUsize::new(0));
        let (r, p) = (running.clone(), peak.clone());
        let options = ServeOptions::default().max_connections(10);
        let server = serve_with("127.0.0.1", 0, options, move |mut conn| {
            let (running, peak) = (r.clone(), p.clone());
            async move {
                let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                peak.fetch_max(now, Ordering::SeqCst);
                async_io::Timer::after(Duration::from_millis(20)).await;
                running.fetch_sub(1, Ordering::SeqCst);
                conn.stream.writeln("served").await
            }
        })
        .await
        .unwrap();
        let port = server.local_addr().port();
        let clients: Vec<_> = (0..50)
            .map(|_| {
                async_std::task::spawn(async move {
                    let mut client = dial("127.0.0.1", port, DialOptions::default())
                        .await
                        .unwrap();
                    client.read_line().await.unwrap()
                })
            })
            .collect();
        for client in clients {
            assert_eq!(client.await.as_deref(), Some("served"));
        }
        server.close().await.unwrap();
        assert!(
            peak.load(Ordering::SeqCst) <= 10,
            "peak {}",
            peak.load(Ordering::SeqCst)
        );
        assert_eq!(server.stats().accepted, 50);
    });
}

#[test]
fn server_is_send_sync_and_debug() {
    fn assert_traits<T: Send + Sync + std::fmt::Debug>() {}
    assert_traits::<Server>();
    assert_traits::<sockets_core::Conn>();
}
