//! Soak: many concurrent connections to one serve() echo server, every
//! echoed byte checked (a checksum per connection), nothing lost; plain
//! async clients, TLS clients, and blocking clients on their own threads.
//!
//! `cargo run --release -p sockets-bench -- --soak` (10,000 / 2,000 TLS /
//! 500 threads); `--soak --smoke` is the small version CI runs.

use std::io;
use std::sync::Arc;
use std::time::Instant;

use crate::tls_peer::identity;
use crate::Mode;

const LINES: usize = 100;

/// FNV-1a over the lines a connection sends, and over what comes back.
fn checksum(lines: impl Iterator<Item = String>) -> u64 {
    lines.fold(0xcbf2_9ce4_8422_2325, |h, line| {
        line.bytes()
            .fold(h, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3))
    })
}

fn line(conn: usize, i: usize) -> String {
    format!(
        "connection {conn} line {i} {}",
        "x".repeat((conn * 7 + i) % 40)
    )
}

fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .unwrap_or(0.0)
        / 1024.0
}

async fn echo_server(
    tls: Option<Arc<sockets_core::rustls::ServerConfig>>,
) -> io::Result<sockets_core::Server> {
    let mut options = sockets_core::ServeOptions::default();
    if let Some(config) = tls {
        options = options.tls_config(config);
    }
    sockets_core::serve_with("127.0.0.1", 0, options, |mut conn| async move {
        while let Some(line) = conn.stream.read_line().await? {
            conn.stream.writeln(&line).await?;
        }
        conn.stream.close().await
    })
    .await
}

/// `n` concurrent async clients; returns the number whose echo matched.
async fn async_clients(
    port: u16,
    n: usize,
    tls: Option<Arc<sockets_core::rustls::ClientConfig>>,
) -> io::Result<usize> {
    let tasks: Vec<_> = (0..n)
        .map(|c| {
            let tls = tls.clone();
            async_std::task::spawn(async move {
                let options = match tls {
                    Some(config) => sockets_core::DialOptions::default().tls_config(config),
                    None => sockets_core::DialOptions::default(),
                };
                let socket = sockets_core::dial("127.0.0.1", port, options).await?;
                let (mut reader, mut writer) = socket.split();
                let sent = checksum((0..LINES).map(|i| line(c, i)));
                let writing = async {
                    for i in 0..LINES {
                        writer.writeln(&line(c, i)).await?;
                    }
                    writer.close().await
                };
                let reading = async {
                    let mut got = Vec::with_capacity(LINES);
                    while let Some(l) = reader.read_line().await? {
                        got.push(l);
                    }
                    io::Result::Ok(got)
                };
                let (written, got) = futures_lite::future::zip(writing, reading).await;
                written?;
                let got = got?;
                Ok::<bool, io::Error>(got.len() == LINES && checksum(got.into_iter()) == sent)
            })
        })
        .collect();
    let mut ok = 0;
    for task in tasks {
        if task.await? {
            ok += 1;
        }
    }
    Ok(ok)
}

fn blocking_clients(port: u16, n: usize) -> io::Result<usize> {
    let threads: Vec<_> = (0..n)
        .map(|c| {
            std::thread::spawn(move || -> io::Result<bool> {
                let socket = sockets_blocking::dial(
                    "127.0.0.1",
                    port,
                    sockets_blocking::DialOptions::default(),
                )?;
                let (mut reader, mut writer) = socket.split();
                let writing = std::thread::spawn(move || -> io::Result<()> {
                    for i in 0..LINES {
                        writer.writeln(&line(c, i))?;
                    }
                    writer.close()
                });
                let got: Vec<String> = reader.lines().collect::<io::Result<_>>()?;
                writing
                    .join()
                    .map_err(|_| io::Error::other("writer panicked"))??;
                Ok(got.len() == LINES
                    && checksum(got.into_iter()) == checksum((0..LINES).map(|i| line(c, i))))
            })
        })
        .collect();
    let mut ok = 0;
    for thread in threads {
        if thread
            .join()
            .map_err(|_| io::Error::other("client panicked"))??
        {
            ok += 1;
        }
    }
    Ok(ok)
}

