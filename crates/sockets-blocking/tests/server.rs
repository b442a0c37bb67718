//! The blocking server: the seed example, the close barrier, idle handlers
//! shut down, panics and errors isolated, max_connections, TLS.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use sockets_blocking::{dial, serve, serve_with, DialOptions, ServeOptions, Server};
use sockets_test_support::certs::TestCa;
use sockets_test_support::run_blocking;

#[test]
fn seed_example_read_by_a_python_client() {
    run_blocking(|| {
        let server = serve("127.0.0.1", 0, |mut conn| {
            conn.stream.writeln("hello from sockets")?;
            conn.stream.close()
        })
        .unwrap();
        let output = std::process::Command::new("python3")
            .args(["-c", "import socket,sys\ns=socket.create_connection(('127.0.0.1',int(sys.argv[1])))\nsys.stdout.write(s.makefile().read())"])
            .arg(server.local_addr().port().to_string())
            .output()
            .unwrap();
        assert_eq!(
            String::from_utf8_lossy(&output.stdout),
            "hello from sockets\n",
            "{output:?}"
        );
        server.close().unwrap();
        assert_eq!(server.stats().accepted, 1);
    });
}

#[test]
fn close_is_a_barrier_for_concurrent_blocking_handlers() {
    run_blocking(|| {
        for round in 0..5 {
            let done = Arc::new(AtomicUsize::new(0));
            let counter = done.clone();
            let server = serve("127.0.0.1", 0, move |mut conn| {
                conn.stream.writeln("go")?;
                thread::sleep(Duration::from_millis(1 + conn.handle % 5));
                counter.fetch_add(1, Ordering::Relaxed);
                Ok(())
            })
            .unwrap();
            let port = server.local_addr().port();
            let clients: Vec<_> = (0..100)
                .map(|_| {
                    thread::spawn(move || {
                        let mut client = dial("127.0.0.1", port, DialOptions::default()).unwrap();
                        client.read_line().unwrap()
                    })
                })
                .collect();
            for client in clients {
                assert_eq!(client.join().unwrap().as_deref(), Some("go"));
            }
            server.close().unwrap();
            assert_eq!(
                done.load(Ordering::Relaxed) as u64,
                server.stats().accepted,
                "round {round}"
            );
            assert_eq!(server.stats().accepted, 100);
        }
    });
}

#[test]
fn close_shuts_blocked_handlers_down_after_the_timeout() {
    run_blocking(|| {
        let returned = Arc::new(AtomicUsize::new(0));
        let counter = returned.clone();
        let options = ServeOptions::default().shutdown_timeout(Duration::from_millis(300));
        let server = serve_with("127.0.0.1", 0, options, move |mut conn| {
            let line = conn.stream.read_line(); // blocks until shut down
            counter.fetch_add(1, Ordering::Relaxed);
            line.map(drop)
        })
        .unwrap();
        let port = server.local_addr().port();
        let idle: Vec<_> = (0..20)
            .map(|_| dial("127.0.0.1", port, DialOptions::default()).unwrap())
            .collect();
        while server.stats().active < 20 {
            thread::sleep(Duration::from_millis(5));
        }
        server.close().unwrap();
        assert_eq!(returned.load(Ordering::Relaxed), 20);
        assert_eq!(server.stats().active, 0);
        drop(idle);
    });
}

#[test]
fn panics_and_errors_are_counted_and_isolated() {
    run_blocking(|| {
        let server = serve("127.0.0.1", 0, |mut conn| {
            match conn.stream.read_line()?.as_deref() {
                Some("panic") => panic!("blocking handler panics on purpose"),
                Some("fail") => Err(std::io::Error::other("blocking handler fails on purpose")),
                Some(other) => conn.stream.writeln(other),
                None => Ok(()),
            }
        })
        .unwrap();
        let port = server.local_addr().port();
        let clients: Vec<_> = (0..30)
            .map(|i| {
                thread::spawn(move || {
                    let word = ["panic", "fail", "healthy"][i % 3];
                    let mut client = dial("127.0.0.1", port, DialOptions::default()).unwrap();
                    client.writeln(word).unwrap();
                    (word, client.read_line().ok().flatten())
                })
            })
            .collect();
        for client in clients {
            let (word, reply) = client.join().unwrap();
            assert_eq!(reply.as_deref(), (word == "healthy").then_some("healthy"));
        }
        server.close().unwrap();
        let stats = server.stats();
        assert_eq!(
            (stats.handler_panics, stats.handler_errors, stats.active),
            (10, 10, 0)
        );
    });
}

#[test]
fn max_connections_holds_for_blocking_handlers() {
    run_blocking(|| {
        let running = Arc::new(AtomicUsize::new(0));
        let peak = Arc::new(AtomicUsize::new(0));
        let (r, p) = (running.clone(), peak.clone());
        let server = serve_with(
            "127.0.0.1",
            0,
            ServeOptions::default().max_connections(4),
            move |mut conn| {
                let now = r.fetch_add(1, Ordering::SeqCst) + 1;
                p.fetch_max(now, Ordering::SeqCst);
                thread::sleep(Duration::from_millis(20));
                r.fetch_sub(1, Ordering::SeqCst);
                conn.stream.writeln("served")
            },
        )
        .unwrap();
        let port = server.local_addr().port();
        let clients: Vec<_> = (0..20)
            .map(|_| {
                thread::spawn(move || {
                    dial("127.0.0.1", port, DialOptions::default())
                        .unwrap()
                        .read_line()
                        .unwrap()
                })
            })
            .collect();
        for client in clients {
            assert_eq!(client.join().unwrap().as_deref(), Some("served"));
        }
        server.close().unwrap();
        assert!(peak.load(Ordering::SeqCst) <= 4);
    });
}

#[test]
fn tls_server_with_blocking_handlers() {
    let ca = TestCa::new("sockets test CA");
    let leaf = ca.leaf(&["localhost"]);
    let config = ca.client_config();
    run_blocking(move || {
        let options = ServeOptions::default().tls(leaf.cert_pem, leaf.key_pem);
        let server = serve_with("127.0.0.1", 0, options, |mut conn| {
            let line = conn.stream.read_line()?.unwrap_or_default();
            conn.stream.writeln(&line.to_uppercase())?;
            conn.stream.close()
        })
        .unwrap();
        let options = DialOptions::default().tls_config(config);
        let mut client = dial("localhost", server.local_addr().port(), options).unwrap();
        client.writeln("over tls").unwrap();
        assert_eq!(client.read_line().unwrap().as_deref(), Some("OVER TLS"));
        server.close().unwrap();
    });
}

#[test]
fn server_is_send_sync() {
    fn assert_traits<T: Send + Sync + std::fmt::Debug>() {}
    assert_traits::<Server>();
}
