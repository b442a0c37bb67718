//! Churn: connections opened and closed at full speed against one serve()
//! server, in a mix of endings, and nothing may leak.
//!
//! Each cycle connects, reads the greeting `hi` and ends one of five ways:
//! a clean close on both sides; the handler returning without `close()`;
//! the handler panicking; the client resetting (SO_LINGER 0); the client
//! dropping its socket without `close()`. Clients check that every ending
//! that should be clean is a clean end of stream (over TLS too); the
//! server's stats must add up; after a warm-up, the descriptor count must
//! come back to where it was and RSS stay within 10%.
//!
//! `cargo run --release -p sockets-bench -- --churn --full` (200,000 plain
//! and 20,000 TLS cycles); `--churn --smoke` is the short version CI runs.

use std::io;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_lite::{AsyncReadExt, AsyncWriteExt};
use sockets_core::rustls;
use sockets_core::{dial, serve_with, DialOptions, ServeOptions, Server};

use crate::tls_peer::identity;
use crate::Mode;

/// The five endings, in the order cycles take them.
const ENDINGS: [Ending; 5] = [
    Ending::Clean,
    Ending::HandlerDrops,
    Ending::HandlerPanics,
    Ending::ClientResets,
    Ending::ClientDrops,
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ending {
    Clean,
    HandlerDrops,
    HandlerPanics,
    ClientResets,
    ClientDrops,
}

/// The marker of the handlers' own panics, kept out of stderr.
const PANIC_MARKER: &str = "churn: a handler that panics";

async fn server(tls: Option<Arc<rustls::ServerConfig>>) -> io::Result<Server> {
    let mut options = ServeOptions::default();
    if let Some(config) = tls {
        options = options.tls_config(config);
    }
    serve_with("127.0.0.1", 0, options, |mut conn| async move {
        conn.stream.writeln("hi").await?;
        match conn.stream.read_line().await?.as_deref() {
            Some("close") => conn.stream.close().await,
            Some("panic") => panic!("{PANIC_MARKER}"),
            // Returns without close(): the drop ends the connection.
            Some("drop") | None => Ok(()),
            Some(other) => Err(io::Error::other(format!("unexpected command {other:?}"))),
        }
    })
    .await
}

/// Everything one side needs to dial: the port and, for TLS, the config.
#[derive(Clone)]
struct Target {
    port: u16,
    tls: Option<Arc<rustls::ClientConfig>>,
}

/// One cycle; `Ok(true)` when the client saw what it should.
async fn cycle(target: &Target, ending: Ending) -> io::Result<bool> {
    if ending == Ending::ClientResets {
        return reset(target).await;
    }
    let options = match &target.tls {
        Some(config) => DialOptions::default().tls_config(config.clone()),
        None => DialOptions::default(),
    };
    let mut socket = dial("127.0.0.1", target.port, options).await?;
    let greeted = socket.read_line().await?.as_deref() == Some("hi");
    let command = match ending {
        Ending::Clean => "close",
        Ending::HandlerDrops => "drop",
        Ending::HandlerPanics => "panic",
        Ending::ClientDrops | Ending::ClientResets => {
            drop(socket); // no close(): the drop ends it cleanly
            return Ok(greeted);
        }
    };
    socket.writeln(command).await?;
    // Every server-side ending is a clean end of stream, TLS included.
    let rest = socket.read_all().await?;
    socket.close().await?;
    Ok(greeted && rest.is_empty())
}

/// A raw client that reads the greeting and resets the connection.
async fn reset(target: &Target) -> io::Result<bool> {
    let tcp = std::net::TcpStream::connect(("127.0.0.1", target.port))?;
    // Linger 0: closing sends RST instead of FIN.
    socket2::SockRef::from(&tcp).set_linger(Some(Duration::ZERO))?;
    let tcp = async_std::net::TcpStream::from(tcp);
    let mut greeting = [0u8; 3];
    match &target.tls {
        None => {
            let mut tcp = tcp;
            tcp.read_exact(&mut greeting).await?;
        }
        Some(config) => {
            let name =
                rustls::pki_types::ServerName::try_from("127.0.0.1").map_err(io::Error::other)?;
            let connector = futures_rustls::TlsConnector::from(config.clone());
            let mut tls = connector.connect(name, tcp).await?;
            tls.read_exact(&mut greeting).await?;
            tls.flush().await?;
        }
    }
    Ok(&greeting == b"hi\n")
}

/// `cycles` cycles from `tasks` concurrent clients; returns how many saw
/// what they should.
async fn run_cycles(target: &Target, cycles: usize, tasks: usize) -> io::Result<usize> {
    let next = Arc::new(AtomicUsize::new(0));
    let workers: Vec<_> = (0..tasks)
        .map(|_| {
            let (target, next) = (target.clone(), next.clone());
            async_std::task::spawn(async move {
                let mut verified = 0;
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= cycles {
                        return io::Result::Ok(verified);
                    }
                    if cycle(&target, ENDINGS[i % ENDINGS.len()]).await? {
                        verified += 1;
                    }
                }
            })
        })
        .collect();
    let mut verified = 0;
    for worker in workers {
        verified += worker.await?;
    }
    Ok(verified)
}

/// Open descriptors of this process (Linux), or `None`.
fn open_fds() -> Option<usize> {
    Some(std::fs::read_dir("/proc/self/fd").ok()?.count())
}