/// `sockets-bench --soak-clients PORT N [tls]`: the clients of one load,
/// in their own process (each side then needs only N descriptors); prints
/// the number verified and this process's peak RSS in MiB.
pub fn clients_child(port: u16, n: usize, tls: bool) -> io::Result<()> {
    crate::memory::connections_that_fit(n + 100);
    let config = tls.then(|| identity().map(|i| i.client)).transpose()?;
    let verified = async_std::task::block_on(async_clients(port, n, config))?;
    println!("{verified} {:.0}", peak_rss_mib());
    Ok(())
}

fn clients_in_child(port: u16, n: usize, tls: bool) -> io::Result<(usize, f64)> {
    let mut command = std::process::Command::new(std::env::current_exe()?);
    command.args(["--soak-clients", &port.to_string(), &n.to_string()]);
    if tls {
        command.arg("tls");
    }
    let out = command.output()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let mut fields = text.split_whitespace();
    match (
        fields.next().and_then(|v| v.parse().ok()),
        fields.next().and_then(|v| v.parse().ok()),
    ) {
        (Some(verified), Some(rss)) => Ok((verified, rss)),
        _ => Err(io::Error::other(format!(
            "soak clients failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ))),
    }
}

/// Runs the soak and prints a table for docs/reliability.md.
pub fn run(mode: Mode) -> io::Result<()> {
    let (plain, tls, threads) = match mode {
        Mode::Smoke => (200, 50, 20),
        Mode::Quick => (2_000, 400, 100),
        Mode::Full => (10_000, 2_000, 500),
    };
    crate::memory::connections_that_fit(plain + 100);
    let identity = identity()?;
    println!("| load | connections | lines each | verified | lost or corrupted | handlers running after close() | time | server peak RSS | clients' peak RSS |");
    println!("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    for (label, n, tls_on) in [
        ("plain async clients", plain, false),
        ("TLS async clients", tls, true),
    ] {
        let start = Instant::now();
        let server =
            async_std::task::block_on(echo_server(tls_on.then(|| identity.server.clone())))?;
        // The TLS clients trust the same run-time identity: the child makes
        // its own, so TLS clients run here.
        let (verified, client_rss) = match tls_on {
            false => clients_in_child(server.local_addr().port(), n, false)?,
            true => {
                let port = server.local_addr().port();
                let verified = async_std::task::block_on(async_clients(
                    port,
                    n,
                    Some(identity.client.clone()),
                ))?;
                (verified, f64::NAN)
            }
        };
        async_std::task::block_on(server.close())?;
        let stats = server.stats();
        report(
            label,
            n,
            verified,
            stats.active,
            start,
            stats.accepted as usize,
            client_rss,
        )?;
    }
    let start = Instant::now();
    let server = async_std::task::block_on(echo_server(None))?;
    let verified = blocking_clients(server.local_addr().port(), threads)?;
    async_std::task::block_on(server.close())?;
    report(
        "blocking clients, one thread each",
        threads,
        verified,
        server.stats().active,
        start,
        server.stats().accepted as usize,
        f64::NAN,
    )
}

fn report(
    label: &str,
    n: usize,
    verified: usize,
    active: u64,
    start: Instant,
    accepted: usize,
    client_rss: f64,
) -> io::Result<()> {
    let clients = if client_rss.is_nan() {
        "(same process)".to_string()
    } else {
        format!("{client_rss:.0} MiB")
    };
    println!(
        "| {label} | {n} | {LINES} | {verified} | {} | {active} | {:.1} s | {:.0} MiB | {clients} |",
        n - verified,
        start.elapsed().as_secs_f64(),
        peak_rss_mib()
    );
    if verified != n || accepted != n || active != 0 {
        return Err(io::Error::other(format!(
            "{label}: {verified}/{n} verified, {accepted} accepted, {active} active"
        )));
    }
    Ok(())
}
