//! Server::close() as a barrier: every handler's effect is visible when it
//! returns, idle handlers are shut down after shutdown_timeout, close is
//! idempotent and callable from several tasks.

use sockets_test_support as support;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use sockets_core::{dial, serve, serve_with, DialOptions, ServeOptions};
use support::run;

#[test]
fn close_is_a_barrier_for_500_concurrent_handlers_every_time() {
    run(async {
        for round in 0..20 {
            let done = Arc::new(AtomicU64::new(0));
            let counter = done.clone();
            let server = serve("127.0.0.1", 0, move |mut conn| {
                let counter = counter.clone();
                async move {
                    conn.stream.writeln("go").await?;
                    let pause = 1 + conn.handle * 7919 % 5;
                    async_io::Timer::after(Duration::from_millis(pause)).await;
                    // Relaxed on purpose: close() itself must order it.
                    counter.fetch_add(1, Ordering::Relaxed);
                    Ok(())
                }
            })
            .await
            .unwrap();
            let port = server.local_addr().port();
            let clients: Vec<_> = (0..500)
                .map(|_| {
                    async_std::task::spawn(async move {
                        let mut client = dial("127.0.0.1", port, DialOptions::default())
                            .await
                            .unwrap();
                        client.read_line().await.unwrap();
                        client
                    })
                })
                .collect();
            let mut sockets = Vec::new();
            for client in clients {
                sockets.push(client.await);
            }
            server.close().await.unwrap();
            let accepted = server.stats().accepted;
            assert_eq!(accepted, 500, "round {round}");
            assert_eq!(done.load(Ordering::Relaxed), accepted, "round {round}");
            assert_eq!(server.stats().active, 0);
        }
    });
}

#[test]
fn close_shuts_idle_handlers_down_after_the_timeout_and_waits_for_them() {
    run(async {
        let returned = Arc::new(AtomicU64::new(0));
        let counter = returned.clone();
        let options = ServeOptions::default().shutdown_timeout(Duration::from_millis(300));
        let server = serve_with("127.0.0.1", 0, options, move |mut conn| {
            let counter = counter.clone();
            async move {
                // Blocks until the server shuts the socket down.
                let line = conn.stream.read_line().await;
                counter.fetch_add(1, Ordering::Relaxed);
                line.map(drop)
            }
        })
        .await
        .unwrap();
        let port = server.local_addr().port();
        let mut idle = Vec::new();
        for _ in 0..200 {
            idle.push(
                dial("127.0.0.1", port, DialOptions::default())
                    .await
                    .unwrap(),
            );
        }
        while server.stats().accepted < 200 {
            async_io::Timer::after(Duration::from_millis(5)).await;
        }
        // Two closers at once: both return only when all handlers did.
        let closing = {
            let server = Arc::new(server);
            let other = server.clone();
            let second = async_std::task::spawn(async move { other.close().await });
            server.close().await.unwrap();
            second.await.unwrap();
            server
        };
        assert_eq!(returned.load(Ordering::Relaxed), 200);
        assert_eq!(closing.stats().active, 0);
        closing.close().await.unwrap(); // idempotent
        for mut client in idle {
            assert_eq!(
                client.read_line().await.unwrap(),
                None,
                "server side is closed"
            );
        }
    });
}

#[test]
fn dropping_the_server_stops_accepting() {
    run(async {
        let server = serve("127.0.0.1", 0, |_conn| async { Ok(()) })
            .await
            .unwrap();
        let port = server.local_addr().port();
        drop(server);
        // The accept loop notices the drop on its next turn; retry briefly.
        let mut refused = false;
        for _ in 0..100 {
            match dial("127.0.0.1", port, DialOptions::default()).await {
                Err(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => {
                    refused = true;
                    break;
                }
                _ => {
                    async_io::Timer::after(Duration::from_millis(10)).await;
                }
            }
        }
        assert!(refused, "port {port} still accepts after drop");
    });
}
