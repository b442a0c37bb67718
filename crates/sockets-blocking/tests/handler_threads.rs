//! Blocking handlers run on threads the server owns: 2,000 handlers blocked
//! at once are all served, DNS and `dial` go on meanwhile, and `close()`
//! joins every thread. Linux only: it reads /proc.
#![cfg(target_os = "linux")]

use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use sockets_blocking::{dial, serve_with, DialOptions, ServeOptions};
use sockets_test_support::run_blocking;

const HANDLERS: usize = 2000;

/// This process's threads named `name`, from /proc.
fn threads_named(name: &str) -> usize {
    std::fs::read_dir("/proc/self/task")
        .expect("/proc/self/task")
        .filter_map(|task| std::fs::read_to_string(task.ok()?.path().join("comm")).ok())
        .filter(|comm| comm.trim_end() == name)
        .count()
}

/// Resident memory of this process, in KiB.
fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmRSS")
}

/// Room for both ends of every connection, plus the test's own.
fn raise_open_file_limit() {
    let wanted = (HANDLERS as u64) * 2 + 256;
    let (soft, hard) = rlimit::Resource::NOFILE.get().expect("getrlimit");
    if soft < wanted {
        rlimit::Resource::NOFILE
            .set(wanted.min(hard), hard)
            .expect("setrlimit");
    }
}

#[test]
fn two_thousand_blocked_handlers_are_all_served_and_joined() {
    raise_open_file_limit();
    run_blocking(|| {
        let started = Instant::now();
        let returned = Arc::new(AtomicUsize::new(0));
        let counter = returned.clone();
        let options = ServeOptions::default().shutdown_timeout(Duration::from_millis(200));
        let server = serve_with("127.0.0.1", 0, options, move |mut conn| {
            conn.stream.writeln("hello")?;
            // Blocks until the client writes or close() shuts the socket down.
            let _ = conn.stream.read_line();
            counter.fetch_add(1, Ordering::SeqCst);
            Ok(())
        })
        .unwrap();
        let port = server.local_addr().port();
        let rss_before = rss_kib();

        let mut clients = Vec::with_capacity(HANDLERS);
        for i in 0..HANDLERS {
            let client = TcpStream::connect(("127.0.0.1", port)).unwrap();
            let mut greeting = String::new();
            BufReader::new(&client).read_line(&mut greeting).unwrap();
            assert_eq!(greeting, "hello\n", "client {i}");
            clients.push(client);
        }
        let all_greeted = started.elapsed();
        assert_eq!(server.stats().active, HANDLERS as u64);
        assert!(threads_named("sockets-handler") >= HANDLERS);
        let rss_held = rss_kib();

        // Busy handlers hold no shared pool: a name lookup and a dial to
        // another listener go through at once.
        let other = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let other_port = other.local_addr().unwrap().port();
        let dialled = dial("localhost", other_port, DialOptions::default()).unwrap();
        assert_eq!(dialled.remote_addr().port(), other_port);

        let closing = Instant::now();
        server.close().unwrap();
        let closed_in = closing.elapsed();
        assert_eq!(returned.load(Ordering::SeqCst), HANDLERS);
        assert_eq!(server.stats().active, 0);
        assert_eq!(
            threads_named("sockets-handler"),
            0,
            "close() joins every thread"
        );
        eprintln!(
            "{HANDLERS} blocked handlers: all greeted after {all_greeted:?}, close() took \
             {closed_in:?}; RSS {rss_before} KiB -> {rss_held} KiB held, {} B per handler \
             (both ends of each connection)",
            (rss_held.saturating_sub(rss_before) * 1024) / HANDLERS as u64
        );
        drop(clients);
    });
}
