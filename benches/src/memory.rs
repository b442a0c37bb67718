//! Idle memory per connection: N clients connected, every handler waiting
//! for a line; the growth of resident memory divided by N.

use std::io;
use std::net::TcpStream;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use crate::report::{alternate, Goal, Report, Row};
use crate::Mode;

/// Resident memory of this process, in bytes.
fn rss() -> io::Result<f64> {
    let statm = std::fs::read_to_string("/proc/self/statm")?;
    let pages: f64 = statm
        .split_whitespace()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .unwrap_or(0.0);
    Ok(pages * 4096.0)
}

/// Raises the open-file limit; returns how many connections fit (three
/// descriptors each: both ends, and a blocking handler thread's wake-up fd).
pub fn connections_that_fit(wanted: usize) -> usize {
    let target = (wanted as u64 * 3 + 512).max(1024);
    // As root the hard limit can rise too; otherwise take what is allowed.
    if rlimit::setrlimit(rlimit::Resource::NOFILE, target, target).is_err() {
        let _ = rlimit::increase_nofile_limit(target);
    }
    let (soft, _) = rlimit::getrlimit(rlimit::Resource::NOFILE).unwrap_or((1024, 1024));
    wanted.min(((soft.saturating_sub(512)) / 3) as usize)
}

fn wait_until(count: &AtomicUsize, n: usize) {
    for _ in 0..2_000 {
        if count.load(Ordering::SeqCst) >= n {
            return;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Connects `n` idle clients to `port`, waits until `started` counts `n`
/// handlers, and returns the growth of resident memory per connection,
/// with the clients (to drop once measured).
fn idle_growth(port: u16, n: usize, started: &AtomicUsize) -> io::Result<(f64, Vec<TcpStream>)> {
    let before = rss()?;
    let clients: Vec<TcpStream> = (0..n)
        .map(|_| TcpStream::connect(("127.0.0.1", port)))
        .collect::<io::Result<_>>()?;
    wait_until(started, n);
    std::thread::sleep(Duration::from_millis(200));
    let per_connection = (rss()? - before) / n as f64;
    if started.load(Ordering::SeqCst) != n {
        return Err(io::Error::other("not every handler started"));
    }
    Ok((per_connection, clients))
}

/// Bytes per idle connection held by serve() handlers in read_line.
fn ours(n: usize) -> io::Result<f64> {
    let waiting = Arc::new(AtomicUsize::new(0));
    let counter = waiting.clone();
    let server =
        async_std::task::block_on(sockets_core::serve("127.0.0.1", 0, move |mut conn| {
            let counter = counter.clone();
            async move {
                counter.fetch_add(1, Ordering::SeqCst);
                while conn.stream.read_line().await?.is_some() {}
                Ok(())
            }
        }))?;
    let (per_connection, clients) = idle_growth(server.local_addr().port(), n, &waiting)?;
    drop(clients);
    async_std::task::block_on(server.close())?;
    Ok(per_connection)
}

/// Bytes per idle connection held by a raw async-std task per TcpStream.
fn raw_async_std(n: usize) -> io::Result<f64> {
    use async_std::io::ReadExt;
    let waiting = Arc::new(AtomicUsize::new(0));
    let counter = waiting.clone();
    let listener = async_std::task::block_on(async_std::net::TcpListener::bind("127.0.0.1:0"))?;
    let port = listener.local_addr()?.port();
    let accept_loop = async_std::task::spawn(async move {
        loop {
            let Ok((mut stream, _)) = listener.accept().await else {
                continue;
            };
            let counter = counter.clone();
            async_std::task::spawn(async move {
                counter.fetch_add(1, Ordering::SeqCst);
                let mut byte = [0u8; 1];
                while matches!(stream.read(&mut byte).await, Ok(1)) {}
            });
        }
    });
    let (per_connection, clients) = idle_growth(port, n, &waiting)?;
    drop(clients);
    async_std::task::block_on(accept_loop.cancel());
    Ok(per_connection)
}

/// Bytes per idle connection held by sockets_blocking::serve() handlers
/// blocked in read_line, each on its own `sockets-handler` thread.
fn blocking_ours(n: usize) -> io::Result<f64> {
    let waiting = Arc::new(AtomicUsize::new(0));
    let counter = waiting.clone();
    let server = sockets_blocking::serve("127.0.0.1", 0, move |mut conn| {
        counter.fetch_add(1, Ordering::SeqCst);
        while conn.stream.read_line()?.is_some() {}
        Ok(())
    })?;
    let (per_connection, clients) = idle_growth(server.local_addr().port(), n, &waiting)?;
    drop(clients);
    server.close()?;
    Ok(per_connection)
}

/// Bytes per idle connection held by a std thread (default stack) per
/// accepted TcpStream, blocked in read.
fn std_threads(n: usize) -> io::Result<f64> {
    use std::io::Read;
    let waiting = Arc::new(AtomicUsize::new(0));
    let counter = waiting.clone();
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    let port = listener.local_addr()?.port();
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let stopping = stop.clone();
    let accept_loop = std::thread::spawn(move || {
        for stream in listener.incoming() {
            if stopping.load(Ordering::SeqCst) {
                return;
            }
            let Ok(mut stream) = stream else { continue };
            let counter = counter.clone();
            std::thread::spawn(move || {
                counter.fetch_add(1, Ordering::SeqCst);
                let mut byte = [0u8; 1];
                while matches!(stream.read(&mut byte), Ok(1)) {}
            });
        }
    });
    let (per_connection, clients) = idle_growth(port, n, &waiting)?;
    drop(clients);
    stop.store(true, Ordering::SeqCst);
    drop(TcpStream::connect(("127.0.0.1", port)));
    let _ = accept_loop.join();
    Ok(per_connection)
}

fn measure_side(side: &str, n: usize) -> io::Result<f64> {
    match side {
        "ours" => ours(n),
        "blocking" => blocking_ours(n),
        "threads" => std_threads(n),
        _ => raw_async_std(n),
    }
}

/// Runs one side in this (fresh) process and prints bytes per connection:
/// `sockets-bench --memory-child ours|peer|blocking|threads N`.
pub fn child(side: &str, n: usize) -> io::Result<()> {
    // Warm up first: executor threads, reactor, allocator arenas.
    measure_side(side, 20)?;
    let per_connection = measure_side(side, n)?;
    println!("{per_connection}");
    Ok(())
}

fn in_child(side: &str, n: usize) -> io::Result<f64> {
    let out = std::process::Command::new(std::env::current_exe()?)
        .args(["--memory-child", side, &n.to_string()])
        .output()?;
    let text = String::from_utf8_lossy(&out.stdout);
    text.trim().parse().map_err(|_| {
        io::Error::other(format!(
            "memory child ({side}) failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ))
    })
}

/// 10k idle connections (full mode), each side in a fresh process: in a
/// long-lived one, memory freed by earlier scenarios hides the growth.
pub fn run(mode: Mode, report: &mut Report) -> io::Result<()> {
    let n = connections_that_fit(mode.scale(10_000));
    let (mine, peer) = alternate(
        mode.rounds().min(3),
        || in_child("ours", n),
        || in_child("peer", n),
    )?;
    let label = format!("idle memory, {n} connections in read_line");
    report.add(Row::new(
        &label,
        "serve()",
        "raw async-std task + TcpStream",
        "B/conn",
        mine,
        peer,
        Goal::OursAtMost(2048.0),
    ));
    // Blocking handlers hold a thread each: compared with the thread per
    // connection a std::net server would start.
    let n = connections_that_fit(if mode == Mode::Smoke { 200 } else { 2_000 });
    let (mine, peer) = alternate(
        mode.rounds().min(3),
        || in_child("blocking", n),
        || in_child("threads", n),
    )?;
    report.add(Row::new(
        &format!("idle memory, {n} blocking connections in read_line"),
        "sockets_blocking::serve()",
        "std thread per TcpStream in read",
        "B/conn",
        mine,
        peer,
        Goal::OursAtMost(32768.0),
    ));
    Ok(())
}