/// Resident memory of this process in KiB (Linux), or `None`.
fn rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Waits until every connection task of `server` has ended.
async fn settle(server: &Server) {
    for _ in 0..2_000 {
        if server.stats().active == 0 {
            return;
        }
        async_std::task::sleep(Duration::from_millis(5)).await;
    }
}

/// Hides the handlers' deliberate panics; any other panic still prints.
fn quiet_deliberate_panics() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied());
        if message != Some(PANIC_MARKER) {
            default(info);
        }
    }));
}

/// Runs the churn and prints the table for docs/reliability.md.
pub fn run(mode: Mode) -> io::Result<()> {
    let (plain, tls) = match mode {
        Mode::Smoke => (2_000, 200),
        Mode::Quick => (20_000, 2_000),
        Mode::Full => (200_000, 20_000),
    };
    quiet_deliberate_panics();
    crate::memory::connections_that_fit(1_000);
    let identity = identity()?;
    println!("| load | cycles | clients verified | accepted | handler errors (resets) | handler panics | TLS failures | active after | descriptors after warm-up → after | RSS after warm-up → after | time |");
    println!("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    let mut failures = Vec::new();
    for (label, cycles, tasks, tls_on) in [("plain TCP", plain, 32, false), ("TLS", tls, 8, true)] {
        let row = async_std::task::block_on(async {
            let server_tls = tls_on.then(|| identity.server.clone());
            let client_tls = tls_on.then(|| identity.client.clone());
            // Warm-up: the allocator, the reactor, the executor's threads.
            let warm = server(server_tls.clone()).await?;
            let target = Target {
                port: warm.local_addr().port(),
                tls: client_tls.clone(),
            };
            run_cycles(&target, (cycles / 10).max(100), tasks).await?;
            settle(&warm).await;
            warm.close().await?;
            let (fds_before, rss_before) = (open_fds(), rss_kib());

            let start = Instant::now();
            let server = server(server_tls).await?;
            let target = Target {
                port: server.local_addr().port(),
                tls: client_tls,
            };
            let verified = run_cycles(&target, cycles, tasks).await?;
            settle(&server).await;
            server.close().await?;
            let elapsed = start.elapsed();
            let (fds_after, rss_after) = (open_fds(), rss_kib());
            io::Result::Ok(Row {
                label,
                cycles,
                verified,
                stats: server.stats(),
                fds: (fds_before, fds_after),
                rss: (rss_before, rss_after),
                elapsed,
            })
        })?;
        row.print();
        failures.extend(row.problems());
    }
    match failures.is_empty() {
        true => Ok(()),
        false => Err(io::Error::other(failures.join("; "))),
    }
}

/// One load's figures.
struct Row {
    label: &'static str,
    cycles: usize,
    verified: usize,
    stats: sockets_core::ServerStats,
    fds: (Option<usize>, Option<usize>),
    rss: (Option<u64>, Option<u64>),
    elapsed: Duration,
}

impl Row {
    fn endings(&self, ending: Ending) -> u64 {
        let whole = self.cycles / ENDINGS.len();
        let position = ENDINGS.iter().position(|e| *e == ending).unwrap_or(0);
        (whole + usize::from(position < self.cycles % ENDINGS.len())) as u64
    }

    fn print(&self) {
        let pair = |a: Option<String>, b: Option<String>| match (a, b) {
            (Some(a), Some(b)) => format!("{a} → {b}"),
            _ => "n/a".to_owned(),
        };
        let mib = |kib: Option<u64>| kib.map(|k| format!("{:.1} MiB", k as f64 / 1024.0));
        let s = &self.stats;
        println!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {:.1} s |",
            self.label,
            self.cycles,
            self.verified,
            s.accepted,
            s.handler_errors,
            s.handler_panics,
            s.tls_failures,
            s.active,
            pair(
                self.fds.0.map(|n| n.to_string()),
                self.fds.1.map(|n| n.to_string())
            ),
            pair(mib(self.rss.0), mib(self.rss.1)),
            self.elapsed.as_secs_f64(),
        );
    }

    /// What did not add up, in words.
    fn problems(&self) -> Vec<String> {
        let s = &self.stats;
        let mut problems = Vec::new();
        let mut check = |ok: bool, what: String| {
            if !ok {
                problems.push(format!("{}: {what}", self.label));
            }
        };
        check(
            self.verified == self.cycles,
            format!("{}/{} clients verified", self.verified, self.cycles),
        );
        check(
            s.accepted == self.cycles as u64,
            format!("{} accepted of {}", s.accepted, self.cycles),
        );
        let resets = self.endings(Ending::ClientResets);
        check(
            s.handler_errors == resets,
            format!("{} handler errors, {resets} resets", s.handler_errors),
        );
        let panics = self.endings(Ending::HandlerPanics);
        check(
            s.handler_panics == panics,
            format!("{} panics counted of {panics}", s.handler_panics),
        );
        check(
            s.tls_failures == 0,
            format!("{} TLS failures", s.tls_failures),
        );
        check(s.active == 0, format!("{} still active", s.active));
        if let (Some(before), Some(after)) = self.fds {
            check(after <= before, format!("descriptors {before} → {after}"));
        }
        if let (Some(before), Some(after)) = self.rss {
            check(
                after as f64 <= before as f64 * 1.10,
                format!("RSS {before} KiB → {after} KiB (over 10%)"),
            );
        }
        problems
    }
}
